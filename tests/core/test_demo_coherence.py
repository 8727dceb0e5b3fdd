"""The demo reads like one calendar (#24): seeded once for the module (in a transaction
rolled back at the end), no date contradicts another – a tender period starts before it
ends, the standstill follows the award decision, contracts are signed after it, a lesson
is written after its case or subproject ended, a sprint's outcome after its workshop,
minutes after the meeting – and history carries the date of the event it records, never
the future."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from arena.models import Event, Lesson
from core.demo_clock import YEAR_START, demo_date
from dialogue.models import DialogueActivity, Rfi
from procurements.enums import OpeningKind, Stage
from procurements.models import (
    AwardDecision,
    Contract,
    EffectMeasurement,
    OpeningSession,
    ProcurementCase,
    Tender,
)
from projects.models import Meeting, Project
from sprints.enums import ACTIVE_SESSION_STATES
from sprints.models import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _events(obj):
    from pghistory.models import Events

    return list(Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))


def test_tender_periods_start_before_they_end():
    tenders = Tender.objects.filter(published_at__isnull=False, deadline__isnull=False)
    assert tenders.exists()
    for tender in tenders.select_related("case"):
        assert tender.published_at < tender.deadline, tender.case
        if tender.requests_deadline:
            assert tender.published_at < tender.requests_deadline, tender.case


def test_award_standstill_and_contracts_follow_the_decision():
    awards = list(AwardDecision.objects.select_related("case"))
    assert awards
    for award in awards:
        decided = timezone.localdate(award.decided_at)
        assert decided <= award.sent_on < award.standstill_ends_on, award.case
        for contract in Contract.objects.filter(case=award.case, signed_on__isnull=False):
            assert contract.signed_on > award.standstill_ends_on, (award.case, contract)
            assert contract.signed_on >= decided, (award.case, contract)


def test_lessons_are_written_after_their_case_or_subproject_ended():
    lessons = list(Lesson.objects.select_related("case", "subproject"))
    assert lessons
    for lesson in lessons:
        if lesson.case_id and lesson.case.stage in ("closed", "cancelled"):
            assert lesson.created_at >= lesson.case.stage_changed_at, lesson
        if lesson.subproject_id and lesson.subproject.ended_at:
            assert lesson.created_at >= lesson.subproject.ended_at, lesson


def test_sprint_outcomes_follow_their_workshops():
    for outcome in Outcome.objects.select_related("call_off"):
        for session in outcome.call_off.sessions.filter(state__in=ACTIVE_SESSION_STATES):
            assert outcome.created_at >= session.starts_at, outcome


def test_minutes_are_written_after_the_meeting():
    now = timezone.now()
    for activity in DialogueActivity.objects.exclude(notes=""):
        assert activity.starts_at <= now, activity
    for meeting in Meeting.objects.exclude(minutes=""):
        assert meeting.starts_at <= now, meeting
        recorded = [e for e in _events(meeting) if e.pgh_data.get("state") == "held"]
        assert recorded and recorded[0].pgh_created_at >= meeting.starts_at, meeting


def test_the_project_reads_in_order():
    project = Project.objects.get(title="Innovationsupphandling Syd")
    now = timezone.now()
    assert project.start_date < project.end_date <= timezone.localdate()
    assert project.closed_at and project.closed_at <= now
    for sub in project.subprojects.all():
        assert sub.ended_at and sub.ended_at <= project.closed_at, sub
    for grant in project.grants.all():
        assert grant.decided_on <= project.end_date
        for period in grant.periods.all():
            assert project.start_date <= period.start_date <= period.end_date <= project.end_date
        for report in grant.reports.all():
            assert report.submitted_on is None or report.submitted_on <= timezone.localdate()
    for milestone in project.milestones.all():
        assert milestone.done_on is None or milestone.done_on <= timezone.localdate()
    # the project's history is dated when it happened: created before it started, closed
    # on its closing day, nothing in the future
    events = _events(project)
    assert timezone.localdate(events[0].pgh_created_at) <= project.start_date
    assert events[-1].pgh_created_at == project.closed_at
    for sub in project.subprojects.all():
        sub_events = _events(sub)
        assert sub_events[-1].pgh_created_at == sub.ended_at, sub


def test_past_events_and_no_history_in_the_future():
    now = timezone.now()
    for event in Event.objects.filter(registrations__attended=True).distinct():
        assert event.ends_at <= now, event
        assert event.published_at is None or event.published_at <= event.starts_at, event
    from pghistory.models import Events

    assert not Events.objects.filter(pgh_created_at__gt=now).exists()


# procurements and dialogue ------------------------------------------------------------
# Every case lives in the Syd year (days -365 .. 0, a deadline or standstill up to +60),
# its steps in order, its reference carries the year it opened, the market dialogue lies
# in its case's dialogue stage and the OCDS releases are in the past, in order.

# A contract's term (and the plans that follow from it) may run for years.
_TERM_FIELDS = {
    "end_date",
    "option_deadline",
    "extended_until",
    "previous_end_date",
    "new_end_date",
}


def _day(value):
    return timezone.localdate(value) if isinstance(value, datetime.datetime) else value


def test_every_procurement_date_lies_in_the_syd_year():
    from django.apps import apps

    first, last = demo_date(YEAR_START), demo_date(60)
    for model in apps.get_app_config("procurements").get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField) and f.name not in _TERM_FIELDS
        ]
        for row in model.objects.values("pk", *fields):
            for name in fields:
                if row[name] is not None:
                    assert first <= _day(row[name]) <= last, (model.__name__, name, row)


def _steps(case):
    """The case's dates in the order its life must have them (missing steps left out)."""
    tender = getattr(case, "tender", None)
    award = getattr(case, "award", None)
    steps = [("opened", case.created_at)]
    steps += [("rfi", rfi.published_at) for rfi in Rfi.objects.filter(case=case)]
    if tender and tender.published_at:
        steps += [("published", tender.published_at)]
        steps += [("requests deadline", tender.requests_deadline)]
        steps += [("deadline", tender.deadline)]
        sessions = OpeningSession.objects.filter(case=case, kind=OpeningKind.BIDS)
        steps += [("opening", s.started_at) for s in sessions.order_by("started_at")[:1]]
    if award:
        steps += [
            ("decided", award.decided_at),
            ("sent", award.sent_on),
            ("standstill end", award.standstill_ends_on),
        ]
    signed = [c.signed_on for c in case.contracts.all() if c.signed_on]
    steps += [("signed", min(signed))] if signed else []
    measured = EffectMeasurement.objects.filter(indicator__case=case)
    steps += [("measured", m.measured_on) for m in measured.order_by("measured_on")]
    if case.stage in (Stage.CLOSED, Stage.CANCELLED):
        steps += [("closed", case.stage_changed_at)]
    return [(name, _day(value)) for name, value in steps if value is not None]


