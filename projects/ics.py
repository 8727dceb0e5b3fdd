"""Calendar files (iCalendar) for meetings and events: stable UID, SEQUENCE raised on
change, METHOD:CANCEL once cancelled, times in Europe/Stockholm (as sprints do)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def event_ics(
    *,
    uid: str,
    sequence: int,
    starts_at,
    ends_at,
    summary: str,
    location: str = "",
    description: str = "",
    url: str = "",
    cancelled: bool = False,
) -> bytes:
    from sprints.ics import _vtimezone

    cal = Calendar()
    cal.add("prodid", "-//Samverka//Projects and arena//SV")
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    cal.add_component(_vtimezone())
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at.astimezone(STOCKHOLM))
    event.add("dtend", ends_at.astimezone(STOCKHOLM))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description[:1000])
    if url:
        event.add("url", settings.SITE_URL + url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()


def meeting_ics(meeting) -> bytes:
    return event_ics(
        uid=f"project-meeting-{meeting.uid}@samverka",
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"{meeting.group.name}: {meeting.title}",
        location=meeting.location,
        description=meeting.agenda,
        url=meeting.get_absolute_url(),
        cancelled=meeting.state == "cancelled",
    )
