"""Contracts (signing after standstill, joining, phases), follow-up and reminders."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.history import acting_as

from ..enums import ContractKind, DecisionKind, EventKind, PhaseDecision, Stage
from ..models import (
    Contract,
    ContractJoining,
    ContractPhase,
    EffectIndicator,
    EffectMeasurement,
    FollowUpMeeting,
    ProcurementCase,
)
from .cases import case_event, signing_problems

CONTRACT_STAGES = (Stage.AWARD, Stage.CONTRACT, Stage.FOLLOW_UP)


def contract_create(
    *,
    case: ProcurementCase,
    by,
    title: str,
    suppliers,
    signing_organizations,
    option_organizations=(),
    value_sek=None,
    start_date=None,
    end_date=None,
    kind: str = ContractKind.CONTRACT,
    signed_on=None,
    phases=None,
    **fields,
) -> Contract:
    """Register a signed contract. Refused during the standstill and while a review
    application is pending. An innovation partnership gets its procedure's phases."""
    if case.stage not in CONTRACT_STAGES:
        raise ValidationError(_("Contracts are signed after the award."))
    problems = signing_problems(case)
    if problems:
        raise ValidationError(problems)
    suppliers = list(suppliers)
    signing = list(signing_organizations)
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title.")
    if not suppliers or any(not s.is_supplier for s in suppliers):
        errors["suppliers"] = _("Choose at least one supplier.")
    if not signing or any(not o.is_municipality for o in signing):
        errors["signing_organizations"] = _("Choose the signing municipalities.")
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("The end cannot be before the start.")
    if signed_on is not None:
        award = getattr(case, "award", None)
        if signed_on > timezone.localdate():
            errors["signed_on"] = _("A contract cannot be registered as signed in the future.")
        elif award is not None and signed_on <= award.standstill_ends_on:
            errors["signed_on"] = _(
                "The contract cannot have been signed before the standstill period ended "
                "(%(date)s)."
            ) % {"date": award.standstill_ends_on.isoformat()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by, reason="contract signed"):
        contract = Contract.objects.create(
            case=case,
            title=title.strip(),
            value_sek=value_sek,
            start_date=start_date,
            end_date=end_date,
            kind=kind,
            signed_on=signed_on or timezone.localdate(),
            signed_by=by,
            **fields,
        )
        contract.suppliers.set(suppliers)
        contract.signing_organizations.set(signing)
        contract.option_organizations.set(option_organizations)
        names = phases if phases is not None else case.procedure_rules.phases
        for order, name in enumerate(names, start=1):
            ContractPhase.objects.create(contract=contract, order=order, name=str(name))
        case_event(
            case=case,
            kind=EventKind.CONTRACT,
            summary=gettext_noop("Contract %(title)s signed with %(suppliers)s"),
            data={"title": contract.title, "suppliers": ", ".join(s.name for s in suppliers)},
            actor=by,
        )
    return contract


def contract_join(*, contract: Contract, organization, by, joined_on=None) -> ContractJoining:
    """A municipality holding an option joins; it becomes a signing party."""
    if not contract.option_organizations.filter(pk=organization.pk).exists():
        raise ValidationError(_("This municipality holds no option to join the contract."))
    joined_on = joined_on or timezone.localdate()
    if contract.option_deadline and joined_on > contract.option_deadline:
        raise ValidationError(_("The last day to join has passed."))
    try:
        with transaction.atomic(), acting_as(by, reason="joined contract"):
            joining = ContractJoining.objects.create(
                contract=contract, organization=organization, joined_on=joined_on, registered_by=by
            )
            contract.signing_organizations.add(organization)
            contract.option_organizations.remove(organization)
            case_event(
                case=contract.case,
                kind=EventKind.CONTRACT,
                summary=gettext_noop("%(org)s joined the contract %(title)s"),
                data={"org": organization.name, "title": contract.title},
                actor=by,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This municipality has already joined.")) from exc
    return joining


def contract_phase_decide(*, phase: ContractPhase, by, decision: str, note: str) -> ContractPhase:
    """Go/no-go at a milestone, taken by the holder of the delegation the case names
    (the award's rule: `decisions.authority_problems`). Phases are decided in order; a
    no-go ends every later phase. Recorded with who and when, in the history (pghistory)
    and the case timeline."""
    from ..permissions import is_decision_maker
    from .decisions import authority_problems

    case = phase.contract.case
    if not is_decision_maker(by, case):
        raise ValidationError(
            _("Only the person holding the delegation the case names takes this decision.")
        )
    problems = authority_problems(case, DecisionKind.AWARD)
    if problems:
        raise ValidationError(problems)
    if decision not in (PhaseDecision.GO, PhaseDecision.NO_GO):
        raise ValidationError({"decision": _("Choose go or no go.")})
    if not note.strip():
        raise ValidationError({"note": _("Give the grounds for the decision.")})
    with transaction.atomic(), acting_as(by, reason="phase decided"):
        phase = ContractPhase.objects.select_for_update().get(pk=phase.pk)
        if phase.decision != PhaseDecision.PENDING:
            raise ValidationError(_("This phase is already decided."))
        earlier = phase.contract.phases.filter(order__lt=phase.order)
        if earlier.exclude(decision=PhaseDecision.GO).exists():
            raise ValidationError(_("Earlier phases must have a go decision first."))
        phase.decision = decision
        phase.decision_note = note.strip()
        phase.decided_by = by
        phase.decided_on = timezone.localdate()
        phase.save(
            update_fields=["decision", "decision_note", "decided_by", "decided_on", "updated_at"]
        )
        if decision == PhaseDecision.NO_GO:
            for later in phase.contract.phases.filter(
                order__gt=phase.order, decision=PhaseDecision.PENDING
            ):
                later.decision = PhaseDecision.ENDED
                later.save(update_fields=["decision", "updated_at"])
        case_event(
            case=case,
            kind=EventKind.CONTRACT,
            summary=gettext_noop("Phase %(phase)s: %(decision)s"),
            detail=note.strip(),
            data={"phase": phase.name, "decision": decision},
            actor=by,
        )
    return phase


def effect_indicator_create(*, case, by, name: str, baseline, target, unit: str = ""):
    if not case.is_open:
        raise ValidationError(_("The case is closed."))
    if not name.strip():
        raise ValidationError({"name": _("Name the indicator.")})
    with acting_as(by, reason="effect indicator added"):
        return EffectIndicator.objects.create(
            case=case, name=name.strip(), unit=unit.strip(), baseline=baseline, target=target
        )


def effect_measurement_record(*, indicator, by, measured_on, value, note: str = ""):
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("A measurement cannot be in the future.")})
    try:
        with transaction.atomic():
            return EffectMeasurement.objects.create(
                indicator=indicator, measured_on=measured_on, value=value, note=note, recorded_by=by
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"measured_on": _("There is already a measurement on this day.")}
        ) from exc


