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


# needs, sharing and sprints
# (the needs, the marketplace and the design sprints on the one Syd year; dates of the
# procurement cases are read from the database, the calendar's bounds from core.demo_clock)

CASE_CHALLENGES = ("delning", "golv", "digital service")  # their needs came first


def _year():
    from core.demo_clock import YEAR_START, demo_moment

    return demo_moment(YEAR_START, hour=0)


def _cases_from(challenge):
    from procurements.models import ProcurementCase

    return ProcurementCase.objects.filter(challenges=challenge)


def test_needs_and_challenges_come_before_the_cases_made_from_them():
    from core.demo_clock import demo_moment
    from needs.models import Challenge, Need

    now, year = timezone.now(), _year()
    for need in Need.objects.all():
        assert year <= need.created_at <= now, need
        assert need.submitted_at is None or need.created_at <= need.submitted_at <= now, need
        assert need.answered_at is None or need.submitted_at <= need.answered_at <= now, need
        if need.challenge_id:
            assert need.challenge.created_at <= need.answered_at, need
    for word in CASE_CHALLENGES:
        challenge = Challenge.objects.get(title__icontains=word)
        assert year <= challenge.created_at <= demo_moment(-335, hour=23), challenge
        for need in challenge.needs.all():
            assert need.created_at <= demo_moment(-335, hour=23), need
    furniture = Challenge.objects.get(title__icontains="möbler")
    assert year <= furniture.created_at < demo_moment(-130, hour=0)
    linked = 0
    for challenge in Challenge.objects.all():
        for case in _cases_from(challenge):
            linked += 1
            assert challenge.created_at < case.created_at, (challenge, case)
            for need in challenge.needs.all():
                assert need.created_at < case.created_at, (need, case)
            for workshop in challenge.workshops.all():
                assert workshop.ends_at < case.created_at, (workshop, case)
    assert linked >= 4  # delning, golv, digital service, möbler


def test_workshops_with_minutes_are_past_and_coming_ones_have_none():
    from needs.models import PriorityRound, Workshop

    now, year = timezone.now(), _year()
    workshops = list(Workshop.objects.all())
    assert any(w.starts_at > now for w in workshops)
    for workshop in workshops:
        assert year <= workshop.created_at <= now and workshop.created_at < workshop.starts_at
        rows = list(workshop.participations.all())
        assert all(r.invitation_sent_at is None or r.invitation_sent_at <= now for r in rows)
        assert all(r.reminder_sent_at is None or r.reminder_sent_at <= now for r in rows)
        if workshop.starts_at > now:
            assert workshop.outcome_notes == "" and workshop.attendance_recorded_at is None
            assert not any(r.attended for r in rows), workshop
        if workshop.outcome_notes:
            assert workshop.ends_at <= now, workshop
        if workshop.attendance_recorded_at:
            assert workshop.ends_at <= workshop.attendance_recorded_at <= now, workshop
    for priority_round in PriorityRound.objects.filter(decided_at__isnull=False):
        assert priority_round.created_at < priority_round.decided_at <= now
        for chosen in priority_round.round_challenges.filter(selected=True):
            for case in _cases_from(chosen.challenge):
                assert priority_round.decided_at < case.created_at, case


def test_reservations_loans_and_invoices_read_in_order_within_the_year():
    from core.demo_clock import demo_date
    from sharing.enums import BookingState
    from sharing.models import Booking, InvoiceLine

    now, today = timezone.now(), timezone.localdate()
    first, last = demo_date(-365), demo_date(60)
    bookings = list(Booking.objects.select_related("listing"))
    assert len(bookings) > 100
    for booking in bookings:
        listing = booking.listing
        assert _year() <= listing.created_at < booking.created_at <= now, booking
        assert listing.available_from <= booking.start_date, booking
        assert first <= booking.start_date <= last, booking
        assert booking.end_date is None or booking.start_date <= booking.end_date <= last
        steps = [booking.created_at, booking.decided_at, booking.picked_up_at]
        steps += [booking.returned_at or booking.handed_over_at]
        steps = [s for s in steps if s]
        assert steps == sorted(steps) and steps[-1] <= now, booking
        if booking.state in (BookingState.REQUESTED, BookingState.APPROVED, BookingState.HELD):
            assert booking.start_date >= today, booking  # an open one lies ahead
        if booking.state == BookingState.PICKED_UP:
            assert booking.start_date <= today and booking.picked_up_at, booking
        if booking.state == BookingState.RETURNED:
            assert booking.returned_at and booking.end_date <= today, booking
            assert timezone.localdate(booking.returned_at) == booking.end_date, booking
    lines = list(InvoiceLine.objects.select_related("booking"))
    assert lines
    for line in lines:
        booking = line.booking
        assert first <= line.date <= today, line
        done = booking.returned_at or booking.handed_over_at
        assert done and timezone.localdate(done) <= line.date, line  # after the loan
        if booking.end_date:
            assert line.date >= booking.end_date, line


