"""Call-offs, the ranking cascade and renewed competition."""

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
    DayPart,
    DeclineReason,
    OfferState,
    Route,
    SessionState,
    SprintFormat,
)
from ..models import (
    AgreementFormat,
    CallOff,
    CompetitionAnswer,
    FacilitatorTeam,
    FrameworkAgreement,
    Offer,
    Session,
)
from ._common import (
    MUNICIPAL_SPRINT_ROLES,
    NotPartyToAgreement,
    _check_manage,
    _end_sessions,
    _free_team,
    _hold_sessions,
    _municipal_recipients,
    _notify_all,
    _now,
    _supplier_recipients,
    _transition,
    agreement_called_off_value,
    release_expired_holds,
)

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
    days = dates.validate_sprint_dates(
        sprint_format=sprint_format,
        start_date=start_date,
        end_date=end_date,
        day_part=day_part,
        organization=organization,
        agreement=agreement,
    )
    now = _now()
    if route == Route.COMPETITION:
        if competition_deadline is None or competition_deadline <= now:
            raise ValidationError(
                {"competition_deadline": _("Set a deadline for the answers in the future.")}
            )
        if competition_deadline.astimezone(dates.STOCKHOLM).date() >= days[0]:
            raise ValidationError(
                {"competition_deadline": _("Answers must be due before the first day.")}
            )
        if not criteria.strip():
            raise ValidationError({"criteria": _("State the criteria the answers are judged by.")})
        if not 0 <= price_weight <= 100:
            raise ValidationError({"price_weight": _("The weight of price is 0–100 %.")})

    with transaction.atomic(), acting_as(created_by, reason="call-off"):
        # One call-off at a time per agreement, so the maximum holds.
        agreement = FrameworkAgreement.objects.select_for_update().get(pk=agreement.pk)
        release_expired_holds(now)
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
            state=CallOffState.COMPETITION if route == Route.COMPETITION else CallOffState.OFFERED,
            ranking=ranking,
            prices=prices,
            value_sek=value,
            competition_deadline=competition_deadline if route == Route.COMPETITION else None,
            criteria=criteria.strip() if route == Route.COMPETITION else "",
            price_weight=price_weight,
        )
        hold_until = competition_deadline or now
        try:
            with transaction.atomic():
                for number, (start, end) in enumerate(dates.session_periods(days, day_part), 1):
                    Session.objects.create(
                        call_off=call_off,
                        day_number=number,
                        period=(start, end),
                        room=room,
                        state=SessionState.HELD,
                        hold_expires_at=hold_until + timedelta(days=1),
                    )
        except IntegrityError:
            raise ValidationError(
                {"room": _("The room is already booked at that time. Choose another room.")}
            ) from None
        if route == Route.COMPETITION:
            call_off.addressed_to.set([supplier_id for supplier_id, _rank in ranking])
            for session in call_off.sessions.all():
                session.hold_expires_at = dates.response_deadline(
                    competition_deadline, agreement.response_working_days
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
        else:
            _offer_next(call_off, now=now)
    return call_off


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
            offer.state = OfferState.DECLINED
            offer.decline_reason = decline_reason
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
        release_expired_holds(now)
        team = team or offer.held_team
        if team is None:
            periods = [(s.period.lower, s.period.upper) for s in call_off.sessions.all()]
            team = _free_team(offer.supplier_id, periods, exclude_call_off_id=call_off.pk)
        if team is None:
            raise ValidationError(
                {"team": _("None of your facilitator teams is free on these dates.")}
            )
        try:
            with transaction.atomic():
                for session in call_off.sessions.select_for_update():
                    session.team = team
                    session.state = SessionState.CONFIRMED
                    session.hold_expires_at = None
                    session.sequence += 1
                    session.save(
                        update_fields=["team", "state", "hold_expires_at", "sequence", "updated_at"]
                    )
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
        _transition(call_off, CallOffState.BOOKED)
        call_off.supplier_id = offer.supplier_id
        call_off.team = team
        call_off.price_sek = offer.price_sek
        call_off.value_sek = offer.price_sek
        call_off.save(
            update_fields=["state", "supplier", "team", "price_sek", "value_sek", "updated_at"]
        )
        _notify_all(
            _municipal_recipients(call_off),
            event="sprints.booked",
            title=gettext_lazy("Your design sprint is booked"),
            body=gettext_lazy("The supplier accepted the call-off; the sessions are confirmed."),
            call_off=call_off,
            key=f"sprints:booked:{call_off.pk}",
        )
    return offer


# --- renewed competition ----------------------------------------------------------------


def competition_answer_submit(
    *, call_off: CallOff, by, price_sek: Decimal, approach: str, team: FacilitatorTeam
) -> CompetitionAnswer:
    """A supplier's written answer; it may be revised until the deadline, never above ceiling."""
    if not (by.is_authenticated and by.has_role("supplier")) or by.organization_id not in {
        supplier_id for supplier_id, _rank in call_off.ranking
    }:
        raise PermissionDenied(_("Only suppliers consulted in the competition may answer."))
    if call_off.state != CallOffState.COMPETITION:
        raise ValidationError(_("The competition is not open."))
    if _now() >= call_off.competition_deadline:
        raise ValidationError(_("The deadline for answers has passed."))
    ceiling = Decimal(call_off.prices[str(by.organization_id)])
    errors = {}
    if price_sek is None or price_sek <= 0:
        errors["price_sek"] = _("Enter a price.")
    elif price_sek > ceiling:
        errors["price_sek"] = _(
            "The price may not exceed the agreement's ceiling price of %(ceiling)s SEK."
        ) % {"ceiling": ceiling}
    if not approach.strip():
        errors["approach"] = _("Describe your approach and team.")
    if team is None or team.supplier_id != by.organization_id:
        errors["team"] = _("Choose one of your own facilitator teams.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by, reason="competition answer"):
        answer, _created = CompetitionAnswer.objects.update_or_create(
            call_off=call_off,
            supplier_id=by.organization_id,
            defaults={
                "submitted_by": by,
                "price_sek": price_sek,
                "approach": approach.strip(),
                "team": team,
            },
        )
    return answer


def competition_is_sealed(call_off: CallOff, *, now: datetime | None = None) -> bool:
    return call_off.competition_deadline is None or (now or _now()) < call_off.competition_deadline


def competition_award(
    *, call_off: CallOff, by, quality_scores: dict[int, int]
) -> CompetitionAnswer:
    """Open the sealed answers after the deadline, score them, book the best.

    Total = price weight × (lowest price / price) + quality weight × (quality / 10).
    """
    _check_manage(call_off, by)
    if call_off.state != CallOffState.COMPETITION:
        raise ValidationError(_("The competition is not open."))
    if competition_is_sealed(call_off):
        raise ValidationError(_("The answers stay sealed until the deadline has passed."))
    with transaction.atomic(), acting_as(by, reason="competition awarded"):
        call_off = CallOff.objects.select_for_update().get(pk=call_off.pk)
        answers = list(call_off.competition_answers.select_for_update().select_related("team"))
        if not answers:
            raise ValidationError(_("No supplier answered."))
        for answer in answers:
            score = quality_scores.get(answer.pk)
            if score is None or not 0 <= int(score) <= 10:
                raise ValidationError(_("Give every answer a quality score from 0 to 10."))
        lowest = min(answer.price_sek for answer in answers)
        weight = Decimal(call_off.price_weight)
        for answer in answers:
            answer.quality_score = int(quality_scores[answer.pk])
            answer.total_score = (
                weight * lowest / answer.price_sek
                + (Decimal(100) - weight) * Decimal(answer.quality_score) / Decimal(10)
            ).quantize(Decimal("0.01"))
            answer.save(update_fields=["quality_score", "total_score", "updated_at"])
        winner = sorted(answers, key=lambda a: (-a.total_score, a.price_sek, a.created_at))[0]
        release_expired_holds()
        try:
            with transaction.atomic():
                for session in call_off.sessions.select_for_update():
                    session.team = winner.team
                    session.state = SessionState.CONFIRMED
                    session.hold_expires_at = None
                    session.sequence += 1
                    session.save(
                        update_fields=["team", "state", "hold_expires_at", "sequence", "updated_at"]
                    )
        except IntegrityError:
            raise ValidationError(
                _("The winner's team or the room is no longer free at that time.")
            ) from None
        _transition(call_off, CallOffState.BOOKED)
        call_off.supplier_id = winner.supplier_id
        call_off.team = winner.team
        call_off.price_sek = winner.price_sek
        call_off.value_sek = winner.price_sek
        call_off.save(
            update_fields=["state", "supplier", "team", "price_sek", "value_sek", "updated_at"]
        )
        for answer in answers:
            _notify_all(
                _supplier_recipients(answer.supplier_id),
                event="sprints.competition_result",
                title=gettext_lazy("Result of the renewed competition"),
                body=gettext_lazy("The renewed competition has been decided; see the result."),
                call_off=call_off,
                key=f"sprints:competition-result:{call_off.pk}",
            )
    return winner


def competition_close_empty(*, call_off_id: int) -> None:
    with transaction.atomic(), acting_as(None, reason="competition without answers"):
        call_off = CallOff.objects.select_for_update().get(pk=call_off_id)
        if call_off.state != CallOffState.COMPETITION or call_off.competition_answers.exists():
            return
        if competition_is_sealed(call_off):
            return
        _transition(call_off, CallOffState.NO_SUPPLIER)
        call_off.value_sek = Decimal("0")
        call_off.closed_message = _("No supplier answered the renewed competition in time.")
        call_off.save(update_fields=["state", "value_sek", "closed_message", "updated_at"])
        _end_sessions(call_off, cancelled=False)
        _notify_all(
            _municipal_recipients(call_off),
            event="sprints.no_supplier",
            title=gettext_lazy("No supplier took the call-off"),
            body=gettext_lazy("No supplier answered the renewed competition in time."),
            call_off=call_off,
            key=f"sprints:no-supplier:{call_off.pk}",
        )
