"""Who sees bid content and records scores (issue #19, finding 4): only people of the case
who declared no conflict of interest; the platform operator never."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from procurements import services
from procurements.models import AgreedScore, Bid, RequirementCheck
from procurements.selectors import bids_for_case
from tests.factories.procurements import open_bids, publish, supplier_with_user


@pytest.fixture
def opened(case, officer, witness):
    tender = publish(case, officer)
    _org, user = supplier_with_user("Alfa AB")
    bid = services.bid_submit(tender=tender, by=user, text="Hemlig lösning", price_sek=10)
    open_bids(case, officer, witness)
    case.refresh_from_db()
    return Bid.objects.get(pk=bid.pk)


def test_platform_operator_never_sees_bid_content(client, case, opened, platform_admin):
    assert list(bids_for_case(platform_admin, case)) == []
    client.force_login(platform_admin)
    assert (
        client.get(reverse("procurements:bid-detail", args=[opened.public_id])).status_code == 404
    )
    file_url = reverse("procurements:case-detail", args=[case.pk])
    assert "Hemlig lösning" not in client.get(file_url).content.decode()


def test_undeclared_officer_sees_no_bid_and_records_no_agreed_score(client, case, opened, officer):
    criterion = case.tender.criteria.first()
    client.force_login(officer)
    assert (
        client.get(reverse("procurements:bid-detail", args=[opened.public_id])).status_code == 404
    )
    with pytest.raises(ValidationError):
        services.agreed_score_record(
            bid=opened, criterion=criterion, by=officer, score=3, justification="enig"
        )
    with pytest.raises(ValidationError):
        services.requirement_check_record(
            bid=opened, requirement=case.tender.requirements.first(), by=officer, passed=True
        )
    assert not AgreedScore.objects.exists() and not RequirementCheck.objects.exists()


def test_officer_declares_then_records_agreed_score(client, case, opened, officer):
    client.force_login(officer)
    page = client.get(reverse("procurements:case-detail", args=[case.pk])).content.decode()
    assert reverse("procurements:evaluator-declare", args=[case.pk]) in page
    client.post(reverse("procurements:evaluator-declare", args=[case.pk]), {"confirm": "on"})
    criterion = case.tender.criteria.first()
    response = client.post(
        reverse("procurements:bid-detail", args=[opened.public_id]),
        {
            "action": "agree",
            "agree-criterion": criterion.pk,
            "agree-score": 4,
            "agree-justification": "enig",
        },
    )
    assert response.status_code == 302
    assert AgreedScore.objects.get(bid=opened).score == 4


def test_declared_evaluator_who_is_no_officer_records_no_agreed_score(
    case, opened, officer, evaluator
):
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    with pytest.raises(PermissionDenied):
        services.agreed_score_record(
            bid=opened,
            criterion=case.tender.criteria.first(),
            by=evaluator,
            score=3,
            justification="enig",
        )


def test_platform_operator_cannot_declare(client, case, opened, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("procurements:evaluator-declare", args=[case.pk]), {"confirm": "on"}
    )
    assert response.status_code in (403, 404)
    assert list(bids_for_case(platform_admin, case)) == []


def test_supplier_facing_bid_urls_carry_no_sequential_id(client, case, officer):
    """Issue #19, finding 10: a supplier must not count bids platform-wide from its URLs."""
    from procurements.models import BidFile
    from tests.factories.procurements import pdf_file

    tender = publish(case, officer)
    _org, user = supplier_with_user("Räknare AB")
    bid = services.bid_submit(
        tender=tender, by=user, text="x", price_sek=1, files=[pdf_file("a.pdf")]
    )
    bid_file = BidFile.objects.get(bid=bid)
    client.force_login(user)
    page = client.get(reverse("procurements:bid-list")).content.decode()
    assert reverse("procurements:bid-file", args=[bid_file.public_id]) in page
    assert reverse("procurements:bid-withdraw", args=[bid.public_id]) in page
    assert f"/bid-files/{bid_file.pk}/" not in page and f"/my-bids/{bid.pk}/" not in page
    assert client.get(f"/procurements/bid-files/{bid_file.pk}/").status_code == 404
    assert (
        client.get(reverse("procurements:bid-file", args=[bid_file.public_id])).status_code == 200
    )


def test_existing_bids_get_distinct_public_ids_from_the_database(db):
    """The column's database default is gen_random_uuid(): rows that existed before the
    migration each get their own value."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_default FROM information_schema.columns "
            "WHERE table_name = 'procurements_bid' AND column_name = 'public_id'"
        )
        assert "gen_random_uuid" in cursor.fetchone()[0]
