"""Offline OCDS checks shared by the export's tests: the 1.1.5 schema (with the bid
extension applied), the codelists, and libcoveocds with every URL answered locally."""

import csv
import io
import json
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

from procurements.ocds import builder
from procurements.ocds.formatting import BIDS_EXTENSION

SCHEMA_DIR = Path(builder.__file__).resolve().parent / "schema"

# --- The Bid statistics and details extension, v1.1.5 ------------------------------------
# The network here does not reach GitHub, so the tests answer the extension's URLs with a
# stand-in: its metadata, the part of its release-schema patch Samverka publishes
# (``bids.statistics``) and the codes of its open bidStatistics codelist, transcribed from
# the extension's documentation (extensions.open-contracting.org, bids v1.1.5).
BID_EXTENSION_ZIP_URL = (
    "https://github.com/open-contracting-extensions/ocds_bid_extension/archive/v1.1.5.zip"
)
BID_EXTENSION_METADATA = {
    "name": {"en": "Bid statistics and details"},
    "description": {"en": "Adds a bids object to describe bids and aggregate statistics."},
    "documentationUrl": {"en": "https://extensions.open-contracting.org/en/extensions/bids/"},
    "compatibility": ["1.1"],
    "codelists": ["bidStatistics.csv"],
    "schemas": ["release-schema.json"],
}
_NULLABLE_STRING = {"type": ["string", "null"]}
BID_EXTENSION_PATCH = {
    "properties": {"bids": {"title": "Bids", "$ref": "#/definitions/Bids"}},
    "definitions": {
        "Bids": {
            "title": "Bids",
            "type": "object",
            "properties": {
                "statistics": {
                    "type": "array",
                    "items": {"$ref": "#/definitions/BidsStatistic"},
                },
                "details": {"type": "array", "items": {"$ref": "#/definitions/Bid"}},
            },
        },
        "BidsStatistic": {
            "title": "Bid Statistic",
            "type": "object",
            "required": ["id", "measure", "value"],
            "properties": {
                "id": {"type": "string"},
                "measure": {
                    "type": "string",
                    "codelist": "bidStatistics.csv",
                    "openCodelist": True,
                },
                "date": {"type": ["string", "null"], "format": "date-time"},
                "value": {"type": "number"},
                "notes": _NULLABLE_STRING,
                "relatedLot": _NULLABLE_STRING,
            },
        },
        "Bid": {
            "title": "Bid",
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}},
        },
    },
}
BID_STATISTICS = (
    ("requests", "Requests to participate"),
    ("bids", "Bids"),
    ("validBids", "Valid bids"),
    ("lowestValidBidValue", "Lowest valid bid value"),
    ("highestValidBidValue", "Highest valid bid value"),
    ("bidders", "Bidders"),
    ("qualifiedBidders", "Qualified bidders"),
    ("disqualifiedBidders", "Disqualified bidders"),
    ("electronicBids", "Electronic bids"),
    ("smeBids", "Bids from SMEs"),
    ("foreignBids", "Bids from foreign firms"),
    ("foreignBidsFromEU", "Bids from firms in other EEA countries"),
    ("foreignBidsFromNonEU", "Bids from firms in non-EEA countries"),
    ("tendersAbnormallyLow", "Tenders excluded because they were abnormally low"),
)


def bid_statistics_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Code", "Title", "Description"])
    writer.writerows((code, title, title) for code, title in BID_STATISTICS)
    return out.getvalue()


@cache
def bid_extension_zip() -> bytes:
    """The extension as GitHub's archive of its tag (what ocdsextensionregistry fetches)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ocds_bid_extension-1.1.5/", "")
        archive.writestr(
            "ocds_bid_extension-1.1.5/extension.json", json.dumps(BID_EXTENSION_METADATA)
        )
        archive.writestr(
            "ocds_bid_extension-1.1.5/release-schema.json", json.dumps(BID_EXTENSION_PATCH)
        )
        archive.writestr(
            "ocds_bid_extension-1.1.5/codelists/bidStatistics.csv", bid_statistics_csv()
        )
    return buffer.getvalue()


def _merge_patch(target: dict, patch: dict) -> dict:
    """JSON Merge Patch (RFC 7386), how OCDS applies an extension's schema."""
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge_patch(result[key], value)
        else:
            result[key] = value
    return result


# --- The schema, extended, with jsonschema -------------------------------------------------


def _no_network(uri):
    raise NoSuchResource(ref=uri)


@cache
def package_validator() -> Draft4Validator:
    release = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    release = _merge_patch(release, BID_EXTENSION_PATCH)
    package = json.loads((SCHEMA_DIR / "release-package-schema.json").read_text())
    resources = [
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in (release, package)
    ]
    registry = Registry(retrieve=_no_network).with_resources(resources)
    checker = Draft4Validator.FORMAT_CHECKER
    return Draft4Validator(package, registry=registry, format_checker=checker)


@cache
def codelist(name: str) -> set[str]:
    if name == "bidStatistics":
        return {code for code, _title in BID_STATISTICS}
    with (SCHEMA_DIR / "codelists" / f"{name}.csv").open(encoding="utf-8") as handle:
        return {row["Code"] for row in csv.DictReader(handle)}


