"""Procurement cases as OCDS 1.1.5 release packages (open data).

One case is one contracting process: ``ocid = f"{OCDS_PREFIX}-{case.pk}"``. The package of
a case holds one release per stage the case has reached (planning, tender, award,
contract, implementation, and tenderCancellation when it was cancelled), each release
with the sections known at that stage. Everything is written in Swedish (``language``).

Sealing: nothing about bids or bidders (``tenderers``, ``numberOfTenderers``, parties
with the role ``tenderer``) is exported before the case has an award decision, whatever
its stage; prices of bids are never exported (awards carry the contracts' values).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation

from dialogue.enums import RfiState
from dialogue.models import DialogueActivity, Rfi
from organizations.enums import OrganizationKind

from ..enums import BidStatus, PhaseDecision, Procedure, Stage, rules_for
from ..models import Bid, Contract, ContractPhase, EffectIndicator, ProcurementCase

OCDS_VERSION = "1.1"
CURRENCY = "SEK"
# org-id.guide's registered list for Swedish organisation numbers (Bolagsverket).
SCHEME_ORG = "SE-ON"  # Swedish organisation number (organisationsnummer), 10 digits
# Not registered lists: never an ``identifier.scheme``, only an additional identifier or
# the local party id of an organisation without an organisation number.
SCHEME_MUNICIPALITY = "X-SE-KOMMUNKOD"  # Swedish municipality code (kommunkod), 4 digits
SCHEME_INTERNAL = "X-SAMVERKA"  # Samverka's own id, for an organisation with neither

# Swedish procedure → OCDS method codelist, and the details in words.
PROCEDURE_METHODS: dict[str, tuple[str, str]] = {
    Procedure.OPEN: ("open", "Öppet förfarande (LOU 6 kap. 2 §)"),
    Procedure.NEGOTIATED: (
        "selective",
        "Förhandlat förfarande med föregående annonsering (LOU 6 kap. 3 §)",
    ),
    Procedure.COMPETITIVE_DIALOGUE: ("selective", "Konkurrenspräglad dialog (LOU 6 kap. 3 §)"),
    Procedure.INNOVATION_PARTNERSHIP: ("selective", "Innovationspartnerskap (LOU 6 kap. 3 §)"),
    Procedure.PRE_COMMERCIAL: (
        "selective",
        "Förkommersiell upphandling (utanför LOU, 3 kap. 23 § LOU)",
    ),
    Procedure.DESIGN_CONTEST: ("open", "Projekttävling (LOU 1 kap. 20 §)"),
    Procedure.DIRECT_AWARD: ("direct", "Direktupphandling (LOU 19 kap.)"),
}

STAGE_ORDER = [
    Stage.NEED,
    Stage.DIALOGUE,
    Stage.TENDER,
    Stage.EVALUATION,
    Stage.AWARD,
    Stage.CONTRACT,
    Stage.FOLLOW_UP,
    Stage.CLOSED,
]


def ocds_prefix() -> str:
    return getattr(settings, "OCDS_PREFIX", "") or "ocds-samverka"


def ocid_for(case: ProcurementCase) -> str:
    return f"{ocds_prefix()}-{case.pk}"


def published_cases() -> QuerySet[ProcurementCase]:
    """Cases whose tender has been published: the open-data set (public, no login)."""
    return (
        ProcurementCase.objects.filter(tender__published_at__isnull=False)
        .select_related("lead_organization", "tender", "tender__opening", "award")
        .prefetch_related(
            "participating_organizations",
            "needs",
            "challenges",
            "cpv_codes",
            "tender__criteria",
            "tender__requirements",
            "tender__documents__versions",
            "tender__questions",
            Prefetch("tender__bids", queryset=Bid.objects.select_related("supplier")),
            Prefetch("award__winning_bids", queryset=Bid.objects.select_related("supplier")),
            Prefetch(
                "contracts",
                queryset=Contract.objects.order_by("created_at", "pk").prefetch_related(
                    "suppliers",
                    "signing_organizations",
                    Prefetch("phases", queryset=ContractPhase.objects.order_by("order")),
                ),
            ),
            Prefetch(
                "indicators",
                queryset=EffectIndicator.objects.prefetch_related("measurements"),
            ),
            "follow_up_meetings",
            "ocds_releases",
        )
        .order_by("pk")
    )


def listed_cases() -> QuerySet[ProcurementCase]:
    """The published cases for an index (no sections loaded)."""
    return (
        ProcurementCase.objects.filter(tender__published_at__isnull=False)
        .select_related("lead_organization", "tender")
        .order_by("pk")
    )


# --- Formatting --------------------------------------------------------------------------


def _dt(value) -> str | None:
    """ISO 8601 with the Swedish offset; a date is the start of that day in Sweden."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    start = dt.datetime.combine(value, dt.time.min)
    return timezone.make_aware(start).isoformat()


