"""One session as an iCalendar file (``core.ics``): stable UID, SEQUENCE raised on every
change, a held session TENTATIVE, METHOD:CANCEL once cancelled or released; the
municipality's contact as ORGANIZER, the supplier's team and the participants as
ATTENDEEs."""

from django.conf import settings

from core.ics import CANCELLED, CONFIRMED, TENTATIVE, CalendarEvent, Person, ics_bytes

from .enums import SessionState

STATUS = {
    SessionState.HELD: TENTATIVE,
    SessionState.CONFIRMED: CONFIRMED,
    SessionState.CANCELLED: CANCELLED,
    SessionState.RELEASED: CANCELLED,
}


def session_uid(session) -> str:
    return f"sprint-session-{session.uid}@samverka"


def _organizer(call_off) -> Person | None:
    user = call_off.created_by
    if user and user.email:
        return Person(_name(user), user.email, role="CHAIR")
    org = call_off.organization
    if org.email:
        return Person(org.contact_name or org.name, org.email, role="CHAIR")
    return None


def _name(user) -> str:
    return user.full_name or user.email


def _attendees(session) -> list[Person]:
    call_off = session.call_off
    people = []
    supplier = session.team.supplier if session.team_id else call_off.supplier
    if supplier is not None:
        team = f" ({session.team.name})" if session.team_id else ""
        for user in supplier.users.filter(is_active=True, roles__contains=["supplier"]):
            people.append(Person(f"{_name(user)}, {supplier.name}{team}", user.email))
        if not people and supplier.email:
            people.append(Person(f"{supplier.contact_name or supplier.name}{team}", supplier.email))
    for participant in call_off.participants.all():
        email = participant.email or (participant.user.email if participant.user_id else "")
        if email:
            people.append(Person(participant.name, email, role="OPT-PARTICIPANT"))
    return people


def session_ics(session) -> bytes:
    call_off = session.call_off
    location = ""
    if session.room:
        location = f"{session.room.name}, {session.room.address}".strip(", ")
    event = CalendarEvent(
        uid=session_uid(session),
        sequence=session.sequence,
        start=session.period.lower,
        end=session.period.upper,
        summary=f"{call_off.title} – {session.day_number}/{call_off.sessions.count()}",
        status=STATUS.get(session.state, CONFIRMED),
        organizer=_organizer(call_off),
        attendees=_attendees(session),
        location=location,
        description=call_off.challenge,
        url=settings.SITE_URL + call_off.get_absolute_url(),
    )
    return ics_bytes(event, product="Design sprints")