def test_each_case_takes_its_steps_in_order():
    cases = list(ProcurementCase.objects.all())
    assert len(cases) == 11
    for case in cases:
        steps = _steps(case)
        for (before, earlier), (after, later) in itertools.pairwise(steps):
            assert earlier <= later, (case.title, before, earlier, after, later)
        award = getattr(case, "award", None)
        for contract in case.contracts.filter(signed_on__isnull=False):
            assert award.standstill_ends_on < contract.signed_on, case.title


def test_a_reference_carries_the_year_its_case_opened():
    by_year = {}
    for case in ProcurementCase.objects.order_by("created_at"):
        opened = timezone.localdate(case.created_at)
        prefix, number = case.reference.split(" ")[1].split("/")
        assert int(prefix) == opened.year, (case.reference, opened)
        by_year.setdefault(opened.year, []).append(int(number))
    for numbers in by_year.values():
        assert numbers == list(range(1, len(numbers) + 1))


def test_the_framework_for_sprints_is_signed_early_in_the_year():
    contract = Contract.objects.get(case__title="Smart digital service på medborgarnas villkor")
    assert contract.signed_on <= demo_date(-240)


def test_the_market_dialogue_lies_in_its_case_dialogue_stage():
    activities = list(DialogueActivity.objects.filter(case__isnull=False))
    rfis = list(Rfi.objects.filter(case__isnull=False))
    assert activities and rfis
    for case in {a.case for a in activities} | {r.case for r in rfis}:
        first = case.created_at
        published = case.tender.published_at if hasattr(case, "tender") else None
        last = published or timezone.now()
        for activity in DialogueActivity.objects.filter(case=case):
            ends = activity.comments_until or activity.ends_at or activity.starts_at
            assert first < activity.starts_at <= ends <= last, activity
            for event in _events(activity):
                assert first < event.pgh_created_at <= last, (activity, event.pgh_label)
        for rfi in Rfi.objects.filter(case=case):
            assert first < rfi.published_at < rfi.deadline <= last, rfi
            for response in rfi.responses.exclude(submitted_at=None):
                assert rfi.published_at <= response.submitted_at <= rfi.deadline, response
            for clarification in rfi.clarifications.all():
                assert rfi.published_at <= clarification.created_at <= rfi.deadline
                assert clarification.published_at is None or (
                    clarification.created_at <= clarification.published_at <= last
                )


def test_ocds_releases_are_past_and_in_order():
    from procurements.ocds.releases import case_releases, listed_cases

    now = timezone.now()
    cases = list(listed_cases())
    assert cases
    for case in cases:
        dates = [datetime.datetime.fromisoformat(r["date"]) for r in case_releases(case)]
        assert dates and all(date <= now for date in dates), case.title
        assert dates == sorted(dates), case.title
