"""Calling off a sprint: who may, the frozen terms, the maximum and the dates."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.calendar import add_working_days, is_working_day
from notifications.models import Notification
from sprints import services
from sprints.dates import STOCKHOLM, local_today
from sprints.enums import (
    DayPart,
    DeclineReason,
    OfferState,
    SessionState,
    SprintFormat,
)
from sprints.models import CallOff, ClosureDay, Session
from tests.factories.sprints import RoomFactory, build_agreement

# --- the call-off and the maximum ------------------------------------------------------


def test_call_off_offers_first_supplier_and_holds_its_team_and_room(make_call_off, pwc, room):
    call_off = make_call_off()
    offer = call_off.offers.get()
    assert (offer.supplier, offer.rank, offer.state) == (pwc.org, 1, OfferState.PENDING)
    assert offer.price_sek == Decimal("250000")
    sessions = list(call_off.sessions.order_by("day_number"))
    assert len(sessions) == 5
    assert {(s.state, s.team, s.room) for s in sessions} == {(SessionState.HELD, pwc.team, room)}
    assert all(s.hold_expires_at == offer.response_deadline for s in sessions)
    assert sessions[0].period.lower == datetime.combine(call_off.start_date, time(9), STOCKHOLM)
    assert call_off.value_sek == Decimal("250000")  # the highest frozen price is reserved
    assert Notification.objects.filter(recipient=pwc.user, event="sprints.offer").count() == 1


def test_call_off_freezes_ranking_and_prices(make_call_off, agreement, pwc, hiq, aventyret):
    call_off = make_call_off()
    agreement.prices.filter(supplier=hiq.org).update(price_sek=1)
    agreement.ranking.filter(supplier=aventyret.org).delete()
    call_off.refresh_from_db()
    assert call_off.ranking == [[pwc.org.pk, 1], [hiq.org.pk, 2], [aventyret.org.pk, 3]]
    assert call_off.prices[str(hiq.org.pk)] == "237500.00"


def test_response_deadline_skips_weekend_and_holidays(make_call_off):
    call_off = make_call_off()
    deadline = call_off.offers.get().response_deadline.astimezone(STOCKHOLM)
    today = timezone.now().astimezone(STOCKHOLM).date()
    assert deadline.date() == add_working_days(today, 2)
    assert is_working_day(deadline.date())
    assert deadline.time() == time(16, 0)


def test_call_off_exceeding_maximum_is_refused_and_nothing_changes(make_call_off, agreement):
    agreement.max_value_sek = Decimal("400000")
    agreement.save()
    make_call_off()
    with pytest.raises(ValidationError, match="maximum"):
        make_call_off(title="Andra sprinten", room=None)
    assert CallOff.objects.count() == 1
    assert services.agreement_called_off_value(agreement) == Decimal("250000")


def test_maximum_counts_accepted_price_and_frees_no_supplier(
    make_call_off, agreement, pwc, hiq, aventyret, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    for ranked in (pwc, hiq, aventyret):
        offer = call_off.offers.get(state=OfferState.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_respond(
                offer=offer, by=ranked.user, accept=False, decline_reason=DeclineReason.NO_CAPACITY
            )
    assert services.agreement_called_off_value(agreement) == Decimal("0")


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (lambda w: w[0] - timedelta(days=2), lambda w: w[3], "start_date", "weekend"),
        (lambda w: w[4], lambda w: w[0], "end_date", "before the first day"),
        (lambda w: w[0], lambda w: w[2], "end_date", "5 working days"),
        (
            lambda w: local_today() - timedelta(days=7),
            lambda w: local_today(),
            "start_date",
            "future",
        ),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message(
    make_call_off, week, start, end, field, message
):
    with pytest.raises(ValidationError) as exc:
        make_call_off(start_date=start(week), end_date=end(week))
    assert field in exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert not CallOff.objects.exists()
    assert not Session.objects.exists()


def _ascension_day() -> date:
    """Ascension Day (Kristi himmelsfärds dag) is always a Thursday: a weekday holiday."""
    from dateutil.easter import easter

    day = easter(local_today().year) + timedelta(days=39)
    return day if day > local_today() else easter(local_today().year + 1) + timedelta(days=39)


def test_holiday_is_refused_with_its_name(make_call_off):
    day = _ascension_day()
    with pytest.raises(ValidationError) as exc:
        make_call_off(sprint_format=SprintFormat.ONE_DAY, start_date=day, end_date=day)
    message = exc.value.message_dict["start_date"][0]
    assert "public holiday" in message
    assert "Ascension" in message or "himmelsf" in message
    assert not CallOff.objects.exists()


def test_municipal_closure_day_is_not_a_sprint_day(make_call_off, ystad, week):
    ClosureDay.objects.create(organization=ystad, date=week[2], reason="Studiedag")
    with pytest.raises(ValidationError, match="5 working days"):
        make_call_off()
    with pytest.raises(ValidationError, match="closure day"):
        make_call_off(sprint_format=SprintFormat.ONE_DAY, start_date=week[2], end_date=week[2])


def test_format_the_agreement_does_not_hold_is_refused(ystad, trelleborg, pwc, staff, week):
    agreement = build_agreement(
        municipalities=[ystad], suppliers=[pwc.org], formats=[SprintFormat.FIVE_DAY]
    )
    with pytest.raises(ValidationError) as exc:
        services.call_off_create(
            created_by=staff,
            agreement=agreement,
            title="t",
            challenge="c",
            sprint_format=SprintFormat.ONE_DAY,
            start_date=week[0],
            end_date=week[0],
        )
    assert exc.value.message_dict["sprint_format"] == ["The agreement does not hold this format."]


def test_half_day_needs_morning_or_afternoon(make_call_off, week):
    with pytest.raises(ValidationError, match="morning or an afternoon"):
        make_call_off(sprint_format=SprintFormat.HALF_DAY, start_date=week[1], end_date=week[1])
    call_off = make_call_off(
        sprint_format=SprintFormat.HALF_DAY,
        start_date=week[1],
        end_date=week[1],
        day_part=DayPart.AFTERNOON,
    )
    session = call_off.sessions.get()
    assert session.period.lower.astimezone(STOCKHOLM).time() == time(13)
    assert session.period.upper.astimezone(STOCKHOLM).time() == time(16)


def test_municipality_not_party_cannot_call_off(agreement, outsider, week):
    with pytest.raises(services.NotPartyToAgreement, match="has not signed"):
        services.call_off_create(
            created_by=outsider,
            agreement=agreement,
            title="t",
            challenge="c",
            sprint_format=SprintFormat.FIVE_DAY,
            start_date=week[0],
            end_date=week[4],
        )
    assert not CallOff.objects.exists()


def test_foreign_room_is_refused(make_call_off, trelleborg):
    with pytest.raises(ValidationError) as exc:
        make_call_off(room=RoomFactory(organization=trelleborg))
    assert "room" in exc.value.message_dict