def test_exchanges_are_offered_before_they_are_answered():
    from sharing.models import ExchangeOffer

    now = timezone.now()
    offers = list(ExchangeOffer.objects.select_related("offered_listing", "wanted_listing"))
    assert len(offers) == 2 and any(o.completed_at for o in offers)
    for offer in offers:
        assert _year() <= offer.created_at <= now, offer
        assert offer.offered_listing.created_at < offer.created_at, offer
        assert offer.wanted_listing.created_at < offer.created_at, offer
        steps = [m for m in (offer.created_at, offer.answered_at, offer.completed_at) if m]
        assert steps == sorted(steps) and steps[-1] <= now, offer
        assert [e.pgh_created_at for e in _events(offer)] == steps


def test_each_listing_photo_is_generated_for_its_own_listing():
    from django.utils.text import slugify

    from sharing.demo import ITEMS, SPECIAL
    from sharing.models import ListingPhoto

    names = {item[0] for item in [*ITEMS, *SPECIAL]}
    photos = list(ListingPhoto.objects.select_related("listing"))
    assert len(photos) > 200
    for photo in photos:
        item = photo.listing.title.split(" – ")[0]  # "Soffa tresits – Ystad 12" → its item
        assert item in names, photo.listing
        stem = f"sharing/demo/{slugify(item)[:40]}-"
        assert photo.image.name.startswith(stem) and photo.thumbnail.name.startswith(stem)
        assert photo.image.name.removeprefix(stem) in ("1.jpg", "2.jpg"), photo.image.name
        assert photo.alt_text == photo.listing.title


def test_sprint_call_offs_follow_the_framework_and_outcomes_their_sessions():
    from procurements.models import Contract
    from sprints.enums import SessionState
    from sprints.models import CallOff, FrameworkAgreement, Session

    now = timezone.now()
    contract = Contract.objects.get(
        case__title="Smart digital service på medborgarnas villkor", kind="framework"
    )
    assert contract.signed_on
    agreement = FrameworkAgreement.objects.get()
    assert agreement.start_date >= contract.signed_on
    assert timezone.localdate(agreement.created_at) > contract.signed_on
    call_offs = list(CallOff.objects.all())
    assert len(call_offs) >= 8
    for call_off in call_offs:
        assert timezone.localdate(call_off.created_at) > contract.signed_on, call_off
        assert call_off.start_date > contract.signed_on, call_off
        assert call_off.created_at <= now and call_off.created_at.date() <= call_off.start_date
    for session in Session.objects.all():
        start, end = session.period.lower, session.period.upper
        if end <= now:
            assert session.state != SessionState.HELD, session  # a hold is for a coming day
        if session.state == SessionState.HELD:
            assert start > now, session
    linked = 0
    for outcome in Outcome.objects.select_related("call_off", "procurement_case"):
        sessions = outcome.call_off.sessions.filter(state__in=ACTIVE_SESSION_STATES)
        last = max(s.period.upper for s in sessions)
        assert last <= outcome.created_at <= now, outcome
        assert outcome.call_off.created_at < outcome.created_at
        if outcome.procurement_case_id:
            linked += 1
            assert outcome.created_at < outcome.procurement_case.created_at, outcome
    assert linked >= 1


def test_each_coming_call_off_was_made_and_answered_in_order():
    """The call-offs of the coming weeks were made over the last weeks: each offer made
    after its call-off, answered before its deadline, an expired one passed on only once
    its time had run out, the pending ones still open, the competition's answers after
    it was called and before its deadline."""
    from sprints.enums import CallOffState, OfferState
    from sprints.models import CallOff

    now = timezone.now()
    coming = CallOff.objects.exclude(state=CallOffState.COMPLETED).prefetch_related("offers")
    assert {c.state for c in coming} >= {
        "booked",
        "offered",
        "cancelled",
        "no_supplier",
        "competition",
    }
    made_earlier = 0
    for call_off in coming:
        made_earlier += call_off.created_at < now - datetime.timedelta(days=1)
        offers = sorted(call_off.offers.all(), key=lambda o: o.rank)
        for offer, following in itertools.zip_longest(offers, offers[1:]):
            assert call_off.created_at <= offer.offered_at <= now, offer
            if offer.answered_at:
                assert offer.offered_at <= offer.answered_at <= offer.response_deadline, offer
            if offer.state == OfferState.EXPIRED:
                assert following and offer.response_deadline <= following.offered_at, offer
            if offer.state == OfferState.PENDING:
                assert offer.response_deadline > now, offer
        if call_off.cancelled_at:
            assert call_off.created_at < call_off.cancelled_at <= now, call_off
        for answer in call_off.competition_answers.all():
            assert call_off.created_at < answer.created_at <= now, answer
            assert answer.created_at < call_off.competition_deadline, answer
    assert made_earlier >= 5


