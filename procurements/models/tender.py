"""The tender: criteria with weights, mandatory requirements, versioned documents, Q&A."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from .case import ProcurementCase


@pghistory.track()
class Tender(TimeStampedModel):
    case = models.OneToOneField(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="tender",
    )
    summary = models.TextField(_("what is procured"), blank=True)
    deadline = models.DateTimeField(
        _("deadline for bids"),
        null=True,
        blank=True,
        help_text=_("Swedish time (Europe/Stockholm)."),
    )
    accelerated = models.BooleanField(_("accelerated procedure"), default=False)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The selection stage (procedures with `selection`): requests first, then tenders.
    requests_deadline = models.DateTimeField(
        _("deadline for requests to participate"),
        null=True,
        blank=True,
        help_text=_("Swedish time (Europe/Stockholm)."),
    )
    max_candidates = models.PositiveSmallIntegerField(
        _("most candidates invited"),
        null=True,
        blank=True,
        help_text=_("When the notice limits the number; empty: every qualified candidate."),
    )
    selection_decided_at = models.DateTimeField(_("candidates selected"), null=True, blank=True)

    class Meta:
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="tender_scale_order"
            ),
            models.CheckConstraint(
                condition=models.Q(requests_deadline__isnull=True)
                | models.Q(deadline__isnull=True)
                | models.Q(requests_deadline__lt=models.F("deadline")),
                name="tender_requests_before_tenders",
            ),
            # The tender period never ends before it starts (OCDS tenderPeriod).
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | models.Q(deadline__isnull=True)
                | models.Q(deadline__gt=models.F("published_at")),
                name="tender_deadline_after_publication",
            ),
        ]
        indexes = [
            # Open tenders, latest deadline first (the supplier portal home).
            models.Index(
                fields=["-deadline"],
                condition=models.Q(published_at__isnull=False),
                name="tender_published_deadline",
            )
        ]

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        return reverse("procurements:tender-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Criterion(models.Model):
    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"
            ),
            models.UniqueConstraint(fields=["tender", "name"], name="criterion_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class Requirement(models.Model):
    """A mandatory requirement: a bid either meets it or is rejected."""

    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="requirements"
    )
    text = models.CharField(_("requirement"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("mandatory requirement")
        verbose_name_plural = _("mandatory requirements")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class TenderDocument(TimeStampedModel):
    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("tender document")
        verbose_name_plural = _("tender documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "title"], name="tender_document_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """A file version; a new version never overwrites the old one."""

    document = models.ForeignKey(
        TenderDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=RandomUploadTo("tender-documents"))
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class TenderInterest(models.Model):
    """A supplier following a published tender (told of answers and amendments).

    Registered when a supplier opens the tender or asks; never from a bid, so it says
    nothing about who bid.
    """

    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.CASCADE, related_name="interests"
    )
    supplier = models.ForeignKey(
        "organizations.Organization", verbose_name=_("supplier"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("tender interest")
        verbose_name_plural = _("tender interests")
        constraints = [
            models.UniqueConstraint(fields=["tender", "supplier"], name="tender_interest_unique")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} → {self.tender_id}"


@pghistory.track()
class TenderQuestion(TimeStampedModel):
    """A supplier's question; the answer is published to all suppliers, without the asker."""

    tender = models.ForeignKey(
        Tender, verbose_name=_("tender"), on_delete=models.PROTECT, related_name="questions"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("asked by supplier"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("answer published"), null=True, blank=True)

    class Meta:
        verbose_name = _("tender question")
        verbose_name_plural = _("tender questions")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.question[:80]