def _end_of(value: dt.date | None) -> str | None:
    if value is None:
        return None
    end = dt.datetime.combine(value, dt.time(23, 59, 59))
    return timezone.make_aware(end).isoformat()


def _amount(value: Decimal | None) -> dict | None:
    if value is None:
        return None
    number = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": CURRENCY}


def _clean(data):
    """Drop empty values: OCDS wants absent fields rather than nulls or empty strings."""
    if isinstance(data, dict):
        cleaned = {k: _clean(v) for k, v in data.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [c for c in (_clean(v) for v in data) if c not in (None, "", [], {})]
    return data


# --- Parties -----------------------------------------------------------------------------


def party_id(org) -> str:
    scheme, ident = _identifier(org)
    return f"{scheme}-{ident}"


def _identifier(org) -> tuple[str, str]:
    """The party's id parts: the organisation number (registered scheme SE-ON) when known,
    else the municipality code, else Samverka's short name (both unregistered, ``X-``)."""
    if org.org_number:
        return SCHEME_ORG, org.org_number.replace("-", "")
    if org.kind == OrganizationKind.MUNICIPALITY and org.municipality_code:
        return SCHEME_MUNICIPALITY, org.municipality_code
    return SCHEME_INTERNAL, org.slug


def _party(org, roles: list[str]) -> dict:
    scheme, ident = _identifier(org)
    party = {
        "id": f"{scheme}-{ident}",
        "name": org.name,
        "address": {"region": org.county_name, "countryName": "Sverige"},
        "contactPoint": {"email": org.email, "telephone": org.phone, "url": org.website},
        "roles": roles,
    }
    if scheme == SCHEME_ORG:
        party["identifier"] = {"scheme": scheme, "id": ident, "legalName": org.name}
    if org.kind == OrganizationKind.MUNICIPALITY and org.municipality_code:
        party["additionalIdentifiers"] = [
            {"scheme": SCHEME_MUNICIPALITY, "id": org.municipality_code, "legalName": org.name}
        ]
    return party


class _Parties:
    def __init__(self):
        self._orgs: dict[int, tuple] = {}

    def add(self, org, *roles: str) -> dict:
        current = self._orgs.setdefault(org.pk, (org, []))
        for role in roles:
            if role not in current[1]:
                current[1].append(role)
        return {"id": party_id(org), "name": org.name}

    def as_list(self) -> list[dict]:
        return [_party(org, roles) for org, roles in self._orgs.values()]


# --- Sections ----------------------------------------------------------------------------


def _reached(case, stage) -> bool:
    if case.stage == Stage.CANCELLED:
        return False
    return STAGE_ORDER.index(case.stage) >= STAGE_ORDER.index(stage)


def _planning(case, rfis, activities) -> dict:
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
    now = timezone.now()
    milestones = []
    for rfi in rfis:
        milestones.append(
            {
                "id": f"rfi-{rfi.pk}",
                "title": f"Marknadsdialog – förfrågan om information (RFI): {rfi.title}",
                "description": rfi.need,
                "type": "preProcurement",
                "dueDate": _dt(rfi.deadline),
                "dateMet": _dt(rfi.deadline) if rfi.deadline <= now else None,
                "status": "met" if rfi.deadline <= now else "scheduled",
            }
        )
    for activity in activities:
        held = activity.starts_at <= now
        milestones.append(
            {
                "id": f"dialogue-{activity.pk}",
                "title": f"Marknadsdialog – {activity.get_kind_display()}: {activity.title}",
                "description": activity.purpose,
                "type": "engagement",
                "dueDate": _dt(activity.starts_at),
                "dateMet": _dt(activity.starts_at) if held else None,
                "status": "met" if held else "scheduled",
            }
        )
    return {
        "rationale": rationale,
        "budget": {
            "description": "Uppskattat värde",
            "amount": _amount(case.estimated_value_sek),
        },
        "milestones": milestones,
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
                {
                    "id": f"phase-{phase.pk}",
                    "title": f"Fas {phase.order}: {phase.name} – beslut go/no-go",
                    "description": phase.decision_note,
                    "type": "approval",
                    "dueDate": _end_of(phase.milestone_on),
                    "status": PHASE_STATUS.get(phase.decision, "scheduled"),
                }
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
                {
                    "id": f"effect-{indicator.pk}-{m.measured_on.isoformat()}",
                    "title": f"Effektuppföljning: {indicator.name}",
                    "description": (
                        f"Uppmätt {_num(m.value)}{unit} (utgångsläge {_num(indicator.baseline)}"
                        f"{unit}, mål {_num(indicator.target)}{unit})."
                        + (f" {m.note}" if m.note else "")
                    ),
                    "type": "reporting",
                    "dueDate": _dt(m.measured_on),
                    "dateMet": _dt(m.measured_on),
                    "status": "met",
                }
            )
    for meeting in case.follow_up_meetings.all():
        milestones.append(
            {
                "id": f"follow-up-{meeting.pk}",
                "title": "Uppföljningsmöte",
                "description": meeting.lessons,
                "type": "reporting",
                "dueDate": _dt(meeting.held_on),
                "dateMet": _dt(meeting.held_on),
                "status": "met",
            }
        )
    return milestones


def _num(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value)


# --- Releases and packages ---------------------------------------------------------------


def _dialogue(case) -> tuple[list, list]:
    anchor = Q(case=case) | Q(challenge__in=[c.pk for c in case.challenges.all()])
    rfis = list(
        Rfi.objects.filter(anchor, state=RfiState.PUBLISHED, published_at__isnull=False).order_by(
            "deadline", "pk"
        )
    )
    activities = list(DialogueActivity.objects.filter(anchor).order_by("starts_at", "pk"))
    return rfis, activities


def case_releases(case: ProcurementCase) -> list[dict]:
    """The releases of one case whose tender is published, oldest first.

    The stored snapshots (``OcdsRelease``, written when each event happened) are served as
    they were written. A stage reached before snapshots were stored (older data) is built
    from the current data, dated at the moment the stage was reached.
    """
    stored = sorted(case.ocds_releases.all(), key=lambda r: (r.released_at, r.pk))
    stored_tags = {r.tag for r in stored}
    releases = [r.data for r in stored]
    if not set(_expected_tags(case)) <= stored_tags:
        with translation.override("sv"):
            live = [r for r in _case_releases(case) if r["tag"][0] not in stored_tags]
        releases = sorted([*releases, *live], key=_release_moment)
    return releases


def _expected_tags(case) -> list[str]:
    tags = ["planning", "tender"]
    if getattr(case, "award", None) is not None:
        tags.append("award")
    contracts = list(case.contracts.all())
    if contracts:
        tags.append("contract")
        if _reached(case, Stage.FOLLOW_UP):
            tags.append("implementation")
    if case.stage == Stage.CANCELLED:
        tags.append("tenderCancellation")
    return tags


SUFFIXES = {"tenderCancellation": "cancellation"}


def build_release(
    case: ProcurementCase, tag: str, when: dt.datetime, *, release_id: str = ""
) -> dict:
    """One release of the case as it stands now, dated ``when`` (for a snapshot)."""
    with translation.override("sv"):
        rfis, activities = _dialogue(case)
        release = _release(case, tag, when, rfis, activities)
    if release_id:
        release["id"] = release_id
    return release


def _case_releases(case) -> list[dict]:
    rfis, activities = _dialogue(case)
    stages: list[tuple[str, object]] = [("planning", case.created_at)]
    stages.append(("tender", case.tender.published_at))
    award = getattr(case, "award", None)
    contracts = list(case.contracts.all())
    if award is not None:
        stages.append(("award", award.decided_at))
    if contracts:
        first = min(
            (
                timezone.make_aware(dt.datetime.combine(c.signed_on, dt.time(12)))
                if c.signed_on
                else c.created_at
            )
            for c in contracts
        )
        stages.append(("contract", max(first, award.decided_at) if award else first))
    if "implementation" in _expected_tags(case):
        stages.append(("implementation", case.stage_changed_at or case.updated_at))
    if case.stage == Stage.CANCELLED:
        stages.append(("tenderCancellation", case.ended_at or case.updated_at))

    releases = []
    previous = None
    for tag, when in stages:
        when = max(when, previous) if previous else when  # releases never go back in time
        previous = when
        releases.append(_release(case, tag, when, rfis, activities))
    return releases


def _release(case, tag: str, when, rfis, activities) -> dict:
    ocid = ocid_for(case)
    award = getattr(case, "award", None)
    contracts = list(case.contracts.all())
    parties = _Parties()
    buyer = parties.add(case.lead_organization, "buyer")
    for org in case.participating_organizations.all():
        parties.add(org, "buyer")
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{SUFFIXES.get(tag, tag)}",
        "date": _dt(when),
        "tag": [tag],
        "initiationType": "tender",
        "language": "sv",
        "buyer": buyer,
    }
    if tag == "planning":
        release["planning"] = _planning(case, rfis, activities)
    else:
        release["tender"] = _tender(case, parties, bidders=tag != "tender")
        if tag == "tenderCancellation":
            release["tender"]["description"] = case.cancellation_reason
    if tag in ("award", "contract", "implementation") or (
        tag == "tenderCancellation" and award is not None
    ):
        release["awards"] = _awards(case, parties)
    if tag in ("contract", "implementation") or (tag == "tenderCancellation" and contracts):
        release["contracts"] = _contracts(case, parties, implementation=tag == "implementation")
    release["parties"] = parties.as_list()
    return _clean(release)


