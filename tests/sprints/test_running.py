"""Running the sprint: participants, invitations, reminders, outcome, evaluation."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sprints import services
from sprints.dates import STOCKHOLM
from sprints.enums import (
    CallOffState,
    ParticipantRole,
    SprintFormat,
)
from tests.factories.organizations import UserFactory
from tests.sprints.helpers import started


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


def test_outcome_before_sprint_is_refused(booked, staff):
    with pytest.raises(ValidationError, match="started"):
        services.outcome_record(call_off=booked, by=staff, sprint_questions="?")


def test_outcome_completes_sprint_and_starts_need_and_procurement(booked, staff, ystad):
    officer = UserFactory(organization=ystad, roles=["officer"])
    started(booked)
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


def test_need_from_outcome_goes_through_the_needs_service(booked, staff, platform_admin):
    """The need is a draft written through needs' own service: the platform operator (who
    may manage the call-off) writes none, and a second need is refused."""
    from needs.enums import NeedStatus

    started(booked)
    outcome = services.outcome_record(
        call_off=booked, by=staff, sprint_questions="Hittar de stödet?", next_steps="Pilot"
    )
    with pytest.raises(PermissionDenied):
        services.outcome_start_need(outcome=outcome, by=platform_admin)
    outcome.refresh_from_db()
    assert outcome.need is None
    need = services.outcome_start_need(outcome=outcome, by=staff)
    assert need.status == NeedStatus.DRAFT
    assert need.problem == f"{booked.challenge}\n\nHittar de stödet?\n\nPilot"
    with pytest.raises(ValidationError):
        services.outcome_start_need(outcome=outcome, by=staff)


def test_prototype_needs_link_or_safe_file(booked, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    started(booked)
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
    started(booked)
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
