"""Calendar files for meetings and events, written by the one iCalendar writer
(`core.ics`): stable UID, SEQUENCE raised on change, METHOD:CANCEL once cancelled, an
ORGANIZER (RFC 5546), times in Europe/Stockholm."""

from django.conf import settings

from core.ics import CANCELLED, CONFIRMED, CalendarEvent, Person, ics_bytes


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
    organizer: Person | None = None,
    attendees: list[Person] | None = None,
) -> bytes:
    event = CalendarEvent(
        uid=uid,
        sequence=sequence,
        start=starts_at,
        end=ends_at,
        summary=summary,
        status=CANCELLED if cancelled else CONFIRMED,
        organizer=organizer,
        attendees=attendees or [],
        location=location,
        description=description,
        url=settings.SITE_URL + url if url else "",
    )
    return ics_bytes(event, product="Projects and arena")


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
