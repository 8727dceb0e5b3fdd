"""The selection stage: sealed requests to participate, their assessment and invitation.

A request is sealed like a bid (`models.bids`): before its two-person opening the row
holds only ciphertext and a keyed hash of the supplier. The opening writes the supplier
in plain; officers then assess each request (pass/fail with reasons, a rank when the
notice limits the number) and invite candidates. Only invited candidates may tender.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from ..enums import RequestStatus
from .tender import Tender


class ParticipationRequest(TimeStampedModel):
    tender = models.ForeignKey(
        Tender,
        verbose_name=_("tender"),
        on_delete=models.PROTECT,
        related_name="participation_requests",
    )
    supplier_token = models.CharField(_("supplier token"), max_length=64, editable=False)
    sealed = models.BinaryField(_("sealed content"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"))
    receipt_code = models.CharField(_("receipt"), max_length=40, unique=True, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    # Written at the opening, never before.
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="participation_requests",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("request to participate")
        verbose_name_plural = _("requests to participate")
        ordering = ["pk"]
        indexes = [models.Index(fields=["supplier_token"], name="request_supplier_token_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "supplier_token"],
                condition=models.Q(status=RequestStatus.SUBMITTED),
                name="request_one_live_per_supplier",
            )
        ]

    def __str__(self) -> str:
        return self.supplier.name if self.supplier_id else str(_("Sealed request"))


class ParticipationRequestFile(models.Model):
    """An encrypted attachment of a request: the stored bytes and the name are ciphertext."""

    request = models.ForeignKey(
        ParticipationRequest,
        verbose_name=_("request to participate"),
        on_delete=models.PROTECT,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=RandomUploadTo("requests"))
    sealed_name = models.BinaryField(_("sealed name"), editable=False)
    request_version = models.PositiveSmallIntegerField(_("request version"))

    class Meta:
        verbose_name = _("request file")
        verbose_name_plural = _("request files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"request file {self.pk}"


@pghistory.track()
class SelectionAssessment(TimeStampedModel):
    """The officers' assessment of one opened request: pass/fail with reasons, a rank,
    and whether the candidate is invited to tender (set by the selection decision)."""

    request = models.OneToOneField(
        ParticipationRequest,
        verbose_name=_("request to participate"),
        on_delete=models.PROTECT,
        related_name="assessment",
    )
    passed = models.BooleanField(_("meets the selection criteria"))
    reasons = models.TextField(_("reasons"))
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT
    )
    invited = models.BooleanField(_("invited to tender"), default=False)
    decided_at = models.DateTimeField(_("selection decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("selection assessment")
        verbose_name_plural = _("selection assessments")
        ordering = ["rank", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reasons=""), name="selection_assessment_has_reasons"
            ),
            models.CheckConstraint(
                condition=models.Q(invited=False) | models.Q(passed=True),
                name="selection_only_passed_invited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request}: {self.passed}"
