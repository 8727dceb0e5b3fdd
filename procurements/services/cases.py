"""The case: creation with a reference number, edits, and the one transition function."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.history import acting_as

from ..enums import ALLOWED_TRANSITIONS, EventKind, ReviewStatus, Stage
from ..models import CaseEvent, ProcurementCase, ReferenceCounter

REFERENCE_PREFIX = "UPH"


def case_event(
    *, case, kind: str, summary: str, actor=None, detail: str = "", data: dict | None = None
) -> CaseEvent:
    """Append to the case's log. `summary` is an untranslated msgid with %(name)s
    placeholders filled from `data` when shown (so each reader sees their language)."""
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary,
        detail=detail,
        data=data or {},
        actor=actor,
        created_at=timezone.now(),
    )


def _next_reference(organization, year: int) -> str:
    """Lock the counter row for this lead and year; concurrent creators queue here."""
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(organization=organization, year=year)], ignore_conflicts=True
    )
    counter = ReferenceCounter.objects.select_for_update().get(organization=organization, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{REFERENCE_PREFIX} {year}/{counter.last_number:04d}"


def procurement_create(
    *,
    created_by,
    title: str,
    lead_organization,
    participating_organizations=(),
    needs=(),
    challenges=(),
    **fields,
) -> ProcurementCase:
    """Open a procurement case in the need stage, led by `lead_organization`.

    Other apps (e.g. needs' prioritisation) start cases through this function. Assigns
    the reference number (`UPH 2026/0042`: per lead municipality and year, once) unless
    `reference` is given (demo data and imported cases keep theirs), and logs the event.
    """
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    if not lead_organization.is_municipality:
        raise ValidationError({"lead_organization": _("The lead must be a municipality.")})
    if any(not org.is_municipality for org in participating_organizations):
        raise ValidationError(
            {"participating_organizations": _("Only municipalities can participate.")}
        )
    if not (
        created_by.is_platform_admin
        or (
            created_by.organization_id
            and created_by.organization_id
            in {lead_organization.pk} | {o.pk for o in participating_organizations}
            and created_by.has_role("officer", "coordinator")
        )
    ):
        raise PermissionDenied(_("You may not start a procurement case for this municipality."))
    team = fields.pop("team", ())
    cpv_codes = fields.pop("cpv_codes", ())
    try:
        with transaction.atomic(), acting_as(created_by, reason="procurement case created"):
            if not fields.get("reference"):
                fields["reference"] = _next_reference(lead_organization, timezone.localdate().year)
            case = ProcurementCase.objects.create(
                title=title.strip(),
                lead_organization=lead_organization,
                stage_changed_at=timezone.now(),
                **fields,
            )
            case.participating_organizations.set({lead_organization, *participating_organizations})
            case.needs.set(needs)
            case.challenges.set(challenges)
            case.team.set(team)
            case.cpv_codes.set(cpv_codes)
            case_event(
                case=case,
                kind=EventKind.CREATED,
                summary=gettext_noop("Case %(reference)s opened"),
                data={"reference": case.reference},
                actor=created_by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"reference": _("This reference number is already used by the municipality.")}
        ) from exc
    return case


def procurement_update(*, case, by, **fields) -> ProcurementCase:
    """Edit the case's description fields (not its stage or reference)."""
    m2m = {key: fields.pop(key) for key in list(fields) if key in _M2M_FIELDS}
    if not case.is_open:
        raise ValidationError(_("A closed or cancelled case can no longer be edited."))
    if "title" in fields and not fields["title"].strip():
        raise ValidationError({"title": _("Enter a title.")})
    participating = m2m.get("participating_organizations")
    if participating is not None and any(not o.is_municipality for o in participating):
        raise ValidationError(
            {"participating_organizations": _("Only municipalities can participate.")}
        )
    with transaction.atomic(), acting_as(by, reason="procurement case edited"):
        for key, value in fields.items():
            setattr(case, key, value)
        case.save()
        for key, value in m2m.items():
            if key == "participating_organizations":
                value = {case.lead_organization, *value}
            getattr(case, key).set(value)
    return case


_M2M_FIELDS = {"participating_organizations", "team", "needs", "challenges", "cpv_codes"}


def gate_problems(case: ProcurementCase, to_stage: str) -> list[str]:
    """What stands between the case and `to_stage` (empty: the gate is open)."""
    problems: list[str] = []
    if to_stage == Stage.CANCELLED:
        from ..enums import DecisionKind
        from .decisions import PUBLISHED_STAGES, approved_decision

        if case.stage in PUBLISHED_STAGES and not approved_decision(
            case, DecisionKind.CANCELLATION
        ):
            problems.append(
                _(
                    "A published procurement is cancelled only on a decision approved by "
                    "the person authorised."
                )
            )
        return problems
    if to_stage in (Stage.DIALOGUE, Stage.TENDER) and case.stage == Stage.NEED:
        if not case.expected_effects.strip():
            problems.append(_("Describe the expected effects."))
        if not case.responsible_officer_id:
            problems.append(_("Name a responsible officer."))
        if not case.need_owner_id:
            problems.append(_("Name the need owner."))
    if to_stage == Stage.TENDER:
        problems.extend(_tender_problems(case))
    if to_stage == Stage.EVALUATION:
        tender = getattr(case, "tender", None)
        if tender is None or not hasattr(tender, "opening"):
            problems.append(_("The bids have not been opened yet."))
    if to_stage == Stage.AWARD and not case.evaluation_completed_at:
        problems.append(_("The evaluation is not completed."))
    if to_stage == Stage.CONTRACT:
        problems.extend(signing_problems(case))
        if not case.contracts.exists():
            problems.append(_("Register the signed contract first."))
    if to_stage == Stage.FOLLOW_UP and not case.indicators.exists():
        problems.append(_("Add at least one effect indicator to follow up."))
    if to_stage == Stage.CLOSED:
        if not case.lessons_learned.strip():
            problems.append(_("Write down the lessons learned."))
        if not case.follow_up_meetings.exists():
            problems.append(_("Record at least one follow-up meeting."))
    return problems


def _tender_problems(case) -> list[str]:
    from datetime import timedelta

    problems = []
    rules = case.procedure_rules
    if not case.procedure:
        problems.append(_("Choose a procedure."))
    if rules.outside_lou and not case.outside_lou_reason.strip():
        problems.append(_("Record why this pre-commercial procurement falls outside LOU."))
    tender = getattr(case, "tender", None)
    if tender is None:
        problems.append(_("Prepare the tender (deadline, criteria) first."))
        return problems
    criteria_total = tender.criteria.aggregate(total=Sum("weight"))["total"] or 0
    if criteria_total != 100:
        problems.append(
            _("The criteria's weights add up to %(total)s; they must add up to 100.")
            % {"total": criteria_total}
        )
    if rules.selection and (
        tender.requests_deadline is None or tender.requests_deadline <= timezone.now()
    ):
        problems.append(_("Set the deadline for requests to participate (before the bids')."))
    if tender.deadline is None:
        problems.append(_("Set the deadline for bids."))
    else:
        min_days = rules.min_tender_days // (2 if tender.accelerated else 1)
        if tender.deadline <= timezone.now() + timedelta(days=min_days):
            problems.append(
                _("The deadline must be at least %(days)s days from publication.")
                % {"days": min_days}
            )
    return problems


def signing_problems(case) -> list[str]:
    """Why no contract may be signed yet (standstill, review), empty when it may."""
    problems = []
    award = getattr(case, "award", None)
    if award is None:
        if case.procedure_rules.requires_tender:
            problems.append(_("There is no award decision yet."))
        return problems
    today = timezone.localdate()
    if today <= award.standstill_ends_on:
        problems.append(
            _("The standstill period runs until %(date)s; no contract may be signed before.")
            % {"date": award.standstill_ends_on.isoformat()}
        )
    if case.reviews.filter(status=ReviewStatus.PENDING).exists():
        problems.append(_("A review application is pending; no contract may be signed."))
    return problems


def procurement_transition(
    *,
    case: ProcurementCase,
    to_stage: str,
    by,
    reason: str = "",
    cancellation_reason: str = "",
    lessons_learned: str = "",
) -> ProcurementCase:
    """Move the case to `to_stage` through its gate; the one way a stage changes.

    Locks the case, checks ALLOWED_TRANSITIONS and the gate, records who, when and why
    (history context and a case event), publishes the tender on entering the tender
    stage and stamps the end of a closed or cancelled case.
    """
    with transaction.atomic(), acting_as(by, reason=reason or f"stage → {to_stage}"):
        case = ProcurementCase.objects.select_for_update().get(pk=case.pk)
        if to_stage not in ALLOWED_TRANSITIONS.get(case.stage, ()):
            raise ValidationError(
                _("A case cannot move from %(from)s to %(to)s.")
                % {"from": Stage(case.stage).label, "to": Stage(to_stage).label}
            )
        if to_stage == Stage.CANCELLED:
            errors = {}
            if not cancellation_reason.strip():
                errors["cancellation_reason"] = _("Say why the case is cancelled.")
            if not lessons_learned.strip():
                errors["lessons_learned"] = _(
                    "Write down the lessons learned: a cancelled case is a result too."
                )
            if errors:
                raise ValidationError(errors)
            case.cancellation_reason = cancellation_reason.strip()
            case.lessons_learned = lessons_learned.strip()
        problems = gate_problems(case, to_stage)
        if problems:
            raise ValidationError(problems)
        now = timezone.now()
        from_stage = case.stage
        case.stage = to_stage
        case.stage_changed_at = now
        if to_stage in (Stage.CLOSED, Stage.CANCELLED):
            case.ended_at = now
        case.save()
        if to_stage == Stage.TENDER:
            tender = case.tender
            tender.published_at = now
            tender.save(update_fields=["published_at", "updated_at"])
            case_event(
                case=case,
                kind=EventKind.PUBLISHED,
                summary=gettext_noop("Tender published, deadline %(deadline)s"),
                data={"deadline": timezone.localtime(tender.deadline).strftime("%Y-%m-%d %H:%M")},
                actor=by,
            )
        from ..ocds.snapshots import TRANSITION_TAGS, ocds_releases_store

        if to_stage in TRANSITION_TAGS:
            ocds_releases_store(case=case, tags=TRANSITION_TAGS[to_stage])
        case_event(
            case=case,
            kind=EventKind.STAGE,
            summary=gettext_noop("Stage changed from %(from)s to %(to)s"),
            detail=reason or case.cancellation_reason if to_stage == Stage.CANCELLED else reason,
            data={"from": from_stage, "to": to_stage},
            actor=by,
        )
    return case
