"""Sealed bids. Before the opening the database holds nothing readable of a bid.

The supplier, the submitter, the text and the files are encrypted with a key that is not
in the database (`procurements.crypto`). The supplier is findable only by a keyed hash
(`supplier_token`), which lets a supplier find its own bid and the database refuse a
second live bid, but tells a database reader nothing. At the opening the supplier is
written in plain (`supplier`), so evaluation can join on it; the content stays encrypted
at rest and is decrypted only for a user who may see it after the opening.
"""

import uuid

from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from ..enums import BidStatus
from .tender import Tender


class Bid(TimeStampedModel):
    # In every URL instead of the sequential id, which would let a supplier count the
    # bids on the platform.
    public_id = models.UUIDField(
        _("public id"), default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False
    )
    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.PROTECT, related_name="bids"
    )
    supplier_token = models.CharField(_("supplier token"), max_length=64, editable=False)
    sealed = models.BinaryField(_("sealed content"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=BidStatus.choices, default=BidStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"))
    receipt_code = models.CharField(_("receipt"), max_length=40, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Written at the opening, never before.
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="opened_bids",
        null=True,
        blank=True,
    )
    rejected_reason = models.TextField(_("reason for rejection"), blank=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["pk"]
        # A supplier finds its own bids by token across tenders (its portal home).
        indexes = [models.Index(fields=["supplier_token"], name="bid_supplier_token_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "supplier_token"],
                condition=models.Q(status=BidStatus.SUBMITTED),
                name="bid_one_live_per_supplier",
            )
        ]

    def __str__(self) -> str:
        # Says nothing of the supplier before the opening.
        return self.supplier.name if self.supplier_id else str(_("Sealed bid"))

    @property
    def is_rejected(self) -> bool:
        return bool(self.rejected_reason)


class BidFile(models.Model):
    """An encrypted attachment: the stored bytes and the name are ciphertext."""

    public_id = models.UUIDField(
        _("public id"), default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False
    )
    bid = models.ForeignKey(
        Bid, verbose_name=_("bid"), on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=RandomUploadTo("bids"))
    sealed_name = models.BinaryField(_("sealed name"), editable=False)
    bid_version = models.PositiveSmallIntegerField(_("bid version"))

    class Meta:
        verbose_name = _("bid file")
        verbose_name_plural = _("bid files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"bid file {self.pk}"


class BidOpening(models.Model):
    """The recorded opening: two named officials, a time. Before it, bids stay sealed.

    Written only when a second official confirms a two-person opening
    (`services.opening_confirm`): `opened_by` started it, `witness` confirmed it."""

    tender = models.OneToOneField(
        Tender, verbose_name=_("tender"), on_delete=models.PROTECT, related_name="opening"
    )
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        "organizations.User",
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    witness = models.ForeignKey(
        "organizations.User",
        verbose_name=_("second official"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    bid_count = models.PositiveIntegerField(_("bids received"))
    # The two-person protocol behind it: started by `opened_by`, confirmed by `witness`.
    session = models.OneToOneField(
        "procurements.OpeningSession",
        verbose_name=_("opening protocol"),
        on_delete=models.PROTECT,
        related_name="bid_opening",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("bid opening")
        verbose_name_plural = _("bid openings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(opened_by=models.F("witness")),
                name="bid_opening_two_officials",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tender} {self.opened_at:%Y-%m-%d %H:%M}"
