"""iCalendar files that calendar clients obey (RFC 5545 and the iTIP rules of RFC 5546).

One place for every ``.ics`` Samverka serves (sprint sessions, need workshops, dialogue
meetings):

- a stable ``UID`` per event and a ``SEQUENCE`` that the caller raises on every change
  (time, place, state, release), so a client replaces the old copy;
- ``METHOD:PUBLISH`` while the event stands, ``METHOD:CANCEL`` with ``STATUS:CANCELLED``
  once it is cancelled or released — always with a higher ``SEQUENCE`` than the last
  PUBLISH, or clients ignore it;
- ``STATUS:TENTATIVE`` for a time that is only held, ``CONFIRMED`` for a booked one;
- ``ORGANIZER`` and ``ATTENDEE`` properties (RFC 5546 requires an organiser for PUBLISH
  and CANCEL, and attendees for CANCEL), with the names as ``CN``;
- times in Europe/Stockholm with its ``VTIMEZONE``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TENTATIVE, CONFIRMED, CANCELLED = "TENTATIVE", "CONFIRMED", "CANCELLED"


@dataclass
class Person:
    name: str
    email: str
    role: str = "REQ-PARTICIPANT"  # or OPT-PARTICIPANT, CHAIR, NON-PARTICIPANT


@dataclass
class CalendarEvent:
    uid: str
    sequence: int
    start: dt.datetime
    end: dt.datetime
    summary: str
    status: str = CONFIRMED
    organizer: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    location: str = ""
    description: str = ""
    url: str = ""


def _vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", "Europe/Stockholm")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1970, 3, 29, 2, 0, 0))  # noqa: DTZ001 (floating, RFC 5545)
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1970, 10, 25, 3, 0, 0))  # noqa: DTZ001
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _address(person: Person, *, attendee: bool) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = person.name or person.email
    if attendee:
        address.params["role"] = person.role
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["cutype"] = "INDIVIDUAL"
    return address


def organizer_fallback() -> Person:
    """The platform's own address, for an event whose organiser has no e-mail address."""
    email = getattr(settings, "DEFAULT_FROM_EMAIL", "") or "noreply@samverka.invalid"
    return Person("Samverka", email.split("<")[-1].rstrip(">").strip())


def ics_bytes(event: CalendarEvent, *, product: str) -> bytes:
    """One event as a calendar file; cancelled events are sent as METHOD:CANCEL."""
    cancelled = event.status == CANCELLED
    cal = Calendar()
    cal.add("prodid", f"-//Samverka//{product}//SV")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    cal.add_component(_vtimezone())
    item = Event()
    item.add("uid", event.uid)
    item.add("sequence", event.sequence)
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.start.astimezone(STOCKHOLM))
    item.add("dtend", event.end.astimezone(STOCKHOLM))
    item.add("summary", event.summary)
    if event.location:
        item.add("location", event.location)
    if event.description:
        item.add("description", event.description[:1000])
    if event.url:
        item.add("url", event.url)
    item.add("status", event.status)
    if event.status == TENTATIVE:
        item.add("transp", "OPAQUE")
    organizer = event.organizer or organizer_fallback()
    item.add("organizer", _address(organizer, attendee=False))
    seen = {organizer.email.lower()}
    for person in event.attendees:
        if person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            item.add("attendee", _address(person, attendee=True))
    cal.add_component(item)
    return cal.to_ical()
