"""Contracts (with options to join, extensions and phases) and follow-up of effects."""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from ..enums import ContractKind, PhaseDecision
from .case import ProcurementCase


@pghistory.track()
class Contract(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    title = models.CharField(_("title"), max_length=300)
    suppliers = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("suppliers"),
        related_name="supplier_contracts",
        blank=True,
    )
    signing_organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("signing municipalities"),
        related_name="signed_contracts",
        blank=True,
    )
    value_sek = models.DecimalField(
        _("value (SEK)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ContractKind.choices, default=ContractKind.CONTRACT
    )
    option_organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("municipalities with an option to join"),
        related_name="optional_contracts",
        blank=True,
    )
    option_deadline = models.DateField(_("last day to join"), null=True, blank=True)
    extension_options = models.CharField(
        _("extension options"), max_length=300, blank=True, help_text=_("E.g. 1 + 1 years.")
    )
    extended_until = models.DateField(_("latest end with all extensions"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(value_sek__gte=0) | models.Q(value_sek__isnull=True),
                name="contract_value_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurements:contract-detail", kwargs={"pk": self.pk})


class ContractJoining(models.Model):
    """A municipality holding an option that used it and joined the contract."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="joinings"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    joined_on = models.DateField(_("joined on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("joining")
        verbose_name_plural = _("joinings")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organization"], name="contract_joining_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} → {self.contract_id}"


@pghistory.track()
class ContractPhase(TimeStampedModel):
    """A phase of an innovation partnership, ending in a go/no-go milestone."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="phases"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("phase"), max_length=200)
    milestone_on = models.DateField(_("go/no-go milestone"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=PhaseDecision.choices, default=PhaseDecision.PENDING
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "order"], name="contract_phase_order"),
            # A go or a no-go is always someone's decision, on a day, with its grounds.
            models.CheckConstraint(
                condition=~models.Q(decision__in=[PhaseDecision.GO, PhaseDecision.NO_GO])
                | (
                    models.Q(decided_by__isnull=False, decided_on__isnull=False)
                    & ~models.Q(decision_note="")
                ),
                name="contract_phase_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class ContractExtension(TimeStampedModel):
    """The use of an extension option of the notice: the contract's end moves."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="extensions"
    )
    option_number = models.PositiveSmallIntegerField(_("option"))
    previous_end_date = models.DateField(_("previous end"))
    new_end_date = models.DateField(_("new end"))
    reasons = models.TextField(_("reasons"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("contract extension")
        verbose_name_plural = _("contract extensions")
        ordering = ["contract", "option_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "option_number"], name="contract_extension_option_once"
            ),
            models.CheckConstraint(
                condition=models.Q(new_end_date__gt=models.F("previous_end_date")),
                name="contract_extension_moves_end_later",
            ),
            models.CheckConstraint(
                condition=models.Q(option_number__gte=1), name="contract_extension_option_from_one"
            ),
            models.CheckConstraint(
                condition=~models.Q(reasons=""), name="contract_extension_has_reasons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract} +{self.option_number}: {self.new_end_date}"


class ContractDocument(models.Model):
    """A contract document version (the signed contract, an appendix, a change); a new
    version of a title never overwrites the old one."""

    contract = models.ForeignKey(
        Contract, verbose_name=_("contract"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=RandomUploadTo("contract-documents"))
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")
        ordering = ["title", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "title", "number"], name="contract_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


@pghistory.track()
class EffectIndicator(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("effect indicator")
        verbose_name_plural = _("effect indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class EffectMeasurement(models.Model):
    indicator = models.ForeignKey(
        EffectIndicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="measurements",
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="measurement_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class FollowUpMeeting(TimeStampedModel):
    case = models.ForeignKey(
        ProcurementCase,
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="follow_up_meetings",
    )
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(_("attendees"))
    notes = models.TextField(_("notes"))
    lessons = models.TextField(_("lessons learned"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("follow-up meeting")
        verbose_name_plural = _("follow-up meetings")
        ordering = ["held_on"]

    def __str__(self) -> str:
        return str(self.held_on)
