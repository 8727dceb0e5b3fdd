"""A workshop as an iCalendar file (``core.ics``): the organiser and every participant,
SEQUENCE raised on each change, METHOD:CANCEL once the workshop is cancelled."""

from django.conf import settings

from core.ics import CANCELLED, CONFIRMED, CalendarEvent, Person, ics_bytes


def workshop_uid(workshop) -> str:
    return f"needs-workshop-{workshop.pk}@samverka"


def workshop_ics(workshop, *, guest=None) -> bytes:
    """For a `guest` the file names only the guest (not the network's participants) and
    links to the guest's own page."""
    organizer = workshop.organizer
    if guest is not None:
        attendees = [Person(guest.name, guest.email)]
    else:
        attendees = [
            Person(p.user.full_name or p.user.email, p.user.email)
            for p in workshop.participations.select_related("user")
            if p.user.email
        ]
    place = workshop.place or workshop.online_link
    event = CalendarEvent(
        uid=workshop_uid(workshop),
        sequence=workshop.sequence + (1 if workshop.cancelled_at else 0),
        start=workshop.starts_at,
        end=workshop.ends_at,
        summary=workshop.title,
        status=CANCELLED if workshop.cancelled_at else CONFIRMED,
        organizer=Person(organizer.full_name or organizer.email, organizer.email, role="CHAIR"),
        attendees=attendees,
        location=place,
        description=workshop.agenda,
        url="" if guest is not None else settings.SITE_URL + workshop.get_absolute_url(),
    )
    return ics_bytes(event, product="Workshops")
