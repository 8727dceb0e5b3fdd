"""Helpers shared by the sprint services."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import bulk_updated
from notifications.services import notify

from .. import dates
from ..enums import (
    ACTIVE_SESSION_STATES,
    ALLOWED_TRANSITIONS,
    CallOffState,
    SessionState,
)
from ..models import (
    CallOff,
    FacilitatorTeam,
    FrameworkAgreement,
    Session,
)

MUNICIPAL_SPRINT_ROLES = ("staff", "officer", "coordinator")
PROTOTYPE_MAX_BYTES = 20 * 1024 * 1024


class NotPartyToAgreement(PermissionDenied):
    """The user's municipality has not signed the agreement; the message says so."""


# --- helpers -------------------------------------------------------------------------


def _now() -> datetime:
    return timezone.now()


def _transition(call_off: CallOff, new_state: str) -> None:
    if new_state not in ALLOWED_TRANSITIONS[CallOffState(call_off.state)]:
        raise ValidationError(
            _("A call-off that is %(state)s cannot become %(new)s.")
            % {
                "state": call_off.get_state_display().lower(),
                "new": CallOffState(new_state).label.lower(),
            }
        )
    call_off.state = new_state


def _municipal_recipients(call_off: CallOff):
    """The person who called off, and the municipality's officers and coordinators."""
    from organizations.models import User

    return User.objects.filter(is_active=True).filter(
        Q(pk=call_off.created_by_id)
        | Q(organization_id=call_off.organization_id, roles__overlap=["coordinator"])
    )


def _supplier_recipients(supplier_id: int):
    from organizations.models import User

    return User.objects.filter(
        organization_id=supplier_id, is_active=True, roles__contains=["supplier"]
    )


def _notify_all(users, *, event: str, title, body, call_off: CallOff, key: str) -> None:
    for user in users:
        notify(
            recipient=user,
            event=event,
            title=title,
            body=body,
            url=call_off.get_absolute_url(),
            dedupe_key=f"{key}:{user.pk}",
        )


def release_expired_holds(now: datetime | None = None) -> int:
    """Release every hold whose time is up. Call first in any booking transaction."""
    released = Session.objects.filter(
        state=SessionState.HELD, hold_expires_at__lte=now or _now()
    ).update(state=SessionState.RELEASED, hold_expires_at=None, sequence=F("sequence") + 1)
    if released:
        bulk_updated(Session)  # no signal: the cards caching.py declares for sessions
    return released


def agreement_called_off_value(agreement: FrameworkAgreement) -> Decimal:
    """What has been called off against the maximum so far (one SQL aggregate)."""
    return CallOff.objects.filter(agreement=agreement).aggregate(
        total=Coalesce(Sum("value_sek"), Decimal("0"))
    )["total"]


def cancellation_cutoff(call_off: CallOff):
    closed = dates.closure_dates(
        call_off.organization,
        call_off.start_date - timedelta(days=60),
        call_off.start_date,
    )
    return dates.working_days_before(
        call_off.start_date, call_off.agreement.notice_working_days, closed=closed
    )


def cancellation_cost(call_off: CallOff, *, today=None) -> Decimal:
    """Nothing before the cut-off (or before the call-off was booked); the share after it."""
    today = today or dates.local_today()
    if call_off.state != CallOffState.BOOKED or call_off.price_sek is None:
        return Decimal("0")
    if today <= cancellation_cutoff(call_off):
        return Decimal("0")
    percent = Decimal(call_off.agreement.late_cancellation_percent)
    return (call_off.price_sek * percent / Decimal(100)).quantize(Decimal("0.01"))


def _free_team(supplier_id: int, periods, *, exclude_call_off_id=None):
    """The supplier's first facilitator team with nothing active in any of `periods`."""
    overlap = Q()
    for start, end in periods:
        overlap |= Q(period__overlap=(start, end))
    busy = Session.objects.filter(overlap, state__in=ACTIVE_SESSION_STATES)
    if exclude_call_off_id:
        busy = busy.exclude(call_off_id=exclude_call_off_id)
    return (
        FacilitatorTeam.objects.filter(supplier_id=supplier_id)
        .exclude(pk__in=busy.filter(team__isnull=False).values("team_id"))
        .order_by("name")
        .first()
    )


def _hold_sessions(call_off: CallOff, *, team, until: datetime) -> bool:
    """Hold the call-off's sessions for `team` (and its room) until `until`.

    Returns False when the team could not be held (the room is still held).
    """
    sessions = list(call_off.sessions.order_by("day_number"))
    for attempt_team in [team, None] if team else [None]:
        try:
            with transaction.atomic():
                for session in sessions:
                    session.team = attempt_team
                    session.state = SessionState.HELD
                    session.hold_expires_at = until
                    session.sequence += 1
                    session.save(
                        update_fields=["team", "state", "hold_expires_at", "sequence", "updated_at"]
                    )
            return attempt_team is not None
        except IntegrityError:
            continue
    # The room went to someone else meanwhile: hold the team alone.
    with transaction.atomic():
        for session in sessions:
            session.room = None
            session.team = None
            session.state = SessionState.HELD
            session.hold_expires_at = until
            session.sequence += 1
            session.save(
                update_fields=["team", "room", "state", "hold_expires_at", "sequence", "updated_at"]
            )
    return False


def _end_sessions(call_off: CallOff, *, cancelled: bool) -> None:
    for session in call_off.sessions.select_for_update():
        if session.state == SessionState.CONFIRMED and cancelled:
            session.state = SessionState.CANCELLED
        elif session.state in ACTIVE_SESSION_STATES:
            session.state = SessionState.RELEASED
        else:
            continue
        session.sequence += 1  # every change, a release too: the CANCEL must outrank PUBLISH
        session.hold_expires_at = None
        session.save(update_fields=["state", "sequence", "hold_expires_at", "updated_at"])


def _check_manage(call_off: CallOff, by) -> None:
    if not (
        by.is_authenticated
        and (
            by.is_platform_admin
            or (
                by.organization_id == call_off.organization_id
                and by.has_role(*MUNICIPAL_SPRINT_ROLES)
            )
        )
    ):
        raise PermissionDenied(_("Only the municipality that called off may change it."))


def _confirm_sessions(call_off: CallOff, team) -> None:
    """Book the call-off's sessions for `team`; IntegrityError when the team or room is taken."""
    with transaction.atomic():
        for session in call_off.sessions.select_for_update():
            session.team = team
            session.state = SessionState.CONFIRMED
            session.hold_expires_at = None
            session.sequence += 1
            session.save(
                update_fields=["team", "state", "hold_expires_at", "sequence", "updated_at"]
            )


def _book(call_off: CallOff, *, supplier_id: int, team, price_sek: Decimal) -> None:
    """The call-off goes to `supplier_id` at `price_sek`: booked, counted at that price."""
    _transition(call_off, CallOffState.BOOKED)
    call_off.supplier_id = supplier_id
    call_off.team = team
    call_off.price_sek = price_sek
    call_off.value_sek = price_sek
    call_off.save(
        update_fields=["state", "supplier", "team", "price_sek", "value_sek", "updated_at"]
    )
