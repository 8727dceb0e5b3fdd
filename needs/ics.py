"""A workshop as an iCalendar file: stable UID, SEQUENCE from its updates, a cancellation
once cancelled (so calendars that imported it drop it)."""

from django.conf import settings
from icalendar import Calendar, Event


def workshop_ics(workshop) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Samverka//Workshops//SV")
    cal.add("version", "2.0")
    cancelled = workshop.cancelled_at is not None
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"workshop-{workshop.pk}@samverka")
    event.add("dtstamp", workshop.updated_at)
    event.add("sequence", int(workshop.updated_at.timestamp()))
    event.add("dtstart", workshop.starts_at)
    event.add("dtend", workshop.ends_at)
    event.add("summary", workshop.title)
    event.add("location", workshop.place or workshop.online_link)
    if workshop.online_link:
        event.add("url", workshop.online_link)
    description = workshop.agenda or ""
    event.add("description", f"{description}\n\n{settings.SITE_URL}{workshop.get_absolute_url()}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
