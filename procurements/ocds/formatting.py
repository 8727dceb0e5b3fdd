"""What every OCDS section is written with: identifiers, the procedure and stage mappings,
dates, amounts, and the cleaning of empty values."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from ..enums import Procedure, Stage
from ..models import ProcurementCase

OCDS_VERSION = "1.1"
CURRENCY = "SEK"
# The official Bid statistics and details extension (``bids.statistics``), the version
# made for OCDS 1.1.5.
BIDS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/"
    "v1.1.5/extension.json"
)
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


def _num(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value)


def _reached(case, stage) -> bool:
    if case.stage == Stage.CANCELLED:
        return False
    return STAGE_ORDER.index(case.stage) >= STAGE_ORDER.index(stage)


def milestone(
    ident: str,
    title: str,
    kind: str,
    *,
    status: str,
    due: str | None = None,
    met: str | None = None,
    description: str = "",
) -> dict:
    """An OCDS Milestone (``kind`` from the milestoneType codelist, ``status`` from
    milestoneStatus); ``due`` and ``met`` are already formatted dates. ``dateMet`` only
    goes with a met milestone."""
    return {
        "id": ident,
        "title": title,
        "description": description,
        "type": kind,
        "dueDate": due,
        "dateMet": met if status == "met" else None,
        "status": status,
    }


iso = _dt  # public name, for the apps that contribute sections


def _release_moment(release: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(release["date"])