def test_notifications_are_dated_when_their_event_happened():
    """A notification is dated at the step that caused it: only the reports built today
    and today's registration for the study visit are from the seeding day."""
    from core.demo_clock import seeding_started
    from notifications.models import Notification

    notifications = Notification.objects.all()
    assert notifications.filter(event__startswith="procurements.").count() >= 10
    assert notifications.filter(event__startswith="sprints.").count() >= 10
    today = set(
        notifications.filter(created_at__gte=seeding_started()).values_list("event", flat=True)
    )
    assert today <= {"reports.done", "arena.registration"}, today
    assert not notifications.filter(created_at__lt=_year()).exists()
    assert not notifications.filter(created_at__gt=timezone.now()).exists()


def test_history_of_needs_sharing_and_sprints_lies_between_creation_and_now():
    """Every event the demo dated lies between its row's creation and now (events left
    at the seeding time are the seeding's own: a row made today through a service)."""
    from django.db.models import OuterRef, Subquery

    from core import demo_clock
    from needs.models import Challenge, Need, PriorityRound, Workshop, WorkshopGuest
    from sharing.models import Booking, ExchangeOffer, Listing, TransportTask
    from sprints.models import CallOff, FrameworkAgreement, Offer, Participant, Session

    now = timezone.now()
    models = [Need, Challenge, Workshop, WorkshopGuest, PriorityRound]
    models += [Listing, Booking, ExchangeOffer, TransportTask]
    models += [FrameworkAgreement, CallOff, Offer, Session, Participant, Outcome]
    for model in models:
        created = model.objects.filter(pk=OuterRef("pgh_obj_id")).values("created_at")[:1]
        for event_model in demo_clock.event_models(model):
            events = event_model.objects.annotate(row_created=Subquery(created))
            assert events.exists(), model
            # an event the demo dated (before the seeding began) is not before its row
            dated = events.filter(pgh_created_at__lt=demo_clock._STARTED)
            assert dated.exists() or model is TransportTask, model  # (transports: today)
            early = dated.filter(pgh_created_at__lt=_less_a_second("row_created"))
            assert not early.exists(), (model, list(early.values("pgh_obj_id")[:5]))
            assert not events.filter(pgh_created_at__gt=now).exists(), model


def _less_a_second(field):
    """The creation moment less a second (a row and its insert event may differ by the
    database's statement time)."""
    import datetime

    from django.db.models import F

    return F(field) - datetime.timedelta(seconds=1)


# projects and arena -------------------------------------------------------------------
# The Syd project lies in the same year: registered before its planning grant, each
# subproject started after the challenge and case it links existed and linked its sprint
# call-off and sharing pilots only once they existed, the floor subproject ended the day
# its case was cancelled, and every date and history event of the project and the arena
# lies within the year (a coming study visit and a report due up to +60).


def test_every_project_and_arena_date_lies_in_the_syd_year():
    from django.apps import apps

    first, last = demo_date(YEAR_START), demo_date(60)
    checked = 0
    for app in ("projects", "arena"):
        for model in apps.get_app_config(app).get_models():
            fields = [
                f.name for f in model._meta.concrete_fields if isinstance(f, models.DateField)
            ]
            for row in model.objects.values("pk", *fields):
                for name in fields:
                    if row[name] is not None:
                        checked += 1
                        assert first <= _day(row[name]) <= last, (model.__name__, name, row)
    assert checked > 100


