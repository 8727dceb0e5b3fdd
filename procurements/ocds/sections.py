"""The planning and tender sections of a release."""

import datetime as dt

from ..enums import BidStatus, Stage, rules_for
from ..models import Bid
from .formatting import PROCEDURE_METHODS, _amount, _dt, _reached, ocid_for
from .parties import _Parties


def _planning(case) -> dict:
    """Why and how much; other apps add their milestones (`contributors`)."""
    needs = "; ".join(n.title for n in case.needs.all())
    challenges = "; ".join(c.title for c in case.challenges.all())
    rationale = "\n".join(
        part
        for part in (
            f"Behov: {needs}." if needs else "",
            f"Utmaningar: {challenges}." if challenges else "",
            f"Förväntade effekter: {case.expected_effects}" if case.expected_effects else "",
        )
        if part
    )
    return {
        "rationale": rationale,
        "budget": {
            "description": "Uppskattat värde",
            "amount": _amount(case.estimated_value_sek),
        },
    }


def _items(case) -> list[dict]:
    codes = sorted(case.cpv_codes.all(), key=lambda c: c.code)
    if not codes:
        return []

    def classification(cpv):
        return {
            "scheme": "CPV",
            "id": cpv.code.split("-")[0],
            "description": cpv.label_sv,
            "uri": f"https://ted.europa.eu/cpv/{cpv.code.split('-')[0]}",
        }

    return [
        {
            "id": "1",
            "description": case.title,
            "classification": classification(codes[0]),
            "additionalClassifications": [classification(c) for c in codes[1:]],
        }
    ]


def _tender_status(case) -> str:
    if case.stage == Stage.CANCELLED:
        return "cancelled"
    if _reached(case, Stage.AWARD):
        return "complete"
    return "active"


def _award_decided(case) -> bool:
    """The one gate for anything about bids or bidders."""
    return getattr(case, "award", None) is not None


def _opened_bids(case) -> list[Bid]:
    return [
        b
        for b in case.tender.bids.all()
        if b.status == BidStatus.SUBMITTED and b.supplier_id is not None
    ]


def _tender(case, parties: _Parties, *, bidders: bool = False) -> dict:
    tender = case.tender
    method, details = PROCEDURE_METHODS.get(case.procedure, ("", ""))
    rules = rules_for(case.procedure)
    cutoff_days = (
        rules.accelerated_cutoff_days if tender.accelerated else rules.question_cutoff_days
    )
    enquiry_end = tender.deadline - dt.timedelta(days=cutoff_days) if tender.deadline else None
    criteria = list(tender.criteria.all())
    requirements = list(tender.requirements.all())
    documents, amendments = [], []
    for document in tender.documents.all():
        versions = sorted(document.versions.all(), key=lambda v: v.number)
        for version in versions:
            documents.append(
                {
                    "id": f"document-{version.pk}",
                    "documentType": "biddingDocuments",
                    "title": f"{document.title} (version {version.number})",
                    "description": version.amendment_reason,
                    "datePublished": _dt(max(version.uploaded_at, tender.published_at)),
                    "format": version.content_type,
                    "language": "sv",
                }
            )
            if version.amendment_reason and version.uploaded_at > tender.published_at:
                amendments.append(
                    {
                        "id": f"amendment-{version.pk}",
                        "date": _dt(version.uploaded_at),
                        "rationale": version.amendment_reason,
                        "description": f"Ny version av {document.title}: {version.number}",
                    }
                )
    section = {
        "id": case.reference or ocid_for(case),
        "title": case.title,
        "description": tender.summary or case.description,
        "status": _tender_status(case),
        "procuringEntity": parties.add(case.lead_organization, "procuringEntity"),
        "items": _items(case),
        "value": _amount(case.estimated_value_sek),
        "procurementMethod": method,
        "procurementMethodDetails": details,
        "procurementMethodRationale": case.outside_lou_reason,
        "awardCriteria": "ratedCriteria" if criteria else None,
        "awardCriteriaDetails": "; ".join(
            f"{c.name} {c.weight} %" + (f" – {c.description}" if c.description else "")
            for c in criteria
        ),
        "submissionMethod": ["electronicSubmission"],
        "eligibilityCriteria": "\n".join(f"Skallkrav: {r.text}" for r in requirements),
        "tenderPeriod": {"startDate": _dt(tender.published_at), "endDate": _dt(tender.deadline)},
        "enquiryPeriod": {
            "startDate": _dt(tender.published_at),
            "endDate": _dt(enquiry_end) if enquiry_end else None,
        },
        "hasEnquiries": any(q.published_at for q in tender.questions.all()),
        "documents": documents,
        "amendments": amendments,
    }
    if bidders and _award_decided(case):
        bids = _opened_bids(case)
        section["tenderers"] = [parties.add(b.supplier, "tenderer") for b in bids]
        section["numberOfTenderers"] = len(bids)
    return section
