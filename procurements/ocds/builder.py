"""Procurement cases as OCDS 1.1.5 release packages (open data).

One case is one contracting process: ``ocid = f"{OCDS_PREFIX}-{case.pk}"``. The package of
a case holds one release per stage the case has reached (planning, tender, award,
contract, implementation, and tenderCancellation when it was cancelled), each release
with the sections known at that stage. Everything is written in Swedish (``language``).

Sealing: nothing about bids or bidders (``tenderers``, ``numberOfTenderers``, parties
with the role ``tenderer``, ``bids.statistics``) is exported before the case has an award
decision, whatever its stage; prices of bids are never exported (awards carry the
contracts' values).

The parts: `formatting` (identifiers, dates, amounts), `parties`, `sections` (planning,
tender), `steps` (tender milestones, bid statistics), `awards` (awards, contracts),
`releases` (one per stage), `records` (compiled releases, package headers); sections of
apps above procurements come through `contributors`. This module is their public face.
"""

from .formatting import (
    CURRENCY,
    OCDS_VERSION,
    PROCEDURE_METHODS,
    SCHEME_INTERNAL,
    SCHEME_MUNICIPALITY,
    SCHEME_ORG,
    STAGE_ORDER,
    _dt,
    ocds_prefix,
    ocid_for,
)
from .parties import _identifier, _party, party_id
from .records import (
    case_record,
    compile_releases,
    extension_metadata,
    package_header,
    record_package_header,
    release_package,
)
from .releases import SUFFIXES, build_release, case_releases, listed_cases, published_cases

__all__ = [
    "CURRENCY",
    "OCDS_VERSION",
    "PROCEDURE_METHODS",
    "SCHEME_INTERNAL",
    "SCHEME_MUNICIPALITY",
    "SCHEME_ORG",
    "STAGE_ORDER",
    "SUFFIXES",
    "_dt",
    "_identifier",
    "_party",
    "build_release",
    "case_record",
    "case_releases",
    "compile_releases",
    "extension_metadata",
    "listed_cases",
    "ocds_prefix",
    "ocid_for",
    "package_header",
    "party_id",
    "published_cases",
    "record_package_header",
    "release_package",
]
