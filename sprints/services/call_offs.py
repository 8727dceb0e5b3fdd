"""Calling off a sprint under the agreement: who may, the frozen terms, the held dates."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as

from .. import dates
from ..enums import (
    CallOffState,
    DayPart,
    Route,
    SessionState,
    SprintFormat,
)
from ..models import (
    AgreementFormat,
    CallOff,
    FrameworkAgreement,
    Session,
)
from ._common import (
    MUNICIPAL_SPRINT_ROLES,
    NotPartyToAgreement,
    _notify_all,
    _now,
    _supplier_recipients,
    agreement_called_off_value,
    release_expired_holds,
)
from .offers import _offer_next

# --- call-off ------------------------------------------------------------------------


def check_may_call_off(*, user, agreement: FrameworkAgreement) -> None:
    """Raise NotPartyToAgreement (a 403 with a reason) unless the user may call off."""
    if not user.is_authenticated or not user.is_municipal:
        raise NotPartyToAgreement(_("Only municipalities party to the agreement can call off."))
    if not agreement.municipalities.filter(pk=user.organization_id).exists():
        raise NotPartyToAgreement(
            _(
                "%(municipality)s has not signed the framework agreement %(agreement)s, "
                "so it cannot call off sprints under it. Ask the lead municipality "
                "(%(lead)s) about joining the agreement."
            )
            % {
                "municipality": user.organization.name,
                "agreement": agreement.reference,
                "lead": agreement.lead_organization.name,
            }
        )
    if not user.has_role(*MUNICIPAL_SPRINT_ROLES):
        raise PermissionDenied(_("Your roles do not allow calling off sprints."))


def _validate_call_off(
    *, agreement, organization, title, challenge, sprint_format, room, route, **when
) -> list:
    """The fields of a call-off (all errors at once), the agreement in force today and the
    dates (`when`: start_date, end_date, day_part); returns the sprint days."""
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title.")
    if not challenge.strip():
        errors["challenge"] = _("Describe the challenge the sprint should work on.")
    if (
        sprint_format not in SprintFormat.values
        or not AgreementFormat.objects.filter(agreement=agreement, format=sprint_format).exists()
    ):
        errors["sprint_format"] = _("The agreement does not hold this format.")
    if room is not None and room.organization_id != organization.pk:
        errors["room"] = _("Choose one of your municipality's rooms.")
    if route not in Route.values:
        errors["route"] = _("Choose a route.")
    if errors:
        raise ValidationError(errors)
    today = dates.local_today()
    if not (agreement.start_date <= today <= agreement.end_date):
        raise ValidationError(
            _("The agreement is not in force today (%(start)s – %(end)s).")
            % {"start": agreement.start_date, "end": agreement.end_date}
        )
    return dates.validate_sprint_dates(
        sprint_format=sprint_format, organization=organization, agreement=agreement, **when
    )


def _validate_competition(
    *, deadline, first_day, criteria: str, price_weight: int, now: datetime
) -> None:
    """A renewed competition needs a deadline before the first day, criteria and a weight."""
    if deadline is None or deadline <= now:
        raise ValidationError(
            {"competition_deadline": _("Set a deadline for the answers in the future.")}
        )
    if deadline.astimezone(dates.STOCKHOLM).date() >= first_day:
        raise ValidationError(
            {"competition_deadline": _("Answers must be due before the first day.")}
        )
    if not criteria.strip():
        raise ValidationError({"criteria": _("State the criteria the answers are judged by.")})
    if not 0 <= price_weight <= 100:
        raise ValidationError({"price_weight": _("The weight of price is 0–100 %.")})


def _frozen_terms(agreement: FrameworkAgreement, sprint_format: str):
    """The ranking (suppliers with a price for the format), their prices and the value
    counted against the maximum (the highest price), refused above the maximum."""
    ranking = [
        [entry.supplier_id, entry.rank]
        for entry in agreement.ranking.order_by("rank")
        if agreement.prices.filter(supplier_id=entry.supplier_id, format=sprint_format).exists()
    ]
    prices = {
        str(price.supplier_id): str(price.price_sek)
        for price in agreement.prices.filter(format=sprint_format)
    }
    if not ranking:
        raise ValidationError(
            {"sprint_format": _("No supplier on the agreement has a price for this format.")}
        )
    value = max(Decimal(prices[str(supplier_id)]) for supplier_id, _rank in ranking)
    used = agreement_called_off_value(agreement)
    if used + value > agreement.max_value_sek:
        raise ValidationError(
            _(
                "This call-off (up to %(value)s SEK) would exceed the agreement's maximum "
                "value of %(max)s SEK: %(used)s SEK has been called off already."
            )
            % {"value": value, "max": agreement.max_value_sek, "used": used}
        )
    return ranking, prices, value


def _hold_dates(call_off: CallOff, days, *, until: datetime) -> None:
    """One held session per sprint day (or half day), in the call-off's room."""
    try:
        with transaction.atomic():
            for number, (start, end) in enumerate(
                dates.session_periods(days, call_off.day_part), 1
            ):
                Session.objects.create(
                    call_off=call_off,
                    day_number=number,
                    period=(start, end),
                    room=call_off.room,
                    state=SessionState.HELD,
                    hold_expires_at=until + timedelta(days=1),
                )
    except IntegrityError:
        raise ValidationError(
            {"room": _("The room is already booked at that time. Choose another room.")}
        ) from None