# --- Records -----------------------------------------------------------------------------


def compile_releases(releases: list[dict]) -> dict:
    """The compiled release (OCDS merge): later releases overwrite earlier fields; arrays of
    objects with an ``id`` are merged by id, other arrays are replaced."""
    compiled: dict = {}
    for release in sorted(releases, key=_release_moment):
        _merge(compiled, {k: v for k, v in release.items() if k not in ("id", "tag")})
    if releases:
        compiled["id"] = f"{compiled['ocid']}-{compiled['date']}"
        compiled["tag"] = ["compiled"]
    return compiled


def _release_moment(release: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(release["date"])


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        current = into.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge(current, value)
        elif (
            isinstance(value, list)
            and isinstance(current, list)
            and value
            and all(isinstance(v, dict) and "id" in v for v in value)
            and all(isinstance(v, dict) and "id" in v for v in current)
        ):
            by_id = {item["id"]: item for item in current}
            for item in value:
                if item["id"] in by_id:
                    _merge(by_id[item["id"]], item)
                else:
                    copy: dict = {}
                    _merge(copy, item)
                    current.append(copy)
                    by_id[item["id"]] = copy
        elif isinstance(value, dict):
            copy = {}
            _merge(copy, value)
            into[key] = copy
        elif isinstance(value, list):
            into[key] = [_deep_copy(v) for v in value]
        else:
            into[key] = value


def _deep_copy(value):
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def case_record(case: ProcurementCase, *, package_url: str) -> dict:
    """One OCDS record: the case's releases linked (package URL + ``#`` + release id) and
    the compiled release."""
    releases = case_releases(case)
    return {
        "ocid": ocid_for(case),
        "releases": [
            {"url": f"{package_url}#{r['id']}", "date": r["date"], "tag": r["tag"]}
            for r in releases
        ],
        "compiledRelease": compile_releases(releases),
    }


def release_package(
    cases, *, uri: str, base_url: str = "", published: dt.datetime | None = None
) -> dict:
    """A release package holding every release of the given cases."""
    releases = []
    for case in cases:
        releases.extend(case_releases(case))
    return package_header(uri=uri, base_url=base_url, published=published) | {"releases": releases}


def record_package_header(*, uri: str, base_url: str = "", published=None) -> dict:
    header = package_header(uri=uri, base_url=base_url, published=published)
    base = (base_url or settings.SITE_URL).rstrip("/")
    header["packages"] = [f"{base}/procurements/ocds/all.json"]
    return header


def package_header(*, uri: str, base_url: str = "", published=None) -> dict:
    base = (base_url or settings.SITE_URL).rstrip("/")
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [f"{base}/procurements/ocds/extension.json"],
        "publishedDate": _dt(published or timezone.now()),
        "publisher": {"name": "Samverka", "uri": base + "/"},
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "publicationPolicy": f"{base}/procurements/ocds/",
    }