def _walk(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*path, key))
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value, path)
    else:
        yield path, data


CODELIST_FIELDS = {
    ("tag",): "releaseTag",
    ("tender", "procurementMethod"): "method",
    ("tender", "status"): "tenderStatus",
    ("tender", "awardCriteria"): "awardCriteria",
    ("tender", "submissionMethod"): "submissionMethod",
    ("parties", "roles"): "partyRole",
    ("tender", "documents", "documentType"): "documentType",
    ("awards", "status"): "awardStatus",
    ("contracts", "status"): "contractStatus",
    ("initiationType",): "initiationType",
    ("tender", "items", "classification", "scheme"): "itemClassificationScheme",
    ("bids", "statistics", "measure"): "bidStatistics",
}
MILESTONE_SUFFIXES = {
    ("milestones", "type"): "milestoneType",
    ("milestones", "status"): "milestoneStatus",
}
DATE_KEYS = {"date", "startDate", "endDate", "maxExtentDate", "dateSigned", "datePublished",
             "dueDate", "dateMet", "publishedDate"}  # fmt: skip


def assert_valid_package(package: dict) -> None:
    errors = sorted(package_validator().iter_errors(package), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert BIDS_EXTENSION in package["extensions"]
    seen_codes = set()
    for release in package["releases"]:
        assert release["ocid"].startswith("ocds-samverka-")
        for path, value in _walk(release):
            if path in CODELIST_FIELDS:
                assert value in codelist(CODELIST_FIELDS[path]), (path, value)
                seen_codes.add(path)
            if path[-2:] in MILESTONE_SUFFIXES:
                assert value in codelist(MILESTONE_SUFFIXES[path[-2:]]), (path, value)
            if path and path[-1] in DATE_KEYS:
                parsed = datetime.fromisoformat(value)
                assert parsed.tzinfo is not None, (path, value)
            if path[-1:] == ("currency",):
                assert value == "SEK"
            if path[-2:] == ("identifier", "scheme"):
                assert value == "SE-ON"  # org-id.guide's list for organisation numbers
            if path[-2:] == ("classification", "scheme"):
                assert value == "CPV"
    assert ("tag",) in seen_codes


# --- The official data review tool (libcoveocds), offline ----------------------------------


@cache
def _standard_zip() -> bytes:
    """The OCDS 1.1.5 schema laid out as the standard's repository archive, so libcoveocds
    reads it from memory instead of downloading it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for path in sorted(SCHEMA_DIR.rglob("*")):
            if path.is_file() and path.suffix in (".json", ".csv"):
                name = path.relative_to(SCHEMA_DIR).as_posix()
                archive.writestr(f"standard-1__1__5/schema/{name}", path.read_bytes())
    return buffer.getvalue()


def _answer(client, url: str) -> tuple[int, str, bytes]:
    """What the offline test answers for `url`: the local schema copies, the bid
    extension's stand-in archive, or this app's own pages; every other URL fails."""
    import requests

    standard = "https://standard.open-contracting.org/schema/1__1__5/"
    if url.startswith(standard):  # the schemas' own ids: the local copies
        return 200, "application/json", (SCHEMA_DIR / url.removeprefix(standard)).read_bytes()
    if url == BID_EXTENSION_ZIP_URL:
        return 200, "application/zip", bid_extension_zip()
    if url.startswith("http://testserver/"):
        answer = client.get(url.removeprefix("http://testserver"))
        content = b"".join(answer.streaming_content) if answer.streaming else answer.content
        return answer.status_code, answer.get("Content-Type", ""), content
    raise requests.ConnectionError(f"offline test: {url}")


def offline_cove(client, monkeypatch, tmp_path):
    """Review a package with libcoveocds; HTTP goes to `_answer` and nowhere else."""
    import requests
    import urllib3
    from libcoveocds.api import ocds_json_output
    from libcoveocds.config import LibCoveOCDSConfig

    def send(adapter, request, **kwargs):
        status, content_type, content = _answer(client, request.url)
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(content),
            headers={"Content-Type": content_type},
            status=status,
            preload_content=False,
            request_url=request.url,
        )
        return adapter.build_response(request, raw)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)

    def review(data: dict) -> dict:
        config = LibCoveOCDSConfig()
        config.config["context"] = "api"
        config.config["standard_zip"] = _standard_zip()
        return ocds_json_output(
            output_dir=str(tmp_path), json_data=data, lib_cove_ocds_config=config
        )

    return review


def assert_cove_clean(result: dict, what: str) -> None:
    assert result["validation_errors"] == [], (what, result["validation_errors"][:3])
    assert not result.get("json_deref_error"), what
    extensions = result.get("extensions", {})
    assert not extensions.get("invalid_extension"), (what, extensions)
    declared = {e.get("url") for e in extensions.get("extensions", [])}
    assert BIDS_EXTENSION in declared, (what, extensions)
    assert extensions.get("is_extended_schema"), (what, extensions)
