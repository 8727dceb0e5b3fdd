"""The framework agreement's sprint terms: formats, ranking and prices."""

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import (
    SprintFormat,
)


@pghistory.track()
class FrameworkAgreement(TimeStampedModel):
    """The sprint-specific terms of a framework agreement (the contract lives in procurements)."""

    contract = models.OneToOneField(
        "procurements.Contract",
        verbose_name=_("contract"),
        on_delete=models.SET_NULL,
        related_name="sprint_agreement",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    lead_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("lead municipality"),
        on_delete=models.PROTECT,
        related_name="led_sprint_agreements",
    )
    municipalities = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("municipalities that may call off"),
        related_name="sprint_agreements",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    max_value_sek = models.DecimalField(_("maximum value (SEK)"), max_digits=14, decimal_places=2)
    notice_working_days = models.PositiveSmallIntegerField(
        _("notice period (working days)"),
        default=10,
        help_text=_("Cancelling or rescheduling later than this before the start costs money."),
    )
    late_cancellation_percent = models.PositiveSmallIntegerField(
        _("cost after the cut-off (percentage of the price)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    response_working_days = models.PositiveSmallIntegerField(
        _("response time for offers (working days)"), default=2
    )

    class Meta:
        verbose_name = _("framework agreement for design sprints")
        verbose_name_plural = _("framework agreements for design sprints")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="sprint_agreement_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(max_value_sek__gt=0), name="sprint_agreement_max_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(late_cancellation_percent__lte=100),
                name="sprint_agreement_late_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sprints:agreement-detail", kwargs={"pk": self.pk})


class AgreementFormat(models.Model):
    """A format the agreement holds, with its length."""

    agreement = models.ForeignKey(
        FrameworkAgreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="formats",
    )
    format = models.CharField(_("format"), max_length=20, choices=SprintFormat.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    sessions = models.PositiveSmallIntegerField(_("sessions"))

    class Meta:
        verbose_name = _("format")
        verbose_name_plural = _("formats")
        ordering = ["agreement", "-days", "format"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "format"], name="sprint_format_unique")
        ]

    def __str__(self) -> str:
        return self.get_format_display()


class AgreementSupplier(models.Model):
    """A supplier on the agreement and its place in the ranking order (1 = first)."""

    agreement = models.ForeignKey(
        FrameworkAgreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="ranking",
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="sprint_rankings",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("ranked supplier")
        verbose_name_plural = _("ranked suppliers")
        ordering = ["agreement", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "supplier"], name="sprint_ranking_supplier_unique"
            ),
            models.UniqueConstraint(
                fields=["agreement", "rank"], name="sprint_ranking_rank_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.supplier}"


class AgreementPrice(models.Model):
    """The ceiling price of one format for one supplier."""

    agreement = models.ForeignKey(
        FrameworkAgreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="prices",
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="sprint_prices",
    )
    format = models.CharField(_("format"), max_length=20, choices=SprintFormat.choices)
    price_sek = models.DecimalField(_("price (SEK)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        ordering = ["agreement", "supplier", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "supplier", "format"], name="sprint_price_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(price_sek__gt=0), name="sprint_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.get_format_display()} {self.price_sek}"
