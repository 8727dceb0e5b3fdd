"""One session as an iCalendar file: stable UID, SEQUENCE raised on change,
METHOD:CANCEL once cancelled, times in Europe/Stockholm."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .dates import STOCKHOLM
from .enums import SessionState


def _vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", "Europe/Stockholm")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", timezone.datetime(1970, 3, 29, 2, 0, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", timezone.timedelta(hours=1))
    summer.add("tzoffsetto", timezone.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", timezone.datetime(1970, 10, 25, 3, 0, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", timezone.timedelta(hours=2))
    winter.add("tzoffsetto", timezone.timedelta(hours=1))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def session_uid(session) -> str:
    return f"sprint-session-{session.uid}@samverka"


def session_ics(session) -> bytes:
    call_off = session.call_off
    cancelled = session.state in (SessionState.CANCELLED, SessionState.RELEASED)
    cal = Calendar()
    cal.add("prodid", "-//Samverka//Design sprints//SV")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    cal.add_component(_vtimezone())
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.period.lower.astimezone(STOCKHOLM))
    event.add("dtend", session.period.upper.astimezone(STOCKHOLM))
    event.add("summary", f"{call_off.title} – {session.day_number}/{call_off.sessions.count()}")
    if session.room:
        event.add("location", f"{session.room.name}, {session.room.address}".strip(", "))
    event.add("description", call_off.challenge[:1000])
    event.add("url", settings.SITE_URL + call_off.get_absolute_url())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
