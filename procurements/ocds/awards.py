"""The awards and contracts sections of a release (with the implementation milestones)."""

from decimal import Decimal

from django.utils import timezone

from ..enums import PhaseDecision, Stage
from .formatting import _amount, _dt, _end_of, _num, _reached, milestone, ocid_for
from .parties import _Parties


def _awards(case, parties: _Parties) -> list[dict]:
    award = case.award
    contracts = list(case.contracts.all())
    if case.stage == Stage.CANCELLED:
        status = "cancelled"
    elif contracts or _reached(case, Stage.CONTRACT):
        status = "active"
    else:
        status = "pending"  # in standstill: not yet in force
    total = sum((c.value_sek for c in contracts if c.value_sek is not None), Decimal(0))
    starts = [c.start_date for c in contracts if c.start_date]
    ends = [c.end_date for c in contracts if c.end_date]
    return [
        {
            "id": f"{ocid_for(case)}-award",
            "title": f"Tilldelningsbeslut: {case.title}",
            "description": award.reasons,
            "status": status,
            "date": _dt(award.decided_at),
            "value": _amount(total) if total else None,
            "suppliers": [
                parties.add(b.supplier, "supplier")
                for b in award.winning_bids.all()
                if b.supplier_id
            ],
            "contractPeriod": {
                "startDate": _dt(min(starts)) if starts else None,
                "endDate": _end_of(max(ends)) if ends else None,
            },
        }
    ]


PHASE_STATUS = {
    PhaseDecision.PENDING: "scheduled",
    PhaseDecision.GO: "met",
    PhaseDecision.NO_GO: "notMet",
    PhaseDecision.ENDED: "notMet",  # a later phase ended by an earlier no-go
}


def _contract_status(case, contract) -> str:
    if case.stage == Stage.CANCELLED:
        return "cancelled"
    if not contract.signed_on:
        return "pending"
    end = contract.extended_until or contract.end_date
    if end and end < timezone.localdate():
        return "terminated"
    return "active"


def _contracts(case, parties: _Parties, *, implementation: bool) -> list[dict]:
    result = []
    for index, contract in enumerate(case.contracts.all()):
        for org in contract.signing_organizations.all():
            parties.add(org, "buyer")
        for org in contract.suppliers.all():
            parties.add(org, "supplier")
        description = contract.get_kind_display()
        if contract.extension_options:
            description += f". Förlängningsoption: {contract.extension_options}"
        item = {
            "id": f"{ocid_for(case)}-contract-{contract.pk}",
            "awardID": f"{ocid_for(case)}-award",
            "title": contract.title,
            "description": description,
            "status": _contract_status(case, contract),
            "period": {
                "startDate": _dt(contract.start_date),
                "endDate": _end_of(contract.end_date),
                "maxExtentDate": _end_of(contract.extended_until),
            },
            "value": _amount(contract.value_sek),
            "dateSigned": _dt(contract.signed_on),
        }
        if implementation:
            milestones = [
                milestone(
                    f"phase-{phase.pk}",
                    f"Fas {phase.order}: {phase.name} – beslut go/no-go",
                    "approval",
                    description=phase.decision_note,
                    due=_end_of(phase.milestone_on),
                    status=PHASE_STATUS.get(phase.decision, "scheduled"),
                )
                for phase in contract.phases.all()
            ]
            if index == 0:
                milestones += _effect_milestones(case)
            item["implementation"] = {"milestones": milestones}
        result.append(item)
    return result


def _effect_milestones(case) -> list[dict]:
    """Effect follow-up: each measurement and each follow-up meeting is a reporting milestone."""
    milestones = []
    for indicator in case.indicators.all():
        unit = f" {indicator.unit}" if indicator.unit else ""
        for m in indicator.measurements.all():
            milestones.append(
                milestone(
                    f"effect-{indicator.pk}-{m.measured_on.isoformat()}",
                    f"Effektuppföljning: {indicator.name}",
                    "reporting",
                    description=(
                        f"Uppmätt {_num(m.value)}{unit} (utgångsläge {_num(indicator.baseline)}"
                        f"{unit}, mål {_num(indicator.target)}{unit})."
                        + (f" {m.note}" if m.note else "")
                    ),
                    due=_dt(m.measured_on),
                    met=_dt(m.measured_on),
                    status="met",
                )
            )
    for meeting in case.follow_up_meetings.all():
        milestones.append(
            milestone(
                f"follow-up-{meeting.pk}",
                "Uppföljningsmöte",
                "reporting",
                description=meeting.lessons,
                due=_dt(meeting.held_on),
                met=_dt(meeting.held_on),
                status="met",
            )
        )
    return milestones
