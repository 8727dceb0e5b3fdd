"""Sealed bids: submit, replace, withdraw until the deadline (opened in services.opening)."""

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.arrival import arrived_in_time
from core.files import DOCUMENT_TYPES, validate_upload

from .. import crypto
from ..enums import BidStatus, Stage
from ..models import Bid, BidFile, Tender

MAX_BID_FILES = 10
# Prices are compared and summed as numbers in evaluation and exports; 1e309 would be an
# infinite float there. 10^14 SEK is far beyond any public contract.
MAX_PRICE = Decimal("1e14")


def _receipt() -> str:
    return "B-" + secrets.token_hex(8).upper()


def _check_open_for_bids(tender, now) -> None:
    if not tender.is_published or tender.case.stage != Stage.TENDER:
        raise ValidationError(_("This tender does not accept bids."))
    if hasattr(tender, "opening"):
        raise ValidationError(_("The bids have been opened."))
    if not arrived_in_time(now, tender.deadline):
        raise ValidationError(_("The deadline has passed; no bid is accepted after it."))


def _store_sealed_files(files) -> list[tuple[str, bytes]]:
    """Encrypt and store the attachments before any lock is taken (they may be large).
    Returns (stored name, sealed original name) per file."""
    field = BidFile._meta.get_field("file")
    stored = []
    try:
        for upload in files:
            upload.seek(0)
            blob = crypto.seal_bytes(upload.read())
            name = field.storage.save(
                field.generate_filename(None, "sealed.bin"), ContentFile(blob, name="sealed.bin")
            )
            stored.append((name, crypto.seal_bytes(upload.name[:200].encode())))
    except BaseException:
        _forget_stored(stored)
        raise
    return stored


def _forget_stored(stored) -> None:
    storage = BidFile._meta.get_field("file").storage
    for name, _sealed_name in stored:
        storage.delete(name)


def _clean_bid(text: str, price_sek, files) -> tuple[Decimal, list]:
    """The bid's price and files, or a ValidationError naming each bad field."""
    errors = {}
    if not text.strip():
        errors["text"] = _("Describe your offer.")
    try:
        price = Decimal(str(price_sek))
        if not price.is_finite() or price < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["price_sek"] = _("Enter the price in SEK as a number, zero or more.")
    else:
        if price >= MAX_PRICE:
            errors["price_sek"] = _("The price is too large.")
    files = list(files)
    if len(files) > MAX_BID_FILES:
        errors["files"] = _("At most %(n)s files.") % {"n": MAX_BID_FILES}
    for upload in files:
        try:
            validate_upload(upload, allowed_types=DOCUMENT_TYPES)
        except ValidationError as exc:
            errors.setdefault("files", [])
            if isinstance(errors["files"], list):
                errors["files"].extend(f"{upload.name}: {m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    return price, files


def bid_submit(*, tender: Tender, by, text: str, price_sek, files=(), arrived_at=None) -> Bid:
    """Submit a sealed bid, or replace the supplier's live bid, until the deadline.

    The deadline is judged by `arrived_at`, when the request reached Samverka (default:
    now), not by when the tender's lock was obtained; the attachments are encrypted and
    stored before the lock is taken and attached under it (and removed again if the bid
    is refused). Everything identifying or describing the bid is encrypted (see
    models.bids). Returns the bid; its `receipt_code` and `submitted_at` (the arrival
    time) are the supplier's receipt. Writes no case event and no history (which would
    tell that someone bid).
    """
    now = arrived_at or timezone.now()
    if not by.is_supplier_user or not by.has_role("supplier", "admin"):
        raise ValidationError(_("Only a supplier may submit a bid."))
    _check_open_for_bids(tender, now)
    from .selection import is_invited

    if not is_invited(tender, by.organization_id):
        raise ValidationError(_("Only candidates invited after the selection may tender."))
    price, files = _clean_bid(text, price_sek, files)
    token = crypto.supplier_token(tender.pk, by.organization_id)
    payload = {
        "supplier_id": by.organization_id,
        "submitted_by_id": by.pk,
        "text": text.strip(),
        "price_sek": str(price),
    }
    stored = _store_sealed_files(files)
    try:
        with transaction.atomic():
            Tender.objects.select_for_update().get(pk=tender.pk)  # serialise with the opening
            tender.refresh_from_db()
            _check_open_for_bids(tender, now)
            bid = (
                Bid.objects.select_for_update()
                .filter(tender=tender, supplier_token=token, status=BidStatus.SUBMITTED)
                .first()
            )
            if bid is None:
                bid = Bid(tender=tender, supplier_token=token, version=1)
            else:
                bid.version += 1
            bid.sealed = crypto.seal_json(payload)
            bid.submitted_at = now
            bid.receipt_code = _receipt()
            bid.save()
            BidFile.objects.bulk_create(
                BidFile(bid=bid, file=name, sealed_name=sealed_name, bid_version=bid.version)
                for name, sealed_name in stored
            )
    except IntegrityError as exc:
        _forget_stored(stored)
        raise ValidationError(
            _("Your organisation already has a bid; replace it instead.")
        ) from exc
    except BaseException:
        _forget_stored(stored)
        raise
    return bid


def bid_withdraw(*, bid: Bid, by) -> Bid:
    if not by.is_supplier_user or crypto.supplier_token(bid.tender_id, by.organization_id) != (
        bid.supplier_token
    ):
        raise ValidationError(_("This is not your organisation's bid."))
    with transaction.atomic():
        bid = Bid.objects.select_for_update().get(pk=bid.pk)
        if bid.status != BidStatus.SUBMITTED:
            raise ValidationError(_("The bid is already withdrawn."))
        _check_open_for_bids(bid.tender, timezone.now())
        bid.status = BidStatus.WITHDRAWN
        bid.save(update_fields=["status", "updated_at"])
    return bid


def bid_content(bid: Bid) -> dict:
    """The decrypted content; callers have checked the user may see it."""
    payload = crypto.unseal_json(bid.sealed)
    return {"text": payload["text"], "price_sek": Decimal(payload["price_sek"])}


def bid_file_name(bid_file: BidFile) -> str:
    return crypto.unseal_bytes(bid_file.sealed_name).decode()


def bid_file_bytes(bid_file: BidFile) -> bytes:
    with bid_file.file.open("rb") as handle:
        return crypto.unseal_bytes(handle.read())
