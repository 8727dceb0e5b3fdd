"""Frozen OCDS releases: what the open data said at the moment something happened."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import ProcurementCase


class OcdsRelease(models.Model):
    """One OCDS release of a case, stored when its event happens (the tender is published,
    the award is decided, the contract is signed, follow-up begins, the case is cancelled,
    the published tender is amended).

    A release is a snapshot: it is written once and never changed, so a package served a
    year later says what was true at that moment (``tender.status`` stays ``active`` in the
    tender release of a case awarded since). Rows are never updated; a correction is a new
    release of its own.
    """

    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.CASCADE,
        related_name="ocds_releases",
    )
    tag = models.CharField(_("release tag"), max_length=40)
    release_id = models.CharField(_("release id"), max_length=200)
    released_at = models.DateTimeField(_("released"))
    data = models.JSONField(_("release"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("OCDS release")
        verbose_name_plural = _("OCDS releases")
        ordering = ["released_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "release_id"], name="ocds_release_id_once"),
        ]
        indexes = [models.Index(fields=["case", "released_at"], name="ocds_release_case_date")]

    def __str__(self) -> str:
        return self.release_id
