"""Running the sprint: participants, warnings, invitations, outcome, follow-through."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.files import validate_upload
from core.history import acting_as
from core.tasks import enqueue_on_commit

from .. import dates
from ..enums import (
    DECIDER_PHASES,
    MAX_CORE_TEAM,
    MAX_TEST_USERS,
    CallOffState,
    ParticipantRole,
    Phase,
    SessionState,
)
from ..models import (
    CallOff,
    Evaluation,
    Outcome,
    Participant,
    Prototype,
    Session,
)
from ._common import (
    PROTOTYPE_MAX_BYTES,
    _check_manage,
    _now,
    _transition,
)

# --- running the sprint ------------------------------------------------------------------


def test_day_session(call_off: CallOff) -> Session | None:
    for session in call_off.sessions.all():
        if Phase.TEST in dates.phases_of_day(call_off.format, session.day_number):
            return session
    return None


def participant_add(
    *,
    call_off: CallOff,
    by,
    role: str,
    name: str,
    email: str = "",
    affiliation: str = "",
    is_citizen: bool = False,
    consent: bool = False,
    test_slot_start: datetime | None = None,
    user=None,
) -> Participant:
    """Add a participant: at most seven in the core team, five test users with their own
    time slots on the test day, recorded consent for citizens."""
    _check_manage(call_off, by)
    call_off.refresh_from_db()
    if call_off.state not in (CallOffState.BOOKED, CallOffState.OFFERED, CallOffState.COMPETITION):
        raise ValidationError(_("Participants can be added until the sprint is over."))
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    with transaction.atomic(), acting_as(by, reason="participant added"):
        CallOff.objects.select_for_update().get(pk=call_off.pk)
        count = call_off.participants.filter(role=role).count()
        if role == ParticipantRole.CORE_TEAM and count >= MAX_CORE_TEAM:
            raise ValidationError(
                {
                    "role": _(
                        "The core team has %(max)s people already, the most a sprint works "
                        "with. Add the person as an expert instead."
                    )
                    % {"max": MAX_CORE_TEAM}
                }
            )
        if role == ParticipantRole.TEST_USER:
            if count >= MAX_TEST_USERS:
                raise ValidationError(
                    {"role": _("A sprint tests with %(max)s users.") % {"max": MAX_TEST_USERS}}
                )
            test_session = test_day_session(call_off)
            if test_session is None:
                raise ValidationError(
                    {"role": _("This format has no test day, so it has no test users.")}
                )
            if test_slot_start is None or not (
                test_session.period.lower <= test_slot_start
                and test_slot_start + timedelta(minutes=45) <= test_session.period.upper
            ):
                raise ValidationError(
                    {
                        "test_slot_start": _(
                            "Give the interview a time on the test day (%(day)s, 09–16)."
                        )
                        % {"day": test_session.period.lower.astimezone(dates.STOCKHOLM).date()}
                    }
                )
            if call_off.participants.filter(test_slot_start=test_slot_start).exists():
                raise ValidationError(
                    {"test_slot_start": _("Another test user already has that time.")}
                )
            if is_citizen and not consent:
                raise ValidationError(
                    {"consent": _("Record the citizen's consent before the interview is booked.")}
                )
        else:
            test_slot_start = None
        return Participant.objects.create(
            call_off=call_off,
            role=role,
            name=name.strip(),
            email=email.strip(),
            affiliation=affiliation.strip(),
            user=user,
            is_citizen=is_citizen and role == ParticipantRole.TEST_USER,
            consent_at=_now() if (consent and role == ParticipantRole.TEST_USER) else None,
            test_slot_start=test_slot_start,
        )


def participant_remove(*, participant: Participant, by) -> None:
    _check_manage(participant.call_off, by)
    with transaction.atomic(), acting_as(by, reason="participant removed"):
        participant.delete()


def participant_set_absence(*, participant: Participant, by, sessions) -> Participant:
    _check_manage(participant.call_off, by)
    sessions = list(sessions)
    if any(session.call_off_id != participant.call_off_id for session in sessions):
        raise ValidationError(_("Choose sessions of this sprint."))
    with transaction.atomic(), acting_as(by, reason="absence recorded"):
        participant.absent_from.set(sessions)
    return participant


def decider_warnings(call_off: CallOff, participants=None, sessions=None) -> list[str]:
    """Warnings when no decider is present at a map, decide or test session."""
    participants = list(participants if participants is not None else call_off.participants.all())
    sessions = list(sessions if sessions is not None else call_off.sessions.all())
    deciders = [p for p in participants if p.role == ParticipantRole.DECIDER]
    if not deciders:
        return [_("The sprint has no decider yet: add one before the map session.")]
    warnings = []
    for session in sessions:
        phases = dates.phases_of_day(call_off.format, session.day_number)
        key_phases = [p for p in phases if p in DECIDER_PHASES]
        if not key_phases:
            continue
        present = [d for d in deciders if session not in d.absent_from.all()]
        if not present:
            warnings.append(
                _("No decider is present on day %(day)s (%(phases)s).")
                % {
                    "day": session.day_number,
                    "phases": ", ".join(str(Phase(p).label).lower() for p in key_phases),
                }
            )
    return warnings


def invitations_send(*, call_off: CallOff, by) -> None:
    _check_manage(call_off, by)
    if call_off.state != CallOffState.BOOKED:
        raise ValidationError(_("Invitations go out once the sprint is booked."))
    from ..tasks import send_invitations

    enqueue_on_commit(send_invitations, call_off.pk)


def outcome_record(
    *,
    call_off: CallOff,
    by,
    sprint_questions: str,
    test_findings: str = "",
    next_steps: str = "",
    need=None,
    challenge=None,
    procurement_case=None,
) -> Outcome:
    """Record (or revise) what the sprint produced; a sprint whose days are over completes."""
    _check_manage(call_off, by)
    call_off.refresh_from_db()
    if call_off.state not in (CallOffState.BOOKED, CallOffState.COMPLETED):
        raise ValidationError(_("Only a booked sprint has an outcome."))
    if call_off.start_date > dates.local_today():
        raise ValidationError(_("The outcome is recorded once the sprint has started."))
    if not sprint_questions.strip():
        raise ValidationError({"sprint_questions": _("Write down the sprint questions.")})
    with transaction.atomic(), acting_as(by, reason="outcome recorded"):
        call_off = CallOff.objects.select_for_update().get(pk=call_off.pk)
        outcome, _created = Outcome.objects.update_or_create(
            call_off=call_off,
            defaults={
                "sprint_questions": sprint_questions.strip(),
                "test_findings": test_findings.strip(),
                "next_steps": next_steps.strip(),
                "need": need,
                "challenge": challenge,
                "procurement_case": procurement_case,
                "recorded_by": by,
            },
        )
        if call_off.state == CallOffState.BOOKED and call_off.end_date <= dates.local_today():
            _transition(call_off, CallOffState.COMPLETED)
            call_off.save(update_fields=["state", "updated_at"])
    return outcome


def prototype_add(
    *,
    outcome: Outcome,
    by,
    title: str,
    description: str = "",
    audience: str = "",
    link: str = "",
    file=None,
) -> Prototype:
    _check_manage(outcome.call_off, by)
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    if not link and file is None:
        raise ValidationError({"link": _("Add a link or a file for the prototype.")})
    if file is not None:
        try:
            validate_upload(file, max_bytes=PROTOTYPE_MAX_BYTES)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from None
    with transaction.atomic(), acting_as(by, reason="prototype added"):
        prototype = Prototype(
            outcome=outcome,
            title=title.strip(),
            description=description.strip(),
            audience=audience.strip(),
            link=link,
        )
        if file is not None:
            prototype.file = file
            prototype.file_name = file.name[:200]
        prototype.save()
    return prototype


def outcome_start_need(*, outcome: Outcome, by):
    """Start a need (a draft in needs/) from the outcome and link it.

    The need is written through `needs.services.need_create`, with its permission (a
    municipal user, for their own municipality) and its validation (a title and a problem).
    """
    from needs.services import need_create

    _check_manage(outcome.call_off, by)
    if outcome.need_id:
        raise ValidationError(_("The outcome already serves a need."))
    call_off = outcome.call_off
    if by.organization_id != call_off.organization_id:
        raise PermissionDenied(_("Only the municipality that ran the sprint starts its need."))
    problem = "\n\n".join(
        part for part in (call_off.challenge, outcome.sprint_questions, outcome.next_steps) if part
    )
    with transaction.atomic():
        need = need_create(author=by, title=call_off.title, problem=problem)
        with acting_as(by, reason="need started from sprint"):
            outcome.need = need
            outcome.save(update_fields=["need", "updated_at"])
    return need


def outcome_start_procurement(*, outcome: Outcome, by):
    """Start a procurement case from the outcome (officers and coordinators) and link it."""
    from procurements.services import procurement_create

    _check_manage(outcome.call_off, by)
    if outcome.procurement_case_id:
        raise ValidationError(_("The outcome already leads to a procurement case."))
    with transaction.atomic():
        case = procurement_create(
            created_by=by,
            title=outcome.call_off.title,
            lead_organization=outcome.call_off.organization,
            needs=[outcome.need] if outcome.need_id else (),
            challenges=[outcome.challenge] if outcome.challenge_id else (),
        )
        with acting_as(by, reason="procurement started from sprint"):
            outcome.procurement_case = case
            outcome.save(update_fields=["procurement_case", "updated_at"])
    return case


def evaluation_submit(
    *,
    call_off: CallOff,
    by,
    rating: int,
    facilitation_rating: int,
    most_useful: str = "",
    improve: str = "",
) -> Evaluation:
    """A participant's evaluation, once per person, after the sprint has started."""
    is_participant = call_off.participants.filter(user=by).exists() or (
        by.organization_id == call_off.organization_id
    )
    if not is_participant:
        raise PermissionDenied(_("Only the sprint's participants evaluate it."))
    if call_off.state not in (CallOffState.BOOKED, CallOffState.COMPLETED) or (
        call_off.start_date > dates.local_today()
    ):
        raise ValidationError(_("The sprint can be evaluated once it has taken place."))
    for field, value in (("rating", rating), ("facilitation_rating", facilitation_rating)):
        if value is None or not 1 <= int(value) <= 5:
            raise ValidationError({field: _("Choose 1 to 5.")})
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                call_off=call_off,
                user=by,
                rating=rating,
                facilitation_rating=facilitation_rating,
                most_useful=most_useful.strip(),
                improve=improve.strip(),
            )
    except IntegrityError:
        raise ValidationError(_("You have already evaluated this sprint.")) from None


def sessions_for_reminder(day) -> list[Session]:
    """Confirmed first sessions that start on `day`."""
    return list(
        Session.objects.filter(
            state=SessionState.CONFIRMED,
            day_number=1,
            period__startswith__date=day,
        ).select_related("call_off")
    )
