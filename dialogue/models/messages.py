"""The append-only log of every message to or from a supplier (the documentation duty)."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import (
    Direction,
)
from .activities import DialogueActivity
from .base import AnchoredModel
from .rfis import Rfi


class SupplierMessage(AnchoredModel):
    """The log of every message to or from a supplier (documentation duty). Append-only:
    the database refuses updates and deletes."""

    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when the message went to every invited supplier."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    rfi = models.ForeignKey(
        Rfi,
        verbose_name=_("RFI"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    activity = models.ForeignKey(
        DialogueActivity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("message to or from a supplier")
        verbose_name_plural = _("messages to and from suppliers")
        ordering = ["-created_at", "-pk"]
        constraints = [*AnchoredModel.Meta.constraints]
        triggers = [
            pgtrigger.Protect(
                name="dialogue_message_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return self.subject
