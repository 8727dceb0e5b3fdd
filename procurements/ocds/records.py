"""Records (compiled releases) and the package headers of the publication."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ..models import ProcurementCase
from .formatting import (
    BIDS_EXTENSION,
    OCDS_VERSION,
    SCHEME_INTERNAL,
    SCHEME_MUNICIPALITY,
    SCHEME_ORG,
    _dt,
    _release_moment,
    ocds_prefix,
    ocid_for,
)
from .releases import case_releases


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
        "extensions": [f"{base}/procurements/ocds/extension.json", BIDS_EXTENSION],
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
                "are in SEK. No bids or bidders are published before the award decision: "
                "bids.statistics (Bid statistics and details extension) and tenderers appear "
                "from the award release on; tender.milestones are the procedure's steps."
            ),
            "sv": (
                f"ocid = '{ocds_prefix()}-' + ärendets nummer i Samverka. Organisationer: "
                f"schemat '{SCHEME_ORG}' är organisationsnummer (10 siffror utan "
                f"bindestreck); '{SCHEME_MUNICIPALITY}' är kommunkoden (4 siffror, SCB) "
                "för en kommun vars organisationsnummer inte är känt; "
                f"'{SCHEME_INTERNAL}' är Samverkas kortnamn för en organisation utan "
                "något av dem. Belopp i SEK. Anbud och anbudsgivare publiceras först "
                "efter tilldelningsbeslutet: bids.statistics (antal ansökningar och anbud "
                "per steg) från tilldelningsreleasen; tender.milestones är förfarandets steg."
            ),
        },
        "documentationUrl": {"en": f"{base}/procurements/ocds/"},
        "compatibility": ["1.1"],
    }
