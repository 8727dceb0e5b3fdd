"""The ranking cascade: an offer to each supplier in turn, answered or passed on."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from core.tasks import enqueue_on_commit

from .. import dates
from ..enums import (
    CallOffState,
    DeclineReason,
    OfferState,
)
from ..models import (
    CallOff,
    FacilitatorTeam,
    Offer,
)
from ._common import (
    _book,
    _confirm_sessions,
    _end_sessions,
    _free_team,
    _hold_sessions,
    _municipal_recipients,
    _notify_all,
    _now,
    _supplier_recipients,
    _transition,
    release_expired_holds,
)
from .competition import competition_close_empty


def _offer_next(call_off: CallOff, *, now: datetime) -> Offer | None:
    """Offer the call-off to the next supplier in the frozen ranking, or end it."""
    offered = set(call_off.offers.values_list("supplier_id", flat=True))
    closed = dates.closure_dates(call_off.organization, now.date(), now.date() + timedelta(60))
    for supplier_id, rank in call_off.ranking:
        if supplier_id in offered:
            continue
        deadline = dates.response_deadline(
            now, call_off.agreement.response_working_days, closed=closed
        )
        periods = [(s.period.lower, s.period.upper) for s in call_off.sessions.all()]
        team = _free_team(supplier_id, periods, exclude_call_off_id=call_off.pk)
        held = _hold_sessions(call_off, team=team, until=deadline)
        offer = Offer.objects.create(
            call_off=call_off,
            supplier_id=supplier_id,
            rank=rank,
            price_sek=Decimal(call_off.prices[str(supplier_id)]),
            offered_at=now,
            response_deadline=deadline,
            held_team=team if held else None,
        )
        call_off.addressed_to.add(supplier_id)
        _notify_all(
            _supplier_recipients(supplier_id),
            event="sprints.offer",
            title=gettext_lazy("A design sprint is offered to you"),
            body=gettext_lazy(
                "Accept or decline the call-off in the supplier portal before the deadline."
            ),
            call_off=call_off,
            key=f"sprints:offer:{offer.pk}",
        )
        return offer
    _transition(call_off, CallOffState.NO_SUPPLIER)
    call_off.value_sek = Decimal("0")
    call_off.closed_message = _(
        "Every supplier on the agreement declined or did not answer in time, so no supplier "
        "will run this sprint. You may call off again with other dates or use another route."
    )
    call_off.save(update_fields=["state", "value_sek", "closed_message", "updated_at"])
    _end_sessions(call_off, cancelled=False)
    _notify_all(
        _municipal_recipients(call_off),
        event="sprints.no_supplier",
        title=gettext_lazy("No supplier took the call-off"),
        body=gettext_lazy(
            "Every supplier on the agreement declined or did not answer in time. "
            "You may call off again with other dates."
        ),
        call_off=call_off,
        key=f"sprints:no-supplier:{call_off.pk}",
    )
    return None


def call_off_pass_on(*, call_off_id: int, now: datetime | None = None) -> Offer | None:
    """Move an offered call-off on when its current offer was declined or ran out of time.

    Idempotent: does nothing while an offer is still open in time or once the call-off
    has left the offered state. Called by the Celery task and the beat sweep.
    """
    now = now or _now()
    with transaction.atomic(), acting_as(None, reason="call-off passed on"):
        call_off = (
            CallOff.objects.select_for_update().select_related("agreement").get(pk=call_off_id)
        )
        if call_off.state != CallOffState.OFFERED:
            return None
        release_expired_holds(now)
        pending = call_off.offers.select_for_update().filter(state=OfferState.PENDING).first()
        if pending is not None:
            if pending.response_deadline > now:
                return None
            pending.state = OfferState.EXPIRED
            pending.save(update_fields=["state", "updated_at"])
            _notify_all(
                _supplier_recipients(pending.supplier_id),
                event="sprints.offer_expired",
                title=gettext_lazy("The offer went to the next supplier"),
                body=gettext_lazy(
                    "You did not answer before the deadline, so the call-off was passed on."
                ),
                call_off=call_off,
                key=f"sprints:expired:{pending.pk}",
            )
        previous = call_off.offers.exclude(state=OfferState.PENDING).order_by("-rank").first()
        offer = _offer_next(call_off, now=now)
        if offer is not None and previous is not None:
            _notify_all(
                _municipal_recipients(call_off),
                event="sprints.passed_on",
                title=gettext_lazy("Your call-off was passed to the next supplier"),
                body=gettext_lazy(
                    "The previous supplier declined or did not answer in time; the next "
                    "supplier in ranking order has been offered the call-off."
                ),
                call_off=call_off,
                key=f"sprints:passed:{offer.pk}",
            )
        return offer


def offers_sweep(now: datetime | None = None) -> int:
    """Pass on every call-off whose offer ran out of time; close empty competitions."""
    now = now or _now()
    ids = list(
        Offer.objects.filter(state=OfferState.PENDING, response_deadline__lte=now)
        .values_list("call_off_id", flat=True)
        .distinct()
    )
    # A decline whose pass-on task was lost (Redis down) is caught here too.
    ids += list(
        CallOff.objects.filter(state=CallOffState.OFFERED)
        .exclude(offers__state=OfferState.PENDING)
        .values_list("pk", flat=True)
    )
    for call_off_id in set(ids):
        call_off_pass_on(call_off_id=call_off_id, now=now)
    for call_off in CallOff.objects.filter(
        state=CallOffState.COMPETITION, competition_deadline__lte=now
    ).exclude(competition_answers__isnull=False):
        competition_close_empty(call_off_id=call_off.pk)
    return len(set(ids))


def _decline(offer: Offer, call_off: CallOff, *, reason: str, note: str) -> Offer:
    """Record the decline; the pass-on task runs after commit."""
    offer.state = OfferState.DECLINED
    offer.decline_reason = reason
    offer.decline_note = note.strip()
    offer.save(
        update_fields=[
            "state",
            "answered_at",
            "answered_by",
            "decline_reason",
            "decline_note",
            "updated_at",
        ]
    )
    from ..tasks import pass_on_call_off

    enqueue_on_commit(pass_on_call_off, call_off.pk)
    return offer


def _accept(offer: Offer, call_off: CallOff, *, team: FacilitatorTeam | None) -> None:
    """Book the team (the chosen one, the held one or any free one) and the call-off."""
    team = team or offer.held_team
    if team is None:
        periods = [(s.period.lower, s.period.upper) for s in call_off.sessions.all()]
        team = _free_team(offer.supplier_id, periods, exclude_call_off_id=call_off.pk)
    if team is None:
        raise ValidationError({"team": _("None of your facilitator teams is free on these dates.")})
    try:
        _confirm_sessions(call_off, team)
    except IntegrityError:
        raise ValidationError(
            {
                "team": _(
                    "%(team)s or the room is already booked at that time. Choose another team."
                )
                % {"team": team.name}
            }
        ) from None
    offer.state = OfferState.ACCEPTED
    offer.save(update_fields=["state", "answered_at", "answered_by", "updated_at"])
    _book(call_off, supplier_id=offer.supplier_id, team=team, price_sek=offer.price_sek)
    _notify_all(
        _municipal_recipients(call_off),
        event="sprints.booked",
        title=gettext_lazy("Your design sprint is booked"),
        body=gettext_lazy("The supplier accepted the call-off; the sessions are confirmed."),
        call_off=call_off,
        key=f"sprints:booked:{call_off.pk}",
    )


def offer_respond(
    *,
    offer: Offer,
    by,
    accept: bool,
    team: FacilitatorTeam | None = None,
    decline_reason: str = "",
    note: str = "",
) -> Offer:
    """The supplier accepts (booking its team) or declines with an acceptable reason.

    Refused after the response deadline. A decline enqueues the pass-on task after commit.
    """
    if not (by.is_authenticated and by.organization_id == offer.supplier_id) or not by.has_role(
        "supplier"
    ):
        raise PermissionDenied(_("Only the supplier the call-off was offered to may answer."))
    if not accept and decline_reason not in DeclineReason.values:
        raise ValidationError(
            {"decline_reason": _("Choose one of the reasons the agreement accepts for declining.")}
        )
    if accept and team is not None and team.supplier_id != offer.supplier_id:
        raise ValidationError({"team": _("Choose one of your own facilitator teams.")})
    now = _now()
    with transaction.atomic(), acting_as(by, reason="offer answered"):
        call_off = (
            CallOff.objects.select_for_update()
            .select_related("agreement")
            .get(pk=offer.call_off_id)
        )
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        if offer.state != OfferState.PENDING or call_off.state != CallOffState.OFFERED:
            raise ValidationError(
                _("This offer is no longer open: it is %(state)s.")
                % {"state": offer.get_state_display().lower()}
            )
        if now > offer.response_deadline:
            raise ValidationError(
                _(
                    "The deadline for answering passed at %(deadline)s; the call-off goes to "
                    "the next supplier."
                )
                % {
                    "deadline": date_format(
                        offer.response_deadline.astimezone(dates.STOCKHOLM), "j F Y H:i"
                    )
                }
            )
        offer.answered_at = now
        offer.answered_by = by
        if not accept:
            return _decline(offer, call_off, reason=decline_reason, note=note)
        release_expired_holds(now)
        _accept(offer, call_off, team=team)
    return offer
