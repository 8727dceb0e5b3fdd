"""The sealed-bid keys (issue #19, finding 2): required and strong in production,
rotatable, and a separate key for the supplier token."""

import base64
import hashlib
import hmac
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from procurements import crypto, services
from procurements.models import Bid, BidFile
from procurements.selectors import own_bids_for_supplier
from procurements.services.bids import bid_content, bid_file_bytes, bid_file_name
from tests.factories.procurements import pdf_file, publish, supplier_with_user

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 30 + "-production-secret-for-the-check-only-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "samverka.example",
}


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION, **overrides}
    for name in ("BID_ENCRYPTION_KEY", "SUPPLIER_TOKEN_KEY"):
        if overrides.get(name) is None:
            env.pop(name, None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_bid_key():
    result = check_deploy(SUPPLIER_TOKEN_KEY=new_key())
    assert result.returncode != 0
    assert "BID_ENCRYPTION_KEY" in result.stderr


def test_production_refuses_to_start_without_token_key():
    result = check_deploy(BID_ENCRYPTION_KEY=new_key())
    assert result.returncode != 0
    assert "SUPPLIER_TOKEN_KEY" in result.stderr


@pytest.mark.parametrize(
    "bid_key",
    [
        base64.urlsafe_b64encode(b"k" * 32).decode(),  # weak
        crypto.development_keys("dev-only-insecure-key-change-me")["BID_ENCRYPTION_KEY"],
        "not-a-key",
    ],
    ids=["weak", "derived-from-public-secret", "malformed"],
)
def test_check_deploy_refuses_weak_bid_key(bid_key):
    result = check_deploy(BID_ENCRYPTION_KEY=bid_key, SUPPLIER_TOKEN_KEY=new_key())
    assert result.returncode != 0
    assert "procurements.E001" in result.stdout + result.stderr


def test_check_deploy_refuses_the_same_key_twice():
    key = new_key()
    result = check_deploy(BID_ENCRYPTION_KEY=key, SUPPLIER_TOKEN_KEY=key)
    assert "procurements.E001" in result.stdout + result.stderr


def test_check_deploy_accepts_random_keys_with_an_old_one():
    result = check_deploy(
        BID_ENCRYPTION_KEY=f"{new_key()},{new_key()}", SUPPLIER_TOKEN_KEY=new_key()
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def tender(case, officer):
    return publish(case, officer)


def test_supplier_token_uses_its_own_key(settings, tender):
    bid_key = new_key()
    settings.BID_ENCRYPTION_KEY = bid_key
    settings.SUPPLIER_TOKEN_KEY = new_key()
    _org, user = supplier_with_user("Myloc AB")
    bid = services.bid_submit(tender=tender, by=user, text="x", price_sek=1)
    with_bid_key = hmac.new(
        base64.urlsafe_b64decode(bid_key),
        f"supplier|{tender.pk}:{user.organization_id}".encode(),
        hashlib.sha256,
    ).hexdigest()
    assert bid.supplier_token != with_bid_key
    # The token key alone changes the token; the bid key alone does not.
    token = bid.supplier_token
    settings.BID_ENCRYPTION_KEY = new_key()
    assert crypto.supplier_token(tender.pk, user.organization_id) == token
    settings.SUPPLIER_TOKEN_KEY = new_key()
    assert crypto.supplier_token(tender.pk, user.organization_id) != token


def test_rotation_old_key_decrypts_then_reseal_moves_everything_to_new_key(
    settings, tender, django_capture_on_commit_callbacks
):
    old, new = new_key(), new_key()
    settings.BID_ENCRYPTION_KEY = old
    _org, user = supplier_with_user("Myloc AB")
    bid = services.bid_submit(
        tender=tender,
        by=user,
        text="Hemlig lösning",
        price_sek="125000",
        files=[pdf_file("offert.pdf", b"%PDF-1.4\nBILAGA\n")],
    )
    stored = BidFile.objects.get(bid=bid)
    old_name = stored.file.name
    settings.BID_ENCRYPTION_KEY = f"{new},{old}"  # new first: encrypts; old still decrypts
    assert bid_content(bid)["text"] == "Hemlig lösning"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reseal_bids", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.BID_ENCRYPTION_KEY = new  # the old key dropped
    bid.refresh_from_db()
    stored.refresh_from_db()
    assert bid_content(bid)["text"] == "Hemlig lösning"
    assert bid_file_name(stored) == "offert.pdf"
    assert bid_file_bytes(stored).endswith(b"BILAGA\n")
    assert stored.file.name != old_name
    assert not stored.file.storage.exists(old_name)
    settings.BID_ENCRYPTION_KEY = old
    with pytest.raises(ValueError):
        bid_content(bid)


def test_reseal_recomputes_supplier_tokens_after_token_key_change(settings, tender):
    settings.SUPPLIER_TOKEN_KEY = new_key()
    _org, user = supplier_with_user("Myloc AB")
    bid = services.bid_submit(tender=tender, by=user, text="x", price_sek=1)
    settings.SUPPLIER_TOKEN_KEY = new_key()
    assert list(own_bids_for_supplier(user)) == []
    call_command("reseal_bids", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert [b.pk for b in own_bids_for_supplier(user)] == [bid.pk]
    assert Bid.objects.get(pk=bid.pk).supplier_token == crypto.supplier_token(
        tender.pk, user.organization_id
    )