def test_a_subproject_starts_after_what_it_links_exists():
    from pghistory.models import Events

    from projects.models import Subproject

    subprojects = list(Subproject.objects.prefetch_related("challenges", "cases"))
    assert len(subprojects) == 4
    project = subprojects[0].project
    linked = {"challenges": 0, "cases": 0, "later": 0}
    for sub in subprojects:
        assert project.created_at <= sub.created_at <= sub.ended_at, sub
        for challenge in sub.challenges.all():
            linked["challenges"] += 1
            assert challenge.created_at < sub.created_at, (sub, challenge)
        for case in sub.cases.all():
            linked["cases"] += 1
            assert case.created_at < sub.created_at, (sub, case)
        # a call-off or a pilot listing is linked by an edit made after it existed
        history = sorted(e.pgh_created_at for e in Events.objects.tracks(sub))
        for later in [*sub.call_offs.all(), *sub.listings.all()]:
            linked["later"] += 1
            assert any(later.created_at < moment <= sub.ended_at for moment in history), (
                sub,
                later,
                history,
            )
    assert linked["challenges"] == 3 and linked["cases"] == 3 and linked["later"] >= 2


def test_the_floor_subproject_ends_the_day_its_case_was_cancelled():
    from projects.models import LogEntry, Subproject

    floor = Subproject.objects.get(state="cancelled")
    case = floor.cases.get()
    assert case.stage == Stage.CANCELLED
    cancelled = timezone.localdate(case.stage_changed_at)
    assert timezone.localdate(floor.ended_at) == cancelled
    decision = LogEntry.objects.get(title="Golvupphandlingen avbryts")
    assert decision.decided_on == cancelled
    meeting = Meeting.objects.get(title="Styrgruppsmöte: golvupphandlingen")
    assert timezone.localdate(meeting.starts_at) == cancelled


def test_the_project_history_lies_in_the_year_and_after_each_row_was_made():
    from django.db.models import OuterRef, Subquery

    from core import demo_clock
    from projects.models import Grant, LogEntry, ProjectGroup, Subproject

    now, year = timezone.now(), _year()
    for model in [Project, Subproject, LogEntry, Grant, ProjectGroup, Meeting]:
        created = model.objects.filter(pk=OuterRef("pgh_obj_id")).values("created_at")[:1]
        for event_model in demo_clock.event_models(model):
            events = event_model.objects.annotate(row_created=Subquery(created))
            assert events.exists(), model
            assert not events.filter(pgh_created_at__gte=demo_clock._STARTED).exists(), model
            early = events.filter(pgh_created_at__lt=_less_a_second("row_created"))
            assert not early.exists(), (model, list(early.values("pgh_obj_id")[:5]))
            assert not events.filter(pgh_created_at__lt=year).exists(), model
            assert not events.filter(pgh_created_at__gt=now).exists(), model


# organisations ------------------------------------------------------------------------
# Everyone was registered before the year in which they act; the forming network and its
# invitations are recent, an answer comes after its invitation, the former colleague
# left after joining.


def test_everyone_was_registered_before_they_act():
    from core.demo_clock import demo_moment
    from organizations.demo import FORMING_SLUG
    from organizations.models import Network, NetworkInvitation, Organization, User

    year, now = _year(), timezone.now()
    people = User.objects.filter(email__endswith=".example")
    assert people.count() > 40
    assert not people.filter(date_joined__gte=year).exists()
    demo_orgs = Organization.objects.filter(users__email__endswith=".example").distinct()
    assert not demo_orgs.filter(created_at__gte=year).exists()
    assert not Network.objects.exclude(slug=FORMING_SLUG).filter(created_at__gte=year).exists()
    forming = Network.objects.get(slug=FORMING_SLUG)
    assert demo_moment(-60) < forming.created_at < now
    invitations = list(NetworkInvitation.objects.filter(network=forming))
    assert len(invitations) == 2
    for invitation in invitations:
        assert forming.created_at < invitation.created_at < now
        assert invitation.decided_at is None or invitation.created_at < invitation.decided_at
        history = _events(invitation)
        assert history[0].pgh_created_at == invitation.created_at
        assert history[-1].pgh_created_at == (invitation.decided_at or invitation.created_at)
    former = User.objects.get(email="tidigare@ystad.example")
    left = [e for e in _events(former) if e.pgh_data.get("is_active") is False]
    assert left and former.date_joined < left[0].pgh_created_at < now
    for person in people.filter(is_active=True)[:20]:
        for event in _events(person):
            assert person.date_joined <= event.pgh_created_at <= now, (person, event)


def test_the_network_portfolio_report_covers_the_syd_year():
    from reports.models import Report

    report = Report.objects.get(kind="reports.network_portfolio")
    assert report.params["period_start"] == demo_date(YEAR_START).isoformat()