def follow_up_meeting_record(*, case, by, held_on, attendees: str, notes: str, lessons: str = ""):
    if case.stage not in (Stage.CONTRACT, Stage.FOLLOW_UP):
        raise ValidationError(_("Follow-up meetings are held once a contract runs."))
    if not attendees.strip() or not notes.strip():
        raise ValidationError(_("Record who attended and what was said."))
    with transaction.atomic():
        meeting = FollowUpMeeting.objects.create(
            case=case,
            held_on=held_on,
            attendees=attendees.strip(),
            notes=notes.strip(),
            lessons=lessons.strip(),
            recorded_by=by,
        )
        if lessons.strip():
            case.lessons_learned = "\n\n".join(
                p for p in (case.lessons_learned.strip(), lessons.strip()) if p
            )
            case.save(update_fields=["lessons_learned", "updated_at"])
        case_event(
            case=case,
            kind=EventKind.FOLLOW_UP,
            summary=gettext_noop("Follow-up meeting on %(date)s"),
            detail=notes.strip(),
            data={"date": held_on.isoformat()},
            actor=by,
        )
    return meeting


def individual_report_mark(*, case, by) -> ProcurementCase:
    """Note that the individual report was produced (documentation duty)."""
    first = case.individual_report_at is None
    case.individual_report_at = timezone.now()
    case.save(update_fields=["individual_report_at", "updated_at"])
    if first:
        case_event(
            case=case,
            kind=EventKind.REPORT,
            summary=gettext_noop("Individual report produced"),
            actor=by,
        )
    return case


REMINDER_DAYS = (90, 30)
OPTION_REMINDER_DAYS = 30


def contract_reminders_send(today=None) -> int:
    """Tell the case's officers before a contract ends and before an option deadline.

    Daily by Celery beat; dedupe keys make a second run the same day send nothing.
    """
    from notifications.services import notify

    today = today or timezone.localdate()
    sent = 0
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    contracts = Contract.objects.filter(
        case__stage__in=(Stage.CONTRACT, Stage.FOLLOW_UP)
    ).select_related("case__responsible_officer")
    for contract in contracts.filter(end_date__range=(today, horizon)) | contracts.filter(
        option_deadline__range=(today, today + timedelta(days=OPTION_REMINDER_DAYS))
    ):
        officer = contract.case.responsible_officer
        if officer is None:
            continue
        if contract.end_date and today <= contract.end_date <= horizon:
            left = (contract.end_date - today).days
            step = min(d for d in REMINDER_DAYS if left <= d)
            if notify(
                recipient=officer,
                event="procurements.contract_end",
                title=gettext_lazy("A contract ends soon"),
                body=f"{contract.title}: {contract.end_date.isoformat()}",
                url=contract.get_absolute_url(),
                dedupe_key=f"contract-end:{contract.pk}:{step}",
            ):
                sent += 1
        if (
            contract.option_deadline
            and today <= contract.option_deadline
            and notify(
                recipient=officer,
                event="procurements.option_deadline",
                title=gettext_lazy("The last day to join a contract is near"),
                body=f"{contract.title}: {contract.option_deadline.isoformat()}",
                url=contract.get_absolute_url(),
                dedupe_key=f"contract-option:{contract.pk}",
            )
        ):
            sent += 1
    return sent
