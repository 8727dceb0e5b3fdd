"""Writes for workshops: plan, change, invite, remind, cancel."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from core.tasks import enqueue_on_commit
from notifications.services import notify

from ..models import (
    Challenge,
    Need,
    Workshop,
    WorkshopParticipant,
)
from .common import (
    _require,
)


def _check_workshop(fields: dict) -> None:
    errors = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = _("Give the workshop a title.")
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The workshop must end after it starts.")
    if not (fields.get("place") or "").strip() and not (fields.get("online_link") or "").strip():
        errors["place"] = _("Give a place or a link to the meeting.")
    if errors:
        raise ValidationError(errors)


def workshop_create(
    *,
    by,
    network,
    participants: Iterable = (),
    needs: Iterable[Need] = (),
    challenges: Iterable[Challenge] = (),
    **fields,
) -> Workshop:
    """A coordinator plans a workshop; every participant is invited by e-mail after commit."""
    _require(by, "needs.add_workshop")
    if not by.is_platform_admin and not network.members.filter(pk=by.organization_id).exists():
        raise ValidationError({"network": _("Choose one of your networks.")})
    _check_workshop(fields)
    with transaction.atomic(), acting_as(by, reason="workshop planned"):
        workshop = Workshop.objects.create(network=network, organizer=by, **fields)
        workshop.needs.set(needs)
        workshop.challenges.set(challenges)
        _workshop_add_participants(workshop, participants)
    return workshop


def workshop_update(
    *, workshop: Workshop, by, participants=None, needs=None, challenges=None, **fields
) -> Workshop:
    """Edit a workshop; newly added participants are invited."""
    _require(by, "needs.change_workshop", workshop)
    merged = {
        key: getattr(workshop, key)
        for key in ("title", "starts_at", "ends_at", "place", "online_link")
    }
    merged.update(fields)
    _check_workshop(merged)
    with transaction.atomic(), acting_as(by, reason="workshop edited"):
        for key, value in fields.items():
            setattr(workshop, key, value)
        if fields:
            workshop.sequence += 1  # the calendar file replaces the old copy
            workshop.save(update_fields=[*fields.keys(), "sequence", "updated_at"])
        if needs is not None:
            workshop.needs.set(needs)
        if challenges is not None:
            workshop.challenges.set(challenges)
        if participants is not None:
            keep = {u.pk for u in participants}
            workshop.participations.exclude(user_id__in=keep).delete()
            _workshop_add_participants(workshop, participants)
    return workshop


def _workshop_add_participants(workshop: Workshop, participants: Iterable) -> None:
    from ..tasks import send_workshop_invitation

    existing = set(workshop.participations.values_list("user_id", flat=True))
    for user in participants:
        if user.pk in existing:
            continue
        row = WorkshopParticipant.objects.create(workshop=workshop, user=user)
        enqueue_on_commit(send_workshop_invitation, row.pk)


def workshop_record_outcome(
    *, workshop: Workshop, by, outcome_notes: str, needs=None, challenges=None
) -> Workshop:
    return workshop_update(
        workshop=workshop,
        by=by,
        outcome_notes=(outcome_notes or "").strip(),
        needs=needs,
        challenges=challenges,
    )


def workshop_send_invitation(*, participant_id: int) -> bool:
    """E-mail one invitation, once (claimed with a conditional update). Used by the task."""
    claimed = WorkshopParticipant.objects.filter(
        pk=participant_id, invitation_sent_at__isnull=True
    ).update(invitation_sent_at=timezone.now())
    if claimed != 1:
        return False
    row = WorkshopParticipant.objects.select_related("workshop", "user").get(pk=participant_id)
    _workshop_email(row, "workshop_invitation", f"needs.workshop-invitation:{row.pk}")
    return True


def workshop_send_reminder(*, participant_id: int) -> bool:
    claimed = WorkshopParticipant.objects.filter(
        pk=participant_id, reminder_sent_at__isnull=True, workshop__cancelled_at__isnull=True
    ).update(reminder_sent_at=timezone.now())
    if claimed != 1:
        return False
    row = WorkshopParticipant.objects.select_related("workshop", "user").get(pk=participant_id)
    _workshop_email(row, "workshop_reminder", f"needs.workshop-reminder:{row.pk}")
    return True


def _workshop_email(row: WorkshopParticipant, template: str, dedupe_key: str) -> None:
    from django.conf import settings

    from notifications.services import email_enqueue

    user, workshop = row.user, row.workshop
    if not user.is_active or not user.email:
        return
    email_enqueue(
        to=user.email,
        template=f"emails/needs/{template}",
        context={
            "workshop": workshop,
            "user": user,
            "url": settings.SITE_URL + workshop.get_absolute_url(),
        },
        language=user.language or settings.LANGUAGE_CODE,
        dedupe_key=dedupe_key,
    )


def workshop_cancel(*, workshop: Workshop, by, reason: str) -> Workshop:
    """Cancel a coming workshop. Side effects: every participant is notified (in the app
    and by e-mail, after commit), every guest by e-mail; reminders are no longer sent;
    its calendar file turns into a cancellation."""
    _require(by, "needs.change_workshop", workshop)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the workshop is cancelled.")})
    with transaction.atomic(), acting_as(by, reason="workshop cancelled"):
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.cancelled_at is not None:
            raise ValidationError(_("The workshop is cancelled already."))
        if workshop.ends_at <= timezone.now():
            raise ValidationError(_("A workshop that has taken place cannot be cancelled."))
        workshop.cancelled_at = timezone.now()
        workshop.save(update_fields=["cancelled_at", "updated_at"])
        for row in workshop.participations.select_related("user"):
            if not row.user.is_active:
                continue
            notify(
                recipient=row.user,
                event="needs.workshop_cancelled",
                title=format_lazy(
                    gettext_lazy("The workshop {title} is cancelled"), title=workshop.title
                ),
                body=reason.strip(),
                url=workshop.get_absolute_url(),
                dedupe_key=f"needs.workshop-cancelled:{workshop.pk}",
            )
        from .guests import guests_tell_cancelled

        guests_tell_cancelled(workshop=workshop, by=by, reason=reason.strip())
    return workshop
