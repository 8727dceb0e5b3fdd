from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.calendar import add_working_days, is_working_day
from notifications.models import Notification
from sprints import services
from sprints.dates import STOCKHOLM, local_today
from sprints.enums import (
    CallOffState,
    DayPart,
    DeclineReason,
    OfferState,
    ParticipantRole,
    Route,
    SessionState,
    SprintFormat,
)
from sprints.models import CallOff, ClosureDay, Offer, Session
from tests.factories.organizations import UserFactory
from tests.factories.sprints import RoomFactory, build_agreement


def _expire(offer):
    past = timezone.now() - timedelta(minutes=1)
    Offer.objects.filter(pk=offer.pk).update(response_deadline=past)
    Session.objects.filter(call_off=offer.call_off_id, state="held").update(hold_expires_at=past)


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


# --- the ranking cascade -------------------------------------------------------------


def test_decline_passes_on_to_next_supplier_and_tells_everyone(
    make_call_off, staff, pwc, hiq, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    offer = call_off.offers.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_respond(
            offer=offer,
            by=pwc.user,
            accept=False,
            decline_reason=DeclineReason.CONFLICT_OF_INTEREST,
            note="Vi äger ett bolag i frågan",
        )
    offer.refresh_from_db()
    assert (offer.state, offer.decline_reason, offer.answered_by) == (
        OfferState.DECLINED,
        DeclineReason.CONFLICT_OF_INTEREST,
        pwc.user,
    )
    assert offer.answered_at is not None
    nxt = call_off.offers.get(state=OfferState.PENDING)
    assert (nxt.supplier, nxt.rank, nxt.price_sek) == (hiq.org, 2, Decimal("237500.00"))
    assert set(call_off.sessions.values_list("team", flat=True)) == {hiq.team.pk}
    assert Notification.objects.filter(recipient=staff, event="sprints.passed_on").exists()
    assert Notification.objects.filter(recipient=hiq.user, event="sprints.offer").exists()


def test_decline_without_acceptable_reason_is_refused(make_call_off, pwc):
    offer = make_call_off().offers.get()
    with pytest.raises(ValidationError) as exc:
        services.offer_respond(offer=offer, by=pwc.user, accept=False, decline_reason="too_busy")
    assert "decline_reason" in exc.value.message_dict
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING


def test_silence_past_deadline_passes_on_in_sweep(make_call_off, pwc, hiq):
    call_off = make_call_off()
    first = call_off.offers.get()
    _expire(first)
    assert services.offers_sweep() == 1
    first.refresh_from_db()
    assert first.state == OfferState.EXPIRED
    assert first.passed_over_reason == "No answer in time"
    assert call_off.offers.get(state=OfferState.PENDING).supplier == hiq.org
    assert Notification.objects.filter(recipient=pwc.user, event="sprints.offer_expired").exists()
    # Running it again changes nothing.
    assert services.offers_sweep() == 0
    assert call_off.offers.count() == 2


def test_sweep_task_runs_through_celery(make_call_off, hiq):
    from sprints.tasks import sweep_offers

    call_off = make_call_off()
    _expire(call_off.offers.get())
    sweep_offers.delay()
    assert call_off.offers.get(state=OfferState.PENDING).supplier == hiq.org


def test_all_decline_ends_with_no_supplier(
    make_call_off, staff, pwc, hiq, aventyret, django_capture_on_commit_callbacks
):
    call_off = make_call_off()
    for ranked in (pwc, hiq):
        with django_capture_on_commit_callbacks(execute=True):
            services.offer_respond(
                offer=call_off.offers.get(state=OfferState.PENDING),
                by=ranked.user,
                accept=False,
                decline_reason=DeclineReason.NO_CAPACITY,
            )
    _expire(call_off.offers.get(state=OfferState.PENDING))
    services.offers_sweep()
    call_off.refresh_from_db()
    assert call_off.state == CallOffState.NO_SUPPLIER
    assert "Every supplier" in call_off.closed_message
    assert call_off.value_sek == 0
    assert list(call_off.offers.values_list("state", flat=True)) == [
        "declined",
        "declined",
        "expired",
    ]
    assert set(call_off.sessions.values_list("state", flat=True)) == {SessionState.RELEASED}
    assert Notification.objects.filter(recipient=staff, event="sprints.no_supplier").exists()


def test_answer_after_deadline_is_refused_and_changes_nothing(make_call_off, pwc):
    offer = make_call_off().offers.get()
    _expire(offer)
    with pytest.raises(ValidationError, match="deadline for answering passed"):
        services.offer_respond(offer=offer, by=pwc.user, accept=True)
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING and offer.answered_at is None


def test_other_supplier_cannot_answer(make_call_off, hiq):
    offer = make_call_off().offers.get()
    with pytest.raises(PermissionDenied):
        services.offer_respond(offer=offer, by=hiq.user, accept=True)


def test_accept_books_team_and_room(make_call_off, staff, pwc, room):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    call_off.refresh_from_db()
    assert (call_off.state, call_off.supplier, call_off.team) == (
        CallOffState.BOOKED,
        pwc.org,
        pwc.team,
    )
    assert call_off.value_sek == call_off.price_sek == Decimal("250000")
    assert {
        (s.state, s.team_id, s.room_id, s.hold_expires_at) for s in call_off.sessions.all()
    } == {(SessionState.CONFIRMED, pwc.team.pk, room.pk, None)}
    assert Notification.objects.filter(recipient=staff, event="sprints.booked").exists()


def test_answering_twice_is_refused(make_call_off, pwc):
    offer = make_call_off().offers.get()
    services.offer_respond(offer=offer, by=pwc.user, accept=True)
    with pytest.raises(ValidationError, match="no longer open"):
        services.offer_respond(offer=offer, by=pwc.user, accept=False, decline_reason="no_capacity")


# --- booking and the exclusion constraint --------------------------------------------------


def test_busy_team_is_not_held_and_the_next_free_team_is(make_call_off, pwc, week, room):
    from tests.factories.sprints import FacilitatorTeamFactory

    second = FacilitatorTeamFactory(supplier=pwc.org, name="PwC team B")
    first = make_call_off()
    services.offer_respond(offer=first.offers.get(), by=pwc.user, accept=True)
    other = make_call_off(title="Bygglov", room=None)
    assert set(other.sessions.values_list("team", flat=True)) == {second.pk}


def test_same_room_same_time_is_refused(make_call_off):
    make_call_off()
    with pytest.raises(ValidationError) as exc:
        make_call_off(title="Krock")
    assert "already booked" in exc.value.message_dict["room"][0]
    assert CallOff.objects.count() == 1


def test_expired_holds_are_released_first(make_call_off, pwc):
    first = make_call_off()
    _expire(first.offers.get())
    second = make_call_off(title="Efter hållningen")  # same room, same days
    assert second.sessions.filter(state=SessionState.HELD).count() == 5
    assert set(first.sessions.values_list("state", flat=True)) == {SessionState.RELEASED}


def test_database_refuses_overlap_for_same_team(make_call_off, pwc):
    from django.db import IntegrityError, transaction

    call_off = make_call_off()
    session = call_off.sessions.first()
    other = make_call_off(title="Annan", room=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(call_off=other).update(team=pwc.team, state="confirmed")
    # A released row does not count.
    Session.objects.filter(pk=session.pk).update(state="released", hold_expires_at=None)
    Session.objects.filter(call_off=other, day_number=1).update(team=pwc.team, state="confirmed")


# --- cancelling and rescheduling -------------------------------------------------------------


def test_cancel_before_cutoff_is_free_and_cancels_sessions(make_call_off, staff, pwc):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    services.call_off_cancel(call_off=call_off, by=staff, reason="Budgeten drogs in")
    call_off.refresh_from_db()
    assert (call_off.state, call_off.cancellation_cost_sek, call_off.value_sek) == (
        CallOffState.CANCELLED,
        0,
        0,
    )
    # Revisions: held for the team (1), confirmed (2), cancelled (3).
    assert {(s.state, s.sequence) for s in call_off.sessions.all()} == {(SessionState.CANCELLED, 3)}
    assert Notification.objects.filter(recipient=pwc.user, event="sprints.cancelled").exists()


def test_cancel_after_cutoff_costs_the_late_share(make_call_off, staff, pwc):
    start = add_working_days(local_today(), 3)
    call_off = make_call_off(sprint_format=SprintFormat.ONE_DAY, start_date=start, end_date=start)
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    services.call_off_cancel(call_off=call_off, by=staff, reason="Sjukdom")
    call_off.refresh_from_db()
    assert call_off.cancellation_cost_sek == Decimal("30000.00")
    assert call_off.value_sek == Decimal("30000.00")


def test_cancel_needs_a_reason(make_call_off, staff):
    call_off = make_call_off()
    with pytest.raises(ValidationError):
        services.call_off_cancel(call_off=call_off, by=staff, reason=" ")
    call_off.refresh_from_db()
    assert call_off.state == CallOffState.OFFERED


def test_pending_offer_is_withdrawn_on_cancel(make_call_off, staff):
    call_off = make_call_off()
    services.call_off_cancel(call_off=call_off, by=staff, reason="Fel datum")
    assert call_off.offers.get().state == OfferState.WITHDRAWN
    assert set(call_off.sessions.values_list("state", flat=True)) == {SessionState.RELEASED}


def test_reschedule_moves_sessions_and_raises_sequence(make_call_off, staff, pwc, week):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    later = [d + timedelta(days=7) for d in week]
    if not all(is_working_day(d) for d in later):
        later = [d + timedelta(days=14) for d in week]
    services.call_off_reschedule(
        call_off=call_off, by=staff, start_date=later[0], end_date=later[4], reason="Krock med val"
    )
    call_off.refresh_from_db()
    assert call_off.start_date == later[0]
    first = call_off.sessions.get(day_number=1)
    assert first.sequence == 3  # held (1), confirmed (2), moved (3)
    assert first.period.lower.astimezone(STOCKHOLM).date() == later[0]


def test_reschedule_after_cutoff_is_refused(make_call_off, staff, pwc, week):
    start = add_working_days(local_today(), 3)
    call_off = make_call_off(sprint_format=SprintFormat.ONE_DAY, start_date=start, end_date=start)
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    with pytest.raises(ValidationError, match="cut-off"):
        services.call_off_reschedule(
            call_off=call_off, by=staff, start_date=week[0], end_date=week[0], reason="x"
        )
    call_off.refresh_from_db()
    assert call_off.start_date == start


# --- renewed competition -----------------------------------------------------------------


@pytest.fixture
def competition(make_call_off):
    return make_call_off(
        route=Route.COMPETITION,
        competition_deadline=timezone.now() + timedelta(days=3),
        criteria="Pris 40 %, kvalitet 60 %",
        price_weight=40,
    )


def test_competition_consults_every_supplier_and_refuses_above_ceiling(
    competition, pwc, hiq, aventyret
):
    assert set(competition.addressed_to.all()) == {pwc.org, hiq.org, aventyret.org}
    assert not competition.offers.exists()
    with pytest.raises(ValidationError) as exc:
        services.competition_answer_submit(
            call_off=competition,
            by=hiq.user,
            price_sek=Decimal("240000"),
            approach="x",
            team=hiq.team,
        )
    assert "ceiling" in exc.value.message_dict["price_sek"][0]


def test_competition_is_sealed_then_best_answer_wins(competition, staff, pwc, hiq, aventyret):
    services.competition_answer_submit(
        call_off=competition, by=pwc.user, price_sek=Decimal("250000"), approach="A", team=pwc.team
    )
    services.competition_answer_submit(
        call_off=competition, by=hiq.user, price_sek=Decimal("200000"), approach="B", team=hiq.team
    )
    with pytest.raises(ValidationError, match="sealed"):
        services.competition_award(call_off=competition, by=staff, quality_scores={})
    CallOff.objects.filter(pk=competition.pk).update(
        competition_deadline=timezone.now() - timedelta(minutes=1)
    )
    competition.refresh_from_db()
    with pytest.raises(ValidationError, match="deadline"):
        services.competition_answer_submit(
            call_off=competition,
            by=aventyret.user,
            price_sek=Decimal("1"),
            approach="C",
            team=aventyret.team,
        )
    answers = {a.supplier_id: a.pk for a in competition.competition_answers.all()}
    winner = services.competition_award(
        call_off=competition,
        by=staff,
        quality_scores={answers[pwc.org.pk]: 10, answers[hiq.org.pk]: 6},
    )
    # PwC: 40*0.8 + 60*1.0 = 92; HiQ: 40 + 36 = 76
    assert winner.supplier == pwc.org and winner.total_score == Decimal("92.00")
    competition.refresh_from_db()
    assert (competition.state, competition.supplier, competition.price_sek) == (
        CallOffState.BOOKED,
        pwc.org,
        Decimal("250000"),
    )


def test_competition_without_answers_ends_no_supplier(competition):
    CallOff.objects.filter(pk=competition.pk).update(
        competition_deadline=timezone.now() - timedelta(minutes=1)
    )
    services.offers_sweep()
    competition.refresh_from_db()
    assert competition.state == CallOffState.NO_SUPPLIER


# --- running the sprint ---------------------------------------------------------------------


@pytest.fixture
def booked(make_call_off, pwc):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    call_off.refresh_from_db()
    return call_off


def test_core_team_is_at_most_seven(booked, staff):
    for n in range(7):
        services.participant_add(
            call_off=booked, by=staff, role=ParticipantRole.CORE_TEAM, name=f"P{n}"
        )
    with pytest.raises(ValidationError) as exc:
        services.participant_add(
            call_off=booked, by=staff, role=ParticipantRole.CORE_TEAM, name="P8"
        )
    assert "expert" in exc.value.message_dict["role"][0]
    assert booked.participants.count() == 7


def test_test_users_need_slot_on_test_day_and_citizens_consent(booked, staff, week):
    slot = datetime.combine(week[4], time(9), STOCKHOLM)
    with pytest.raises(ValidationError) as exc:
        services.participant_add(
            call_off=booked,
            by=staff,
            role=ParticipantRole.TEST_USER,
            name="Medborgare",
            is_citizen=True,
            test_slot_start=slot,
        )
    assert "consent" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.participant_add(
            call_off=booked,
            by=staff,
            role=ParticipantRole.TEST_USER,
            name="X",
            test_slot_start=datetime.combine(week[0], time(9), STOCKHOLM),
        )
    assert "test_slot_start" in exc.value.message_dict
    for n in range(5):
        services.participant_add(
            call_off=booked,
            by=staff,
            role=ParticipantRole.TEST_USER,
            name=f"T{n}",
            is_citizen=True,
            consent=True,
            test_slot_start=slot + timedelta(hours=n),
        )
    assert booked.participants.filter(consent_at__isnull=False).count() == 5
    with pytest.raises(ValidationError, match="5 users"):
        services.participant_add(
            call_off=booked,
            by=staff,
            role=ParticipantRole.TEST_USER,
            name="T6",
            test_slot_start=slot + timedelta(hours=6),
        )


def test_decider_warnings(booked, staff):
    assert "no decider" in services.decider_warnings(booked)[0]
    decider = services.participant_add(
        call_off=booked, by=staff, role=ParticipantRole.DECIDER, name="Kommundirektör"
    )
    assert services.decider_warnings(booked) == []
    sessions = {s.day_number: s for s in booked.sessions.all()}
    services.participant_set_absence(
        participant=decider, by=staff, sessions=[sessions[2], sessions[3]]
    )
    # Day 2 is sketch (no warning), day 3 is decide (warning).
    assert services.decider_warnings(booked) == ["No decider is present on day 3 (decide)."]


def test_invitations_are_mailed_through_outbox(
    booked, staff, mailoutbox, django_capture_on_commit_callbacks
):
    services.participant_add(
        call_off=booked, by=staff, role=ParticipantRole.DECIDER, name="Eva", email="eva@ystad.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(call_off=booked, by=staff)
    assert [m.to for m in mailoutbox] == [["eva@ystad.test"]]
    assert booked.title in mailoutbox[0].subject
    # Sending again without a change sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(call_off=booked, by=staff)
    assert len(mailoutbox) == 1


def test_reminders_go_out_the_working_day_before(
    booked, staff, mailoutbox, django_capture_on_commit_callbacks
):
    from sprints.mail import reminders_mail

    services.participant_add(
        call_off=booked, by=staff, role=ParticipantRole.EXPERT, name="Ola", email="ola@ystad.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_mail(booked.start_date) == 1
        assert reminders_mail(booked.start_date) == 1
    assert len(mailoutbox) == 1


def test_agenda_follows_format():
    from types import SimpleNamespace

    from sprints.dates import agenda

    def sessions(n, start_hour=9):
        base = datetime(2030, 3, 4, start_hour, tzinfo=STOCKHOLM)
        return [
            SimpleNamespace(period=SimpleNamespace(lower=base + timedelta(days=i)))
            for i in range(n)
        ]

    five = agenda(SprintFormat.FIVE_DAY, sessions(5))
    assert [[i["phase"] for i in d["items"]] for d in five] == [
        ["map"],
        ["sketch"],
        ["decide"],
        ["prototype"],
        ["test"],
    ]
    three = agenda(SprintFormat.THREE_DAY, sessions(3))
    assert [[i["phase"] for i in d["items"]] for d in three] == [
        ["map", "sketch"],
        ["decide", "prototype"],
        ["test"],
    ]
    half = agenda(SprintFormat.HALF_DAY, sessions(1, start_hour=13))
    assert [(i["phase"], i["start"].hour) for i in half[0]["items"]] == [
        ("map", 13),
        ("sketch", 14),
        ("decide", 15),
    ]


def _started(call_off):
    past = local_today() - timedelta(days=1)
    CallOff.objects.filter(pk=call_off.pk).update(
        start_date=past - timedelta(days=4), end_date=past
    )
    call_off.refresh_from_db()
    return call_off


def test_outcome_before_sprint_is_refused(booked, staff):
    with pytest.raises(ValidationError, match="started"):
        services.outcome_record(call_off=booked, by=staff, sprint_questions="?")


def test_outcome_completes_sprint_and_starts_need_and_procurement(booked, staff, ystad):
    officer = UserFactory(organization=ystad, roles=["officer"])
    _started(booked)
    outcome = services.outcome_record(
        call_off=booked,
        by=staff,
        sprint_questions="Kan eleverna hitta stödet?",
        next_steps="Pilot i två skolor",
    )
    booked.refresh_from_db()
    assert booked.state == CallOffState.COMPLETED
    need = services.outcome_start_need(outcome=outcome, by=staff)
    assert (need.organization, need.author, need.title) == (ystad, staff, booked.title)
    assert "Pilot" in need.problem
    with pytest.raises(PermissionDenied):
        services.outcome_start_procurement(outcome=outcome, by=staff)
    case = services.outcome_start_procurement(outcome=outcome, by=officer)
    outcome.refresh_from_db()
    assert outcome.procurement_case == case and list(case.needs.all()) == [need]


def test_prototype_needs_link_or_safe_file(booked, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _started(booked)
    outcome = services.outcome_record(call_off=booked, by=staff, sprint_questions="?")
    with pytest.raises(ValidationError):
        services.prototype_add(outcome=outcome, by=staff, title="Tom")
    with pytest.raises(ValidationError) as exc:
        services.prototype_add(
            outcome=outcome,
            by=staff,
            title="Fel",
            file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        )
    assert "file" in exc.value.message_dict
    proto = services.prototype_add(
        outcome=outcome, by=staff, title="Klickbar prototyp", link="https://figma.example/p/1"
    )
    assert proto.outcome == outcome


def test_evaluation_once_per_person(booked, staff, neighbour):
    _started(booked)
    services.evaluation_submit(call_off=booked, by=staff, rating=5, facilitation_rating=4)
    with pytest.raises(ValidationError, match="already"):
        services.evaluation_submit(call_off=booked, by=staff, rating=4, facilitation_rating=4)
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(call_off=booked, by=neighbour, rating=4, facilitation_rating=4)
    with pytest.raises(ValidationError):
        services.evaluation_submit(
            call_off=booked,
            by=UserFactory(organization=booked.organization),
            rating=9,
            facilitation_rating=1,
        )


def test_releasing_holds_in_bulk_forgets_the_cached_cards(
    make_call_off, pwc, django_capture_on_commit_callbacks
):
    """release_expired_holds is a QuerySet.update(), which sends no signal: it forgets
    the sessions' cached cards itself (core.cache.bulk_updated, sprints/caching.py)."""
    from core.cache import cached
    from sprints.dashboard import CARDS

    first = make_call_off()
    _expire(first.offers.get())
    calls = []

    def card():
        calls.append(1)
        return len(calls)

    assert cached(CARDS, ("test",), card) == 1
    assert cached(CARDS, ("test",), card) == 1  # cached
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_expired_holds() == 5
    assert cached(CARDS, ("test",), card) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.release_expired_holds() == 0  # nothing released: nothing forgotten
    assert cached(CARDS, ("test",), card) == 2
