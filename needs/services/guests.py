"""Writes for a workshop's guests from outside the network, and for its attendance.

A guest is invited by e-mail with a secret link (only the token's hash is kept, and the
stored mail is scrubbed once sent); the link opens that one workshop and nothing else.
Invitations and withdrawals are entries in the workshop's own history; so is the
attendance, recorded once the workshop has begun.
"""

import secrets
from collections.abc import Iterable

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.services import email_enqueue, notify

from ..enums import GuestReply
from ..models import GUEST_INVITED, GUEST_WITHDRAWN, Workshop, WorkshopGuest
from .common import _require


def guest_token_hash(token: str) -> str:
    return WorkshopGuest.hash_token(token)


def guest_link(token: str) -> str:
    return settings.SITE_URL + reverse("needs:guest-page", kwargs={"token": token})


def _check_guest(workshop: Workshop, name: str, email: str) -> None:
    errors = {}
    if not name:
        errors["name"] = _("Give the guest's name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Give a valid e-mail address.")
    if (
        not errors.get("email")
        and workshop.guests.filter(email__iexact=email, withdrawn_at__isnull=True).exists()
    ):
        errors["email"] = _("That address is invited already.")
    if errors:
        raise ValidationError(errors)


def guest_invite(
    *,
    workshop: Workshop,
    by,
    name: str,
    email: str,
    organization=None,
    organization_name: str = "",
    language: str = "sv",
    token: str | None = None,
) -> tuple[WorkshopGuest, str]:
    """Invite someone from outside the network to a coming workshop; returns the guest
    and the raw token (only its hash is stored). `token` is for the demo's fixed link."""
    workshop = Workshop.objects.get(pk=workshop.pk)  # cancelled or moved meanwhile?
    _require(by, "needs.invite_guest", workshop)
    name, email = (name or "").strip(), (email or "").strip().lower()
    _check_guest(workshop, name, email)
    token = token or secrets.token_urlsafe(32)
    language = language if language in {"sv", "en"} else settings.LANGUAGE_CODE
    with transaction.atomic(), acting_as(by, reason=f"guest invited: {name}"):
        guest = WorkshopGuest.objects.create(
            workshop=workshop,
            name=name,
            email=email,
            organization=organization,
            organization_name="" if organization else (organization_name or "").strip(),
            token_hash=guest_token_hash(token),
            invited_by=by,
            language=language,
        )
        pghistory.create_event(workshop, label=GUEST_INVITED)
        email_enqueue(
            to=email,
            template="emails/needs/workshop_guest_invitation",
            context={"workshop": workshop, "guest": guest, "url": guest_link(token), "by": by},
            language=language,
            dedupe_key=f"needs.workshop-guest:{guest.pk}",
            holds_secret=True,
        )
    return guest, token


def guest_withdraw(*, guest: WorkshopGuest, by) -> WorkshopGuest:
    """Withdraw an invitation: the link stops working and the guest is told by e-mail."""
    workshop = guest.workshop
    _require(by, "needs.invite_guest", workshop)
    with transaction.atomic(), acting_as(by, reason=f"guest withdrawn: {guest.name}"):
        guest = WorkshopGuest.objects.select_for_update().get(pk=guest.pk)
        if guest.withdrawn_at is not None:
            raise ValidationError(_("The invitation is withdrawn already."))
        guest.withdrawn_at = timezone.now()
        guest.save(update_fields=["withdrawn_at", "updated_at"])
        pghistory.create_event(workshop, label=GUEST_WITHDRAWN)
        email_enqueue(
            to=guest.email,
            template="emails/needs/workshop_guest_withdrawn",
            context={"workshop": workshop, "guest": guest, "by": by},
            language=guest.language,
            dedupe_key=f"needs.workshop-guest-withdrawn:{guest.pk}",
        )
    return guest


def guests_tell_cancelled(*, workshop: Workshop, by, reason: str) -> None:
    """E-mail every guest still invited that the workshop is cancelled (called by
    `workshop_cancel`, inside its transaction). Their link keeps showing the cancellation."""
    for guest in workshop.guests.filter(withdrawn_at__isnull=True):
        email_enqueue(
            to=guest.email,
            template="emails/needs/workshop_guest_cancelled",
            context={"workshop": workshop, "guest": guest, "by": by, "reason": reason},
            language=guest.language,
            dedupe_key=f"needs.workshop-guest-cancelled:{guest.pk}",
        )


def guest_reply(*, guest: WorkshopGuest, reply: str) -> WorkshopGuest:
    """The guest answers through their link (coming / not coming); the organiser is told
    in the app."""
    if reply not in {GuestReply.YES, GuestReply.NO}:
        raise ValidationError({"reply": _("Answer yes or no.")})
    workshop = guest.workshop
    if workshop.cancelled_at is not None or workshop.ends_at <= timezone.now():
        raise ValidationError(_("The workshop can no longer be answered."))
    with transaction.atomic(), acting_as(None, reason=f"guest replied: {guest.name}"):
        guest.reply = reply
        guest.replied_at = timezone.now()
        guest.save(update_fields=["reply", "replied_at", "updated_at"])
        notify(
            recipient=workshop.organizer,
            event="needs.workshop_guest_replied",
            title=format_lazy(
                gettext_lazy("{name} answered “{reply}” to the workshop {title}"),
                name=guest.name,
                reply=GuestReply(reply).label,
                title=workshop.title,
            ),
            url=workshop.get_absolute_url(),
            email=False,
        )
    return guest


def attendance_record(
    *, workshop: Workshop, by, participant_ids: Iterable[int], guest_ids: Iterable[int]
) -> Workshop:
    """Record who came (participants and guests); everyone else invited did not. May be
    recorded again (corrected); each time is an entry in the workshop's history."""
    _require(by, "needs.record_attendance", workshop)
    came, guests_came = set(map(int, participant_ids)), set(map(int, guest_ids))
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        rows = workshop.participations.all()
        guests = workshop.guests.filter(withdrawn_at__isnull=True)
        if came - set(rows.values_list("user_id", flat=True)) or guests_came - set(
            guests.values_list("pk", flat=True)
        ):
            raise ValidationError(_("Only the workshop's participants and guests can attend."))
        rows.update(attended=False)
        rows.filter(user_id__in=came).update(attended=True)
        guests.update(attended=False)
        guests.filter(pk__in=guests_came).update(attended=True)
        total = rows.count() + guests.count()
        reason = f"attendance recorded: {len(came) + len(guests_came)} of {total}"
        with acting_as(by, reason=reason):
            workshop.attendance_recorded_at = timezone.now()
            workshop.save(update_fields=["attendance_recorded_at", "updated_at"])
    return workshop
