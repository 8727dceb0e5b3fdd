"""E-mails to sprint participants (invitations, changes, reminders) through the outbox."""

from django.db import transaction
from django.utils import timezone

from notifications.services import email_enqueue

from .enums import CallOffState, SessionState
from .models import CallOff, Participant


def _context(call_off: CallOff, participant: Participant) -> dict:
    sessions = [
        s
        for s in call_off.sessions.all()
        if s.state in (SessionState.CONFIRMED, SessionState.CANCELLED)
    ]
    return {
        "call_off": call_off,
        "participant": participant,
        "sessions": sessions,
        "cancelled": call_off.state == CallOffState.CANCELLED,
        "url": call_off.get_absolute_url(),
    }


def invitations_mail(call_off_id: int) -> int:
    """Invite every participant with an e-mail address; a new version of the dates (a
    higher SEQUENCE) or a cancellation sends again, an unchanged one does not."""
    call_off = (
        CallOff.objects.select_related("organization", "supplier", "room")
        .prefetch_related("sessions")
        .filter(pk=call_off_id)
        .first()
    )
    if call_off is None or call_off.state not in (CallOffState.BOOKED, CallOffState.CANCELLED):
        return 0
    version = max((s.sequence for s in call_off.sessions.all()), default=0)
    sent = 0
    with transaction.atomic():
        for participant in call_off.participants.exclude(email=""):
            language = participant.user.language if participant.user_id else "sv"
            email_enqueue(
                to=participant.email,
                template="emails/sprints/invitation",
                context=_context(call_off, participant),
                language=language,
                dedupe_key=f"sprints:invite:{participant.pk}:{call_off.state}:{version}",
            )
            sent += 1
        call_off.participants.exclude(email="").filter(invited_at__isnull=True).update(
            invited_at=timezone.now()
        )
    return sent


def reminders_mail(day) -> int:
    from .services import sessions_for_reminder

    sent = 0
    for session in sessions_for_reminder(day):
        call_off = session.call_off
        if call_off.state != CallOffState.BOOKED:
            continue
        for participant in call_off.participants.exclude(email="").select_related("user"):
            email_enqueue(
                to=participant.email,
                template="emails/sprints/reminder",
                context=_context(call_off, participant),
                language=participant.user.language if participant.user_id else "sv",
                dedupe_key=f"sprints:remind:{participant.pk}:{call_off.start_date}",
            )
            sent += 1
    return sent