def extension_metadata(base_url: str = "") -> dict:
    """Describes this publication's own conventions (identifier schemes, ocid prefix)."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return {
        "name": {"en": "Samverka identifiers", "sv": "Samverkas identifierare"},
        "description": {
            "en": (
                f"ocid = '{ocds_prefix()}-' + the case number in Samverka. Organisation "
                f"identifiers: scheme '{SCHEME_ORG}' is the Swedish organisation number "
                f"(organisationsnummer, 10 digits without hyphen); scheme "
                f"'{SCHEME_MUNICIPALITY}' is the four-digit Swedish municipality code "
                "(kommunkod, SCB), used for a municipality whose organisation number is "
                f"not known; scheme '{SCHEME_INTERNAL}' is Samverka's own short name for an "
                "organisation with neither. Party ids are '<scheme>-<id>'. CPV "
                "classification ids are the 8-digit code without the check digit. Amounts "
                "are in SEK. No bids or bidders are published before the award decision."
            ),
            "sv": (
                f"ocid = '{ocds_prefix()}-' + ärendets nummer i Samverka. Organisationer: "
                f"schemat '{SCHEME_ORG}' är organisationsnummer (10 siffror utan "
                f"bindestreck); '{SCHEME_MUNICIPALITY}' är kommunkoden (4 siffror, SCB) "
                "för en kommun vars organisationsnummer inte är känt; "
                f"'{SCHEME_INTERNAL}' är Samverkas kortnamn för en organisation utan "
                "något av dem. Belopp i SEK. Anbud och anbudsgivare publiceras först "
                "efter tilldelningsbeslutet."
            ),
        },
        "documentationUrl": {"en": f"{base}/procurements/ocds/"},
        "compatibility": ["1.1"],
    }
