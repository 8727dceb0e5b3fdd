"""Cancelling, rescheduling and closure days."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from core.tasks import enqueue_on_commit

from .. import dates
from ..enums import (
    CallOffState,
    OfferState,
)
from ..models import (
    CallOff,
    ClosureDay,
)
from ._common import (
    _check_manage,
    _end_sessions,
    _notify_all,
    _now,
    _supplier_recipients,
    _transition,
    cancellation_cost,
    cancellation_cutoff,
    release_expired_holds,
)

# --- cancelling and rescheduling ---------------------------------------------------------


def call_off_cancel(*, call_off: CallOff, by, reason: str) -> CallOff:
    """Cancel by the agreement's terms: free before the cut-off, the late share after it.

    Side effects: a pending offer is withdrawn, sessions are cancelled (their calendar
    files then carry METHOD:CANCEL) and the supplier is told.
    """
    _check_manage(call_off, by)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for cancelling.")})
    with transaction.atomic(), acting_as(by, reason=reason.strip()):
        call_off = (
            CallOff.objects.select_for_update().select_related("agreement").get(pk=call_off.pk)
        )
        if call_off.state == CallOffState.BOOKED and call_off.start_date <= dates.local_today():
            raise ValidationError(_("A sprint that has started cannot be cancelled."))
        cost = cancellation_cost(call_off)
        _transition(call_off, CallOffState.CANCELLED)
        call_off.offers.filter(state=OfferState.PENDING).update(state=OfferState.WITHDRAWN)
        call_off.cancelled_at = _now()
        call_off.cancel_reason = reason.strip()
        call_off.cancellation_cost_sek = cost
        call_off.value_sek = cost
        call_off.save(
            update_fields=[
                "state",
                "cancelled_at",
                "cancel_reason",
                "cancellation_cost_sek",
                "value_sek",
                "updated_at",
            ]
        )
        _end_sessions(call_off, cancelled=True)
        for supplier_id in set(call_off.addressed_to.values_list("pk", flat=True)):
            _notify_all(
                _supplier_recipients(supplier_id),
                event="sprints.cancelled",
                title=gettext_lazy("A design sprint was cancelled"),
                body=reason.strip(),
                call_off=call_off,
                key=f"sprints:cancelled:{call_off.pk}",
            )
    from ..tasks import send_invitations

    enqueue_on_commit(send_invitations, call_off.pk)
    return call_off


def call_off_reschedule(
    *, call_off: CallOff, by, start_date, end_date=None, day_part: str | None = None, reason: str
) -> CallOff:
    """Move a booked sprint before the cut-off; every session's SEQUENCE goes up."""
    _check_manage(call_off, by)
    call_off = CallOff.objects.select_related("agreement", "organization").get(pk=call_off.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for moving the sprint.")})
    if call_off.state != CallOffState.BOOKED:
        raise ValidationError(_("Only a booked sprint can be moved."))
    cutoff = cancellation_cutoff(call_off)
    if dates.local_today() > cutoff:
        raise ValidationError(
            _(
                "The cut-off for moving the sprint was %(date)s (the agreement's notice period "
                "is %(days)s working days). Cancel it instead; the cancellation costs "
                "%(cost)s SEK."
            )
            % {
                "date": cutoff,
                "days": call_off.agreement.notice_working_days,
                "cost": cancellation_cost(call_off),
            }
        )
    day_part = day_part or call_off.day_part
    days = dates.validate_sprint_dates(
        sprint_format=call_off.format,
        start_date=start_date,
        end_date=end_date,
        day_part=day_part,
        organization=call_off.organization,
        agreement=call_off.agreement,
    )
    periods = dates.session_periods(days, day_part)
    with transaction.atomic(), acting_as(by, reason=reason.strip()):
        call_off = CallOff.objects.select_for_update().get(pk=call_off.pk)
        release_expired_holds()
        try:
            with transaction.atomic():
                for session, (start, end) in zip(
                    call_off.sessions.select_for_update().order_by("day_number"),
                    periods,
                    strict=True,
                ):
                    session.period = (start, end)
                    session.sequence += 1
                    session.save(update_fields=["period", "sequence", "updated_at"])
        except IntegrityError:
            raise ValidationError(
                {"start_date": _("The facilitator team or the room is already booked then.")}
            ) from None
        call_off.start_date, call_off.end_date, call_off.day_part = days[0], days[-1], day_part
        call_off.save(update_fields=["start_date", "end_date", "day_part", "updated_at"])
        if call_off.supplier_id:
            _notify_all(
                _supplier_recipients(call_off.supplier_id),
                event="sprints.rescheduled",
                title=gettext_lazy("A design sprint was moved"),
                body=reason.strip(),
                call_off=call_off,
                key=f"sprints:moved:{call_off.pk}:{call_off.start_date}",
            )
    from ..tasks import send_invitations

    enqueue_on_commit(send_invitations, call_off.pk)
    return call_off


def closure_day_add(*, by, date, reason: str) -> ClosureDay:
    if not (by.is_municipal and by.has_role("coordinator", "admin", "officer")):
        raise PermissionDenied(_("Only coordinators and officers may enter closure days."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the municipality is closed.")})
    try:
        with transaction.atomic():
            return ClosureDay.objects.create(
                organization=by.organization, date=date, reason=reason.strip()
            )
    except IntegrityError:
        raise ValidationError({"date": _("That day is already a closure day.")}) from None
