"""Thin, id-based Celery tasks for workshop e-mails. Safe to run twice (claimed rows)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.tasks import send_now

REMINDER_BEFORE = timedelta(hours=24)


@shared_task(name="needs.send_workshop_invitation")
def send_workshop_invitation(participant_id: int) -> bool:
    from .services import workshop_send_invitation

    return workshop_send_invitation(participant_id=participant_id)


@shared_task(name="needs.send_workshop_reminder")
def send_workshop_reminder(participant_id: int) -> bool:
    from .services import workshop_send_reminder

    return workshop_send_reminder(participant_id=participant_id)


@shared_task(name="needs.sweep_workshop_reminders")
def sweep_workshop_reminders() -> int:
    """Remind the participants of workshops starting within a day; re-send lost invitations."""
    from .models import WorkshopParticipant

    now = timezone.now()
    due = WorkshopParticipant.objects.filter(
        reminder_sent_at__isnull=True,
        workshop__cancelled_at__isnull=True,
        workshop__starts_at__gt=now,
        workshop__starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)[:1000]
    count = 0
    for pk in due:
        if not send_now(send_workshop_reminder, pk):
            break
        count += 1
    uninvited = WorkshopParticipant.objects.filter(
        invitation_sent_at__isnull=True,
        invited_at__lt=now - timedelta(minutes=2),
        workshop__starts_at__gt=now,
    ).values_list("pk", flat=True)[:1000]
    for pk in uninvited:
        if not send_now(send_workshop_invitation, pk):
            break
    return count
