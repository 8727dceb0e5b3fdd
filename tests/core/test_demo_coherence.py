"""The demo reads like one calendar (#24): seeded once for the module (in a transaction
rolled back at the end), no date contradicts another – a tender period starts before it
ends, the standstill follows the award decision, contracts are signed after it, a lesson
is written after its case or subproject ended, a sprint's outcome after its workshop,
minutes after the meeting – and history carries the date of the event it records, never
the future."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from arena.models import Event, Lesson
from dialogue.models import DialogueActivity
from procurements.models import AwardDecision, Contract, Tender
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