def _open_competition(call_off: CallOff) -> None:
    """Consult every supplier in the ranking; hold the dates until the answers are judged."""
    ranking = call_off.ranking
    call_off.addressed_to.set([supplier_id for supplier_id, _rank in ranking])
    for session in call_off.sessions.all():
        session.hold_expires_at = dates.response_deadline(
            call_off.competition_deadline, call_off.agreement.response_working_days
        )
        session.save(update_fields=["hold_expires_at", "updated_at"])
    for supplier_id, _rank in ranking:
        _notify_all(
            _supplier_recipients(supplier_id),
            event="sprints.competition_invited",
            title=gettext_lazy("Renewed competition: answer in writing"),
            body=gettext_lazy(
                "You are invited to answer a renewed competition for a design sprint. "
                "Answers stay sealed until the deadline."
            ),
            call_off=call_off,
            key=f"sprints:competition:{call_off.pk}",
        )


def call_off_create(
    *,
    created_by,
    agreement: FrameworkAgreement,
    title: str,
    challenge: str,
    sprint_format: str,
    start_date,
    end_date=None,
    day_part: str = DayPart.FULL_DAY,
    room=None,
    route: str = Route.RANKING,
    competition_deadline: datetime | None = None,
    criteria: str = "",
    price_weight: int = 40,
) -> CallOff:
    """Call off a sprint: freeze ranking and prices, check the maximum, hold the dates.

    Side effects: the first supplier in ranking order gets the offer (or every supplier
    is consulted in a renewed competition); the sessions are held for the room and the
    offered supplier's team until the response deadline; notices after commit.
    """
    check_may_call_off(user=created_by, agreement=agreement)
    organization = created_by.organization
    days = _validate_call_off(
        agreement=agreement,
        organization=organization,
        title=title,
        challenge=challenge,
        sprint_format=sprint_format,
        room=room,
        route=route,
        start_date=start_date,
        end_date=end_date,
        day_part=day_part,
    )
    now = _now()
    competition = route == Route.COMPETITION
    if competition:
        _validate_competition(
            deadline=competition_deadline, first_day=days[0], criteria=criteria,
            price_weight=price_weight, now=now,
        )  # fmt: skip
    with transaction.atomic(), acting_as(created_by, reason="call-off"):
        # One call-off at a time per agreement, so the maximum holds.
        agreement = FrameworkAgreement.objects.select_for_update().get(pk=agreement.pk)
        release_expired_holds(now)
        ranking, prices, value = _frozen_terms(agreement, sprint_format)
        number = agreement.call_offs.count() + 1
        call_off = CallOff.objects.create(
            agreement=agreement,
            organization=organization,
            created_by=created_by,
            reference=f"{agreement.reference}-A{number:03d}",
            title=title.strip(),
            challenge=challenge.strip(),
            format=sprint_format,
            day_part=day_part,
            start_date=days[0],
            end_date=days[-1],
            room=room,
            route=route,
            state=CallOffState.COMPETITION if competition else CallOffState.OFFERED,
            ranking=ranking,
            prices=prices,
            value_sek=value,
            competition_deadline=competition_deadline if competition else None,
            criteria=criteria.strip() if competition else "",
            price_weight=price_weight,
        )
        _hold_dates(call_off, days, until=competition_deadline or now)
        if competition:
            _open_competition(call_off)
        else:
            _offer_next(call_off, now=now)
    return call_off
