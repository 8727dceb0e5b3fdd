import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from icalendar import Calendar

from core.calendar import is_working_day
from sprints import services
from sprints.enums import SessionState
from sprints.ics import session_ics
from sprints.models import CallOff, Session


def _event(ics_bytes):
    calendar = Calendar.from_ical(ics_bytes)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def test_ics_parses_back_with_stable_uid_and_sequence(make_call_off, pwc, staff, week):
    call_off = make_call_off()
    services.offer_respond(offer=call_off.offers.get(), by=pwc.user, accept=True)
    session = call_off.sessions.get(day_number=1)
    calendar, event = _event(session_ics(session))
    assert str(calendar["METHOD"]) == "PUBLISH"
    uid = str(event["UID"])
    assert uid == f"sprint-session-{session.uid}@samverka"
    first = int(event["SEQUENCE"])
    assert first >= 1  # held, then confirmed: two revisions of the same event
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "ORGANIZER" in event
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Stockholm"
    assert event["DTSTART"].dt.hour == 9 and event["DTEND"].dt.hour == 16
    assert any(c.name == "VTIMEZONE" for c in calendar.walk())

    later = [d + timedelta(days=7) for d in week]
    if not all(is_working_day(d) for d in later):
        later = [d + timedelta(days=14) for d in week]
    services.call_off_reschedule(
        call_off=call_off, by=staff, start_date=later[0], end_date=later[4], reason="Flytt"
    )
    session.refresh_from_db()
    _calendar, moved = _event(session_ics(session))
    assert str(moved["UID"]) == uid
    assert int(moved["SEQUENCE"]) == first + 1
    assert moved["DTSTART"].dt.date() == later[0]

    services.call_off_cancel(call_off=call_off, by=staff, reason="Inställt")
    session.refresh_from_db()
    cancelled_cal, cancelled = _event(session_ics(session))
    assert str(cancelled_cal["METHOD"]) == "CANCEL"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == uid
    assert int(cancelled["SEQUENCE"]) == first + 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_same_room_only_one_wins(make_call_off):
    """Two municipalities' staff book the same room at the same time: the exclusion
    constraint lets exactly one through, the other gets a clear message."""
    barrier = threading.Barrier(2)
    results = []

    def book(title):
        try:
            barrier.wait(timeout=10)
            make_call_off(title=title)
            results.append("ok")
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(f"Sprint {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results.count("ok") == 1
    (error,) = [r for r in results if r != "ok"]
    assert isinstance(error, ValidationError)
    assert list(error.message_dict) == ["room"]
    assert CallOff.objects.count() == 1
    assert Session.objects.filter(state=SessionState.HELD).count() == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_for_same_team_only_one_wins(make_call_off, pwc):
    """Two offers to PwC for the same days (different rooms): accepting both at once with
    the same facilitator team; the exclusion constraint lets exactly one booking through."""
    first = make_call_off(title="A", room=None)
    second = make_call_off(title="B", room=None)
    offers = [first.offers.get(), second.offers.get()]
    barrier = threading.Barrier(2)
    results = []

    def accept(offer):
        try:
            barrier.wait(timeout=10)
            services.offer_respond(offer=offer, by=pwc.user, accept=True, team=pwc.team)
            results.append("ok")
        except Exception as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results.count("ok") == 1, results
    (error,) = [r for r in results if r != "ok"]
    assert isinstance(error, ValidationError)
    assert list(error.message_dict) == ["team"]
    assert Session.objects.filter(state=SessionState.CONFIRMED, team=pwc.team).count() == 5
    assert CallOff.objects.filter(state="booked").count() == 1
