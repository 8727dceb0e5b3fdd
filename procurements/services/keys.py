"""Key rotation for sealed bids: re-encrypt everything with the newest key.

Rotation: put a new key first in `BID_ENCRYPTION_KEY` (keep the old ones after it), run
`manage.py reseal_bids`, then drop the old keys. After a change of `SUPPLIER_TOKEN_KEY`
the same command recomputes every supplier token from the supplier sealed inside the bid.
"""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from .. import crypto
from ..models import Bid, BidFile


@dataclass
class ResealResult:
    bids: int = 0
    files: int = 0
    tokens: int = 0


def bids_reseal(*, batch_size: int = 200) -> ResealResult:
    """Re-encrypt every bid, file name and file content not yet sealed with the newest key,
    and recompute supplier tokens. Idempotent: a second run changes nothing. Each bid is
    done in its own transaction with its row locked; an old file is deleted only after the
    new one is stored and the row committed."""
    result = ResealResult()
    for pk in Bid.objects.order_by("pk").values_list("pk", flat=True).iterator(batch_size):
        with transaction.atomic():
            bid = Bid.objects.select_for_update().get(pk=pk)
            fields = []
            if not crypto.is_sealed_with_newest(bid.sealed):
                bid.sealed = crypto.reseal_bytes(bid.sealed)
                fields.append("sealed")
                result.bids += 1
            supplier_id = crypto.unseal_json(bid.sealed)["supplier_id"]
            token = crypto.supplier_token(bid.tender_id, supplier_id)
            if token != bid.supplier_token:
                bid.supplier_token = token
                fields.append("supplier_token")
                result.tokens += 1
            if fields:
                bid.save(update_fields=fields)
            for bid_file in BidFile.objects.select_for_update().filter(bid=bid):
                result.files += _reseal_file(bid_file)
    return result


def _reseal_file(bid_file: BidFile) -> int:
    fields = []
    if not crypto.is_sealed_with_newest(bid_file.sealed_name):
        bid_file.sealed_name = crypto.reseal_bytes(bid_file.sealed_name)
        fields.append("sealed_name")
    with bid_file.file.open("rb") as handle:
        blob = handle.read()
    if not crypto.is_sealed_with_newest(blob):
        old = bid_file.file.name
        storage = bid_file.file.storage
        bid_file.file.save("sealed.bin", ContentFile(crypto.reseal_bytes(blob)), save=False)
        fields.append("file")
        transaction.on_commit(lambda: storage.delete(old))
    if fields:
        bid_file.save(update_fields=fields)
        return 1
    return 0
