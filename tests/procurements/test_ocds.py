"""OCDS export: every package validates offline against OCDS 1.1.5; nothing of bids early."""

import json
from datetime import datetime, timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from procurements import services
from procurements.enums import Procedure, Stage
from procurements.models import ProcurementCase
from procurements.ocds import builder
from tests.factories.procurements import (
    approve,
    award,
    make_case,
    open_bids,
    publish,
    supplier_with_user,
    to_award,
)
from tests.procurements.ocds_support import assert_cove_clean as _assert_cove_clean
from tests.procurements.ocds_support import assert_valid_package


def _get_package(client, case) -> dict:
    response = client.get(reverse("procurements:ocds-package", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def _bidder_fields(package) -> set[str]:
    found = set()
    for release in package["releases"]:
        tender = release.get("tender", {})
        found |= {k for k in ("tenderers", "numberOfTenderers") if k in tender}
        found |= {"tenderer-role" for p in release["parties"] if "tenderer" in p["roles"]}
        found |= {"awards" for _ in release.get("awards", [])}
    return found


def test_every_demo_package_validates_against_ocds_offline(db, client, cove):
    from dialogue import demo as dialogue_demo
    from needs import demo as needs_demo
    from organizations import demo as org_demo
    from procurements import demo

    org_demo.seed()
    needs_demo.seed()
    demo.seed()
    dialogue_demo.seed()
    listing = client.get(reverse("procurements:ocds-case-list")).json()
    published = ProcurementCase.objects.filter(tender__published_at__isnull=False)
    assert {c["ocid"] for c in listing["cases"]} == {builder.ocid_for(c) for c in published}
    assert published.count() >= 6
    tags = set()
    for case in published:
        package = _get_package(client, case)
        assert_valid_package(package)
        _assert_cove_clean(cove(package), case.reference)
        assert package["releases"][0]["planning"], case.reference
        tags |= {t for r in package["releases"] for t in r["tag"]}
        if case.stage in (Stage.TENDER, Stage.EVALUATION):
            assert not _bidder_fields(package), case.reference
    assert {"planning", "tender", "award", "contract", "implementation"} <= tags

    bulk = client.get(reverse("procurements:ocds-bulk"))
    assert bulk.status_code == 200 and bulk.streaming
    assert "attachment" in bulk["Content-Disposition"]
    package = json.loads(b"".join(bulk.streaming_content))
    assert_valid_package(package)
    assert {r["ocid"] for r in package["releases"]} == {c["ocid"] for c in listing["cases"]}
    _assert_cove_clean(cove(package), "all.json")
    _assert_semantics(package)

    records = client.get(reverse("procurements:ocds-records"))
    assert records.status_code == 200
    record_package = json.loads(b"".join(records.streaming_content))
    _assert_cove_clean(cove(record_package), "records.json")
    assert {r["ocid"] for r in record_package["records"]} == {c["ocid"] for c in listing["cases"]}
    for record in record_package["records"]:
        compiled = record["compiledRelease"]
        assert compiled["tag"] == ["compiled"]
        _assert_periods_in_order(compiled)
        assert compiled["tender"]["items"][0]["classification"]["scheme"] == "CPV"
        assert [r["tag"] for r in record["releases"]] == [
            r["tag"] for r in package["releases"] if r["ocid"] == record["ocid"]
        ]

    # A release does not change after it was issued: tomorrow's package repeats it.
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        later = json.loads(
            b"".join(client.get(reverse("procurements:ocds-bulk")).streaming_content)
        )
    assert later["releases"] == package["releases"]

    # Follow-up case: implementation milestones carry effects and the contract its parties.
    sharing = ProcurementCase.objects.get(
        title="Digital tjänst för delning av resurser mellan kommuner"
    )
    releases = _get_package(client, sharing)["releases"]
    # Its market dialogue happened before publication and is in the frozen planning release.
    planning, tender = releases[0], releases[1]
    types = {m["type"] for m in planning["planning"]["milestones"]}
    assert {"preProcurement", "engagement"} <= types
    published = _parse(tender["tender"]["tenderPeriod"]["startDate"])
    assert all(_parse(m["dueDate"]) < published for m in planning["planning"]["milestones"])
    implementation = next(r for r in releases if r["tag"] == ["implementation"])
    milestones = implementation["contracts"][0]["implementation"]["milestones"]
    assert any(m["type"] == "reporting" and "Uppmätt" in m["description"] for m in milestones)
    from organizations.models import Organization

    ystad_name = Organization.objects.get(slug="ystad").name
    roles = {p["name"]: set(p["roles"]) for p in implementation["parties"]}
    assert {"buyer", "procuringEntity"} <= roles[ystad_name]
    assert "supplier" in roles[Organization.objects.get(slug="myloc").name]
    ystad = next(p for p in implementation["parties"] if p["name"] == ystad_name)
    # The demo's municipalities have no organisation number: no unregistered scheme is
    # passed off as an identifier; the municipality code is an additional identifier.
    assert "identifier" not in ystad
    assert ystad["additionalIdentifiers"][0]["scheme"] == "X-SE-KOMMUNKOD"
    assert (
        ystad["id"] == "X-SE-KOMMUNKOD-" + Organization.objects.get(slug="ystad").municipality_code
    )


def test_index_page_is_public_and_lists_published_cases(db, client, officer):
    draft = make_case(officer, title="Inte publicerad ännu")
    case = make_case(officer, title="Publicerad upphandling")
    publish(case, officer)
    response = client.get(reverse("procurements:ocds-index"))
    assert response.status_code == 200
    assert "Publicerad upphandling" in response.content.decode()
    assert "Inte publicerad ännu" not in response.content.decode()
    assert client.get(reverse("procurements:ocds-package", args=[draft.pk])).status_code == 404
    ext = client.get(reverse("procurements:ocds-extension")).json()
    assert "SE-KOMMUNKOD" in ext["description"]["en"]


def test_tender_package_has_periods_criteria_documents_and_method(db, client, officer, trelleborg):
    case = make_case(
        officer,
        participating=[trelleborg],
        procedure=Procedure.INNOVATION_PARTNERSHIP,
        estimated_value_sek=2_500_000,
    )
    case.cpv_codes.add("72000000-5", "48000000-8")
    tender = publish(case, officer)
    services.document_upload(
        tender=tender, by=officer, title="Förfrågningsunderlag", file=_pdf(), reason="Rättelse"
    )
    package = _get_package(client, case)
    assert_valid_package(package)
    release = next(r for r in package["releases"] if r["tag"] == ["tender"])
    assert "amendments" not in release["tender"]  # as announced, before the amendment
    release = package["releases"][-1]
    assert release["tag"] == ["tenderAmendment"]
    t = release["tender"]
    assert t["procurementMethod"] == "selective"
    assert "Innovationspartnerskap" in t["procurementMethodDetails"]
    assert t["awardCriteria"] == "ratedCriteria"
    assert "Effekt 60 %" in t["awardCriteriaDetails"]
    assert t["value"] == {"amount": 2500000, "currency": "SEK"}
    assert t["tenderPeriod"]["endDate"] > t["enquiryPeriod"]["endDate"]
    assert t["items"][0]["classification"] == {
        "scheme": "CPV",
        "id": "48000000",
        "description": t["items"][0]["classification"]["description"],
        "uri": "https://ted.europa.eu/cpv/48000000",
    }
    assert t["documents"][0]["documentType"] == "biddingDocuments"
    assert t["amendments"][0]["rationale"] == "Rättelse"
    assert release["id"].startswith(f"{release['ocid']}-tenderAmendment-document-")
    assert {p["id"] for p in release["parties"]} >= {release["buyer"]["id"]}


@pytest.mark.parametrize("stage", [Stage.TENDER, Stage.EVALUATION])
def test_no_bids_or_bidders_before_the_award_decision(db, client, officer, witness, stage):
    case = make_case(officer)
    tender = publish(case, officer)
    for name in ("Hemlig Leverantör AB", "Annan Leverantör AB"):
        _org, user = supplier_with_user(name)
        services.bid_submit(tender=tender, by=user, text="Anbud", price_sek=1234567)
    if stage == Stage.EVALUATION:
        open_bids(case, officer, witness)
    for url in (
        reverse("procurements:ocds-package", args=[case.pk]),
        reverse("procurements:ocds-bulk"),
    ):
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "Leverantör AB" not in body
        assert "tenderer" not in body and "numberOfTenderers" not in body
        assert "1234567" not in body and '"awards"' not in body
        assert_valid_package(json.loads(body))


def test_after_the_award_decision_tenderers_and_award_appear(
    db, client, officer, witness, evaluator
):
    case = make_case(officer)
    bids = to_award(case, officer, witness, evaluator, suppliers=2)
    award(case, officer, winning_bids=[bids[0]], reasons="Bäst poäng")
    package = _get_package(client, case)
    assert_valid_package(package)
    tender_release = next(r for r in package["releases"] if r["tag"] == ["tender"])
    assert "numberOfTenderers" not in tender_release["tender"]
    award_release = next(r for r in package["releases"] if r["tag"] == ["award"])
    assert award_release["tender"]["numberOfTenderers"] == 2
    assert award_release["awards"][0]["status"] == "pending"  # standstill
    assert award_release["awards"][0]["suppliers"][0]["name"] == "Anbudsgivare 0 AB"
    assert "1000" not in json.dumps(award_release["awards"])  # no bid prices


def test_a_cancelled_tender_gets_a_cancellation_release_without_bidders(
    db, client, officer, witness
):
    case = make_case(officer)
    tender = publish(case, officer)
    _org, user = supplier_with_user("Hemlig Leverantör AB")
    services.bid_submit(tender=tender, by=user, text="Anbud", price_sek=5000)
    open_bids(case, officer, witness)
    approve(case, officer, "cancellation", reasons="Inga godtagbara anbud")
    services.procurement_transition(
        case=case,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Inga godtagbara anbud",
        lessons_learned="För snäv kravställning",
    )
    package = _get_package(client, case)
    assert_valid_package(package)
    last = package["releases"][-1]
    assert last["tag"] == ["tenderCancellation"]
    assert last["tender"]["status"] == "cancelled"
    assert "Hemlig" not in json.dumps(package) and not _bidder_fields(package)


@override_settings(OCDS_PREFIX="ocds-abc123")
def test_prefix_is_configurable(db, client, officer):
    case = make_case(officer)
    publish(case, officer)
    package = _get_package(client, case)
    assert {r["ocid"] for r in package["releases"]} == {f"ocds-abc123-{case.pk}"}


def test_municipality_without_org_number_has_no_unregistered_identifier(db, ystad):
    ystad.org_number = None
    assert builder._identifier(ystad) == ("X-SE-KOMMUNKOD", ystad.municipality_code)
    party = builder._party(ystad, ["buyer"])
    assert "identifier" not in party
    assert party["additionalIdentifiers"][0]["id"] == ystad.municipality_code
    ystad.org_number = "212000-1264"
    assert builder._identifier(ystad) == ("SE-ON", "2120001264")
    assert builder._party(ystad, ["buyer"])["identifier"]["scheme"] == "SE-ON"


def test_package_queries_are_bounded(db, client, officer, django_assert_max_num_queries):
    for i in range(3):
        case = make_case(officer, title=f"Ärende {i}")
        publish(case, officer)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("procurements:ocds-bulk"))
        b"".join(response.streaming_content)


def _pdf():
    from tests.factories.procurements import pdf_file

    return pdf_file("underlag.pdf")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _assert_periods_in_order(release: dict) -> None:
    periods = []
    tender = release.get("tender", {})
    periods += [tender.get("tenderPeriod"), tender.get("enquiryPeriod")]
    periods += [a.get("contractPeriod") for a in release.get("awards", [])]
    periods += [c.get("period") for c in release.get("contracts", [])]
    for period in filter(None, periods):
        if "startDate" in period and "endDate" in period:
            assert _parse(period["startDate"]) < _parse(period["endDate"]), (release["id"], period)
        if "maxExtentDate" in period and "endDate" in period:
            assert _parse(period["endDate"]) <= _parse(period["maxExtentDate"]), release["id"]
    for released_award in release.get("awards", []):
        for contract in release.get("contracts", []):
            if "dateSigned" in contract and "date" in released_award:
                assert _parse(released_award["date"]) <= _parse(contract["dateSigned"]), release[
                    "id"
                ]
        assert _parse(released_award["date"]) <= _parse(release["date"]), release["id"]


def _assert_semantics(package: dict) -> None:
    by_ocid: dict[str, list[dict]] = {}
    for release in package["releases"]:
        _assert_periods_in_order(release)
        by_ocid.setdefault(release["ocid"], []).append(release)
    for releases in by_ocid.values():
        dates = [_parse(r["date"]) for r in releases]
        assert dates == sorted(dates), releases[0]["ocid"]
        tender = next(r for r in releases if r["tag"] == ["tender"])
        # The tender release is what was announced: still open when it was issued.
        assert tender["tender"]["status"] == "active", tender["id"]
        assert _parse(tender["tender"]["tenderPeriod"]["startDate"]) <= _parse(tender["date"])
