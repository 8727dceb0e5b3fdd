"""Sealing bids: encryption at rest with a key that never enters the database.

The key is `settings.BID_ENCRYPTION_KEY` (a Fernet key: 32 url-safe base64 bytes, from
the environment). When it is empty (development, tests) a key is derived from
SECRET_KEY with HKDF-SHA256, so a database dump alone still reveals nothing; production
sets its own key and keeps it apart from both the database and SECRET_KEY.
"""

import base64
import hashlib
import hmac
import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@cache
def _key_material(configured: str, secret: str) -> bytes:
    if configured:
        try:
            raw = base64.urlsafe_b64decode(configured.encode())
        except ValueError as exc:
            raise ImproperlyConfigured("BID_ENCRYPTION_KEY is not url-safe base64") from exc
        if len(raw) != 32:
            raise ImproperlyConfigured("BID_ENCRYPTION_KEY must encode 32 bytes")
        return raw
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"samverka-bids", info=b"bid-encryption"
    ).derive(secret.encode())


def _material() -> bytes:
    return _key_material(settings.BID_ENCRYPTION_KEY or "", settings.SECRET_KEY)


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_material()))


def seal_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def unseal_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:  # a wrong key must never pass silently
        raise ValueError("A sealed bid could not be decrypted with the configured key") from exc


def seal_json(payload: dict) -> bytes:
    return seal_bytes(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode())


def unseal_json(token: bytes) -> dict:
    return json.loads(unseal_bytes(token))


def supplier_token(tender_id: int, supplier_id: int) -> str:
    """A keyed hash: lets a supplier find its bid without the database naming it."""
    message = f"{tender_id}:{supplier_id}".encode()
    return hmac.new(_material(), b"supplier|" + message, hashlib.sha256).hexdigest()


def supplier_tokens(tender_ids, supplier_id: int) -> list[str]:
    """`supplier_token` for many tenders: the keyed state is prepared once, then copied."""
    prepared = hmac.new(_material(), b"supplier|", hashlib.sha256)
    tokens = []
    for tender_id in tender_ids:
        mac = prepared.copy()
        mac.update(f"{tender_id}:{supplier_id}".encode())
        tokens.append(mac.hexdigest())
    return tokens
