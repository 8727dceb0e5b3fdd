"""Calendar files as a calendar client reads them, parsed with vobject (an independent
parser, not the icalendar library that writes them): SEQUENCE rises on every change,
a CANCEL outranks the last PUBLISH, holds are TENTATIVE, ORGANIZER and ATTENDEE present."""

from datetime import timedelta

import vobject
from django.urls import reverse
from django.utils import timezone

from core.calendar import is_working_day
from dialogue.ics import activity_ics
from dialogue.models import DialogueActivity
from needs.ics import workshop_ics
from needs.models import Workshop
from sprints import services
from sprints.ics import session_ics
from sprints.models import Session


def read(data: bytes) -> tuple[str, object]:
    """(METHOD, the one VEVENT) as a client sees them; fails on anything unparsable."""
    calendar = vobject.readOne(data.decode("utf-8"))
    events = list(calendar.vevent_list)
    assert len(events) == 1
    event = events[0]
    assert event.uid.value and event.dtstamp.value
    assert event.dtstart.value < event.dtend.value
    assert event.organizer.value.lower().startswith("mailto:")
    return calendar.method.value, event


def sequence(event) -> int:
    return int(event.sequence.value)


def attendees(event) -> set[str]:
    return {a.value.lower().removeprefix("mailto:") for a in getattr(event, "attendee_list", [])}


def test_a_session_through_its_life_as_a_client_sees_it(client, make_call_off, pwc, staff, week):
    call_off = make_call_off()
    session = call_off.sessions.get(day_number=1)
    method, held = read(session_ics(session))
    assert (method, held.status.value) == ("PUBLISH", "TENTATIVE")

    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    session.refresh_from_db()
    method, confirmed = read(session_ics(session))
    assert (method, confirmed.status.value) == ("PUBLISH", "CONFIRMED")
    assert sequence(confirmed) > sequence(held)
    assert confirmed.uid.value == held.uid.value
    assert pwc.user.email in attendees(confirmed)
    assert staff.email in confirmed.organizer.value

    later = [d + timedelta(days=7) for d in week]
    if not all(is_working_day(d) for d in later):
        later = [d + timedelta(days=14) for d in week]
    services.call_off_reschedule(
        call_off=call_off, by=staff, start_date=later[0], end_date=later[4], reason="Flytt"
    )
    session.refresh_from_db()
    _method, moved = read(session_ics(session))
    assert sequence(moved) > sequence(confirmed)

    services.call_off_cancel(call_off=call_off, by=staff, reason="Inställt")
    session.refresh_from_db()
    client.force_login(staff)
    response = client.get(reverse("sprints:session-ics", args=[session.pk]))
    method, cancelled = read(response.content)
    assert (method, cancelled.status.value) == ("CANCEL", "CANCELLED")
    assert sequence(cancelled) > sequence(moved)  # higher than the last PUBLISH
    assert pwc.user.email in attendees(cancelled)


def test_a_released_hold_is_cancelled_with_a_higher_sequence(make_call_off, staff):
    call_off = make_call_off()
    session = call_off.sessions.get(day_number=1)
    _method, held = read(session_ics(session))
    services.call_off_cancel(call_off=call_off, by=staff, reason="Fel datum")
    session.refresh_from_db()
    method, released = read(session_ics(session))
    assert (method, released.status.value) == ("CANCEL", "CANCELLED")
    assert sequence(released) > sequence(held)


def test_an_expired_hold_is_released_with_a_higher_sequence(make_call_off):
    call_off = make_call_off()
    session = call_off.sessions.get(day_number=1)
    before = session.sequence
    services.release_expired_holds(now=timezone.now() + timedelta(days=400))
    session.refresh_from_db()
    method, released = read(session_ics(session))
    assert method == "CANCEL" and sequence(released) > before


def test_every_calendar_file_of_the_demo_parses(db):
    import importlib

    from core.management.commands.seed_demo import SEED_ORDER

    for app in SEED_ORDER:
        if app in ("organizations", "needs", "procurements", "dialogue", "sprints"):
            importlib.import_module(f"{app}.demo").seed()
    sessions = list(Session.objects.select_related("call_off", "room", "team"))
    workshops = list(Workshop.objects.select_related("organizer"))
    activities = list(DialogueActivity.objects.exclude(kind="consultation"))
    assert sessions and workshops and activities
    for session in sessions:
        _method, event = read(session_ics(session))
        assert event.status.value in ("TENTATIVE", "CONFIRMED", "CANCELLED")
    for workshop in workshops:
        _method, event = read(workshop_ics(workshop))
        assert attendees(event)
    for activity in activities:
        read(activity_ics(activity))
