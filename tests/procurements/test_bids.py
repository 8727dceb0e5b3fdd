from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from procurements import services
from procurements.enums import BidStatus
from procurements.models import Bid, BidFile, CaseEvent
from procurements.selectors import bids_for_case, own_bids_for_supplier
from procurements.services.bids import bid_content, bid_file_bytes, bid_file_name
from tests.factories.procurements import (
    open_tender_bids,
    pass_deadline,
    pdf_file,
    publish,
    supplier_with_user,
)


@pytest.fixture
def tender(case, officer):
    return publish(case, officer)


@pytest.fixture
def bidder():
    return supplier_with_user("Myloc Test AB")


def test_submit_gives_receipt_and_stores_nothing_readable(tender, bidder):
    org, user = bidder
    bid = bid_submit_with_file(tender, user)
    assert bid.receipt_code.startswith("B-") and bid.submitted_at
    assert bid.supplier_id is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT sealed, supplier_token, supplier_id FROM procurements_bid")
        sealed, token, supplier_id = cursor.fetchone()
    raw = bytes(sealed)
    for secret in ("Vår hemliga lösning", org.name, "supplier_id", "125000"):
        assert secret.encode() not in raw
    assert supplier_id is None and len(token) == 64
    stored = BidFile.objects.get(bid=bid)
    raw = stored.file.open("rb").read()
    assert b"HEMLIG BILAGA" not in raw and b"offert.pdf" not in bytes(stored.sealed_name)
    assert bid_file_bytes(stored).endswith(b"HEMLIG BILAGA\n")
    assert bid_file_name(stored) == "offert.pdf"


def bid_submit_with_file(tender, user, text="Vår hemliga lösning"):
    return services.bid_submit(
        tender=tender,
        by=user,
        text=text,
        price_sek="125000",
        files=[pdf_file("offert.pdf", b"%PDF-1.4\nHEMLIG BILAGA\n")],
    )


def test_replace_keeps_one_live_bid_with_new_receipt(tender, bidder):
    _org, user = bidder
    first = services.bid_submit(tender=tender, by=user, text="Ett", price_sek=1)
    receipt = first.receipt_code
    second = services.bid_submit(tender=tender, by=user, text="Två", price_sek=2)
    assert second.pk == first.pk and second.version == 2 and second.receipt_code != receipt
    assert bid_content(second)["text"] == "Två"


def test_withdraw_then_submit_again(tender, bidder):
    _org, user = bidder
    bid = services.bid_submit(tender=tender, by=user, text="Ett", price_sek=1)
    services.bid_withdraw(bid=bid, by=user)
    again = services.bid_submit(tender=tender, by=user, text="Nytt", price_sek=1)
    assert again.pk != bid.pk
    assert list(own_bids_for_supplier(user).values_list("status", flat=True)) == [
        BidStatus.SUBMITTED,
        BidStatus.WITHDRAWN,
    ]


def test_other_supplier_cannot_withdraw(tender, bidder):
    _org, user = bidder
    _other, other_user = supplier_with_user("Annan AB")
    bid = services.bid_submit(tender=tender, by=user, text="Ett", price_sek=1)
    with pytest.raises(ValidationError):
        services.bid_withdraw(bid=bid, by=other_user)


def test_supplier_sees_only_own_bids(tender, bidder):
    _org, user = bidder
    _other, other_user = supplier_with_user("Annan AB")
    mine = services.bid_submit(tender=tender, by=user, text="Ett", price_sek=1)
    services.bid_submit(tender=tender, by=other_user, text="Två", price_sek=1)
    assert list(own_bids_for_supplier(user)) == [mine]


def test_bid_one_second_late_is_refused_and_on_time_accepted(tender, bidder, monkeypatch):
    _org, user = bidder
    deadline = tender.deadline
    monkeypatch.setattr(timezone, "now", lambda: deadline)
    services.bid_submit(tender=tender, by=user, text="I tid", price_sek=1)
    monkeypatch.setattr(timezone, "now", lambda: deadline + timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        services.bid_submit(tender=tender, by=user, text="Sent", price_sek=1)
    assert "Sista anbudsdag har passerat" in exc.value.messages[0]
    bid = Bid.objects.get()
    assert bid_content(bid)["text"] == "I tid"
    with pytest.raises(ValidationError):
        services.bid_withdraw(bid=bid, by=user)


def test_bid_bad_input_changes_nothing(tender, bidder, settings):
    _org, user = bidder
    exe = SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as exc:
        services.bid_submit(tender=tender, by=user, text="", price_sek="-3", files=[exe])
    assert set(exc.value.message_dict) == {"text", "price_sek", "files"}
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.bid_submit(tender=tender, by=user, text="ok", price_sek=1, files=[pdf_file()])
    assert "files" in exc.value.message_dict
    assert not Bid.objects.exists()


def test_municipal_user_cannot_bid(tender, officer):
    with pytest.raises(ValidationError):
        services.bid_submit(tender=tender, by=officer, text="x", price_sek=1)


def test_nobody_sees_bids_before_opening(tender, case, bidder, officer, platform_admin, evaluator):
    _org, user = bidder
    services.bid_submit(tender=tender, by=user, text="x", price_sek=1)
    services.evaluator_assign(case=case, user=evaluator, by=officer)
    services.evaluator_declare(case=case, user=evaluator)
    for viewer in (officer, platform_admin, evaluator):
        assert list(bids_for_case(viewer, case)) == []
    assert (
        not CaseEvent.objects.filter(case=case, summary__icontains="bid")
        .exclude(kind="opening")
        .exists()
    )


def test_own_bids_found_before_and_after_the_opening(tender, case, bidder, officer, witness):
    """Before the opening by token (tender stage), after it by the named supplier; a bid
    withdrawn before the opening only in the full bid list."""
    _org, user = bidder
    _other, other_user = supplier_with_user("Annan AB")
    mine = services.bid_submit(tender=tender, by=user, text="Ett", price_sek=1)
    services.bid_submit(tender=tender, by=other_user, text="Två", price_sek=1)
    assert list(own_bids_for_supplier(user)) == [mine]
    services.bid_withdraw(bid=mine, by=user)
    again = services.bid_submit(tender=tender, by=user, text="Tre", price_sek=1)
    pass_deadline(tender)
    open_tender_bids(tender, officer, witness)
    services.procurement_transition(case=case, to_stage="evaluation", by=officer)
    assert list(own_bids_for_supplier(user)) == [again]
    assert list(own_bids_for_supplier(other_user)) != [again]
    full = own_bids_for_supplier(user, withdrawn_after_opening=True)
    assert sorted(b.pk for b in full) == sorted([mine.pk, again.pk])


def test_submit_after_opening_is_refused(tender, bidder, officer, witness):
    _org, user = bidder
    pass_deadline(tender)
    open_tender_bids(tender, officer, witness)
    with pytest.raises(ValidationError):
        services.bid_submit(tender=tender, by=user, text="x", price_sek=1)


def test_wrong_key_cannot_decrypt(tender, bidder, settings):
    import base64

    from procurements import crypto

    _org, user = bidder
    bid = services.bid_submit(tender=tender, by=user, text="x", price_sek=1)
    settings.BID_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
    crypto._key_material.cache_clear()
    with pytest.raises(ValueError):
        bid_content(bid)
