"""A dialogue meeting (supplier meeting, workshop, visit, demonstration...) as an
iCalendar file (``core.ics``): the officer who planned it as ORGANIZER, the municipality's
participants and the suppliers' people as ATTENDEEs, SEQUENCE raised on each change."""

from datetime import timedelta

from django.conf import settings

from core.ics import CONFIRMED, CalendarEvent, Person, ics_bytes

from .enums import ActivityKind


def has_calendar_file(activity) -> bool:
    """A meeting has a time; a consultation round is a period for comments, not a meeting."""
    return activity.kind != ActivityKind.CONSULTATION


def activity_uid(activity) -> str:
    return f"dialogue-activity-{activity.pk}@samverka"


def activity_ics(activity) -> bytes:
    creator = activity.created_by
    attendees = [
        Person(u.full_name or u.email, u.email)
        for u in activity.internal_participants.all()
        if u.email
    ]
    for user in activity.supplier_participants.select_related("organization"):
        if user.email:
            name = user.full_name or user.email
            attendees.append(Person(f"{name}, {user.organization.name}", user.email))
    event = CalendarEvent(
        uid=activity_uid(activity),
        sequence=activity.sequence,
        start=activity.starts_at,
        end=activity.ends_at or activity.starts_at + timedelta(hours=1),
        summary=f"{activity.get_kind_display()}: {activity.title}",
        status=CONFIRMED,
        organizer=Person(creator.full_name or creator.email, creator.email, role="CHAIR"),
        attendees=attendees,
        location=activity.location,
        description=activity.purpose,
        url=settings.SITE_URL + activity.get_absolute_url(),
    )
    return ics_bytes(event, product="Market dialogue")
