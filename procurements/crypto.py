"""Sealing bids: encryption at rest with keys that never enter the database.

Two secrets, both from the environment and both required when DEBUG=0:

- `BID_ENCRYPTION_KEY`: one or more Fernet keys (32 url-safe base64 bytes each), separated
  by commas. The first encrypts; every key decrypts (`MultiFernet`), so a key is rotated
  by putting a new one first, running `manage.py reseal_bids` and then dropping the old.
- `SUPPLIER_TOKEN_KEY`: the HMAC key of `supplier_token` (the keyed hash that lets a
  supplier find its own bid). A separate key, so a leaked token key reveals no bid and
  a bid key does not let anyone link bids to suppliers. `reseal_bids` recomputes the tokens
  after this key changes (the supplier is inside the sealed payload).

When a key is empty (development, tests only) it is derived from SECRET_KEY with
HKDF-SHA256 (a different `info` per key). The development SECRET_KEY is in the repository,
so derived keys protect nothing: `config.settings` refuses to start with DEBUG=0 without
both keys, and `check --deploy` refuses weak ones (`procurements.checks`).
"""

import base64
import hashlib
import hmac
import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BID_INFO = b"bid-encryption"
TOKEN_INFO = b"supplier-token"


def derive(secret: str, info: bytes) -> bytes:
    """The development key for `info`, derived from `secret` (never for production)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"samverka-bids", info=info).derive(
        secret.encode()
    )


def decode_key(value: str, name: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(value.strip().encode())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not url-safe base64") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must encode 32 bytes")
    return raw


def split_keys(configured: str) -> list[str]:
    return [part.strip() for part in (configured or "").split(",") if part.strip()]


@cache
def _key_material(configured: str, secret: str) -> tuple[bytes, ...]:
    """The bid keys, newest first."""
    parts = split_keys(configured)
    if parts:
        return tuple(decode_key(part, "BID_ENCRYPTION_KEY") for part in parts)
    return (derive(secret, BID_INFO),)


@cache
def _token_material(configured: str, secret: str) -> bytes:
    if configured:
        return decode_key(configured, "SUPPLIER_TOKEN_KEY")
    return derive(secret, TOKEN_INFO)


def bid_keys() -> tuple[bytes, ...]:
    return _key_material(settings.BID_ENCRYPTION_KEY or "", settings.SECRET_KEY)


def token_key() -> bytes:
    return _token_material(getattr(settings, "SUPPLIER_TOKEN_KEY", "") or "", settings.SECRET_KEY)


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(base64.urlsafe_b64encode(key)) for key in bid_keys()])


def _newest() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(bid_keys()[0]))


def seal_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def unseal_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken as exc:  # a wrong key must never pass silently
        raise ValueError("A sealed bid could not be decrypted with the configured key") from exc


def is_sealed_with_newest(token: bytes) -> bool:
    try:
        _newest().decrypt(bytes(token))
    except InvalidToken:
        return False
    return True


def reseal_bytes(token: bytes) -> bytes:
    """The same content, encrypted with the newest key (ValueError when no key fits)."""
    try:
        return _fernet().rotate(bytes(token))
    except InvalidToken as exc:
        raise ValueError("A sealed bid could not be decrypted with the configured keys") from exc


def seal_json(payload: dict) -> bytes:
    return seal_bytes(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode())


def unseal_json(token: bytes) -> dict:
    return json.loads(unseal_bytes(token))


def supplier_token(tender_id: int, supplier_id: int) -> str:
    """A keyed hash: lets a supplier find its bid without the database naming it."""
    message = f"{tender_id}:{supplier_id}".encode()
    return hmac.new(token_key(), b"supplier|" + message, hashlib.sha256).hexdigest()


def supplier_tokens(tender_ids, supplier_id: int) -> list[str]:
    """`supplier_token` for many tenders: the keyed state is prepared once, then copied."""
    prepared = hmac.new(token_key(), b"supplier|", hashlib.sha256)
    tokens = []
    for tender_id in tender_ids:
        mac = prepared.copy()
        mac.update(f"{tender_id}:{supplier_id}".encode())
        tokens.append(mac.hexdigest())
    return tokens


def development_keys(secret: str) -> dict[str, str]:
    """The keys a development process derives from `secret`, as environment values
    (for a DEBUG=0 process that must read data written in development: the benchmark)."""
    return {
        "BID_ENCRYPTION_KEY": base64.urlsafe_b64encode(derive(secret, BID_INFO)).decode(),
        "SUPPLIER_TOKEN_KEY": base64.urlsafe_b64encode(derive(secret, TOKEN_INFO)).decode(),
    }


def key_problems(*, bid_key: str, token_key_value: str, secret: str, dev_secret: str) -> list[str]:
    """Why the configured keys are unfit for production (empty list: fit)."""
    problems = []
    parts = split_keys(bid_key)
    if not parts:
        problems.append("BID_ENCRYPTION_KEY is not set")
    if not (token_key_value or "").strip():
        problems.append("SUPPLIER_TOKEN_KEY is not set")
    derived = {derive(s, info) for s in (secret, dev_secret) for info in (BID_INFO, TOKEN_INFO)}
    named = [(p, "BID_ENCRYPTION_KEY") for p in parts]
    if (token_key_value or "").strip():
        named.append((token_key_value, "SUPPLIER_TOKEN_KEY"))
    raws = []
    for value, name in named:
        try:
            raw = decode_key(value, name)
        except ImproperlyConfigured as exc:
            problems.append(str(exc))
            continue
        raws.append(raw)
        if raw in derived:
            problems.append(f"{name} is derived from SECRET_KEY; generate a random key")
        elif len(set(raw)) < 16:
            problems.append(f"{name} is weak (too few distinct bytes); generate a random key")
    if len(raws) != len(set(raws)):
        problems.append(
            "every key must differ: SUPPLIER_TOKEN_KEY from each BID_ENCRYPTION_KEY and those "
            "from each other"
        )
    return problems
