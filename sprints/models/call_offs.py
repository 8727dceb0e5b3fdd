"""A call-off under the agreement, its offers down the ranking and its renewed competition."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import (
    CallOffState,
    DayPart,
    DeclineReason,
    OfferState,
    Route,
    SprintFormat,
)
from .agreements import FrameworkAgreement
from .resources import FacilitatorTeam, Room


@pghistory.track()
class CallOff(TimeStampedModel):
    """An avrop: a municipality asks for one sprint under the agreement.

    `ranking` and `prices` are frozen copies of the agreement at the time of the call-off
    (supplier id -> rank / price as text). `value_sek` is what the call-off counts against
    the agreement's maximum: the highest frozen price while it is open, the agreed price
    once booked, the cancellation cost once cancelled, nothing when no supplier took it.
    """

    agreement = models.ForeignKey(
        FrameworkAgreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="call_offs",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="sprint_call_offs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called off by"),
        on_delete=models.PROTECT,
        related_name="sprint_call_offs",
    )
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    challenge = models.TextField(_("the challenge"))
    format = models.CharField(_("format"), max_length=20, choices=SprintFormat.choices)
    day_part = models.CharField(
        _("time of day"), max_length=20, choices=DayPart.choices, default=DayPart.FULL_DAY
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        related_name="call_offs",
        null=True,
        blank=True,
    )
    route = models.CharField(
        _("route"), max_length=20, choices=Route.choices, default=Route.RANKING
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CallOffState.choices, default=CallOffState.OFFERED
    )
    addressed_to = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("addressed to"),
        related_name="sprint_call_offs_addressed",
        blank=True,
    )
    ranking = models.JSONField(_("frozen ranking"), default=list)
    prices = models.JSONField(_("frozen prices"), default=dict)
    value_sek = models.DecimalField(
        _("value counted against the maximum (SEK)"), max_digits=12, decimal_places=2, default=0
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="sprint_call_offs_won",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        FacilitatorTeam,
        verbose_name=_("facilitator team"),
        on_delete=models.PROTECT,
        related_name="call_offs",
        null=True,
        blank=True,
    )
    price_sek = models.DecimalField(
        _("agreed price (SEK)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Renewed competition
    competition_deadline = models.DateTimeField(_("answers due"), null=True, blank=True)
    criteria = models.TextField(_("criteria"), blank=True)
    price_weight = models.PositiveSmallIntegerField(
        _("weight of price (%)"), default=40, validators=[MaxValueValidator(100)]
    )
    # Ending
    closed_message = models.TextField(_("closing message"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancellation_cost_sek = models.DecimalField(
        _("cancellation cost (SEK)"), max_digits=12, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("call-off")
        verbose_name_plural = _("call-offs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="sprint_call_off_date_order",
            ),
            models.CheckConstraint(
                condition=models.Q(value_sek__gte=0), name="sprint_call_off_value_nonnegative"
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["booked", "completed"])
                | models.Q(supplier__isnull=False, price_sek__isnull=False),
                name="sprint_call_off_booked_has_supplier",
            ),
        ]
        indexes = [
            models.Index(fields=["agreement", "state"]),
            models.Index(fields=["organization", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("sprints:calloff-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.state in (CallOffState.OFFERED, CallOffState.COMPETITION)


@pghistory.track()
class Offer(TimeStampedModel):
    """One supplier being offered the call-off in ranking order, and its answer."""

    call_off = models.ForeignKey(
        CallOff, verbose_name=_("call-off"), on_delete=models.CASCADE, related_name="offers"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="sprint_offers",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    price_sek = models.DecimalField(_("price (SEK)"), max_digits=12, decimal_places=2)
    offered_at = models.DateTimeField(_("offered"))
    response_deadline = models.DateTimeField(_("answer due"))
    state = models.CharField(
        _("state"), max_length=20, choices=OfferState.choices, default=OfferState.PENDING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("comment"), blank=True)
    held_team = models.ForeignKey(
        FacilitatorTeam,
        verbose_name=_("team held"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["call_off", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_off", "supplier"], name="sprint_offer_once_per_supplier"
            ),
            models.UniqueConstraint(
                fields=["call_off"],
                condition=models.Q(state="pending"),
                name="sprint_offer_one_pending",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="declined") | ~models.Q(decline_reason=""),
                name="sprint_offer_decline_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["state", "response_deadline"])]

    def __str__(self) -> str:
        return f"{self.call_off.reference} → {self.supplier}"

    def get_absolute_url(self) -> str:
        return self.call_off.get_absolute_url()

    @property
    def passed_over_reason(self) -> str:
        if self.state == OfferState.EXPIRED:
            return str(OfferState.EXPIRED.label)
        if self.state == OfferState.DECLINED:
            return self.get_decline_reason_display()
        return ""


@pghistory.track()
class CompetitionAnswer(TimeStampedModel):
    """A supplier's written answer in a renewed competition: sealed until the deadline."""

    call_off = models.ForeignKey(
        CallOff,
        verbose_name=_("call-off"),
        on_delete=models.CASCADE,
        related_name="competition_answers",
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="sprint_competition_answers",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    price_sek = models.DecimalField(_("price (SEK)"), max_digits=12, decimal_places=2)
    approach = models.TextField(_("approach and team"))
    team = models.ForeignKey(
        FacilitatorTeam,
        verbose_name=_("facilitator team"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    quality_score = models.PositiveSmallIntegerField(
        _("quality score (0–10)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    total_score = models.DecimalField(
        _("total score"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("competition answer")
        verbose_name_plural = _("competition answers")
        ordering = ["call_off", "-total_score", "price_sek"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_off", "supplier"], name="sprint_answer_once_per_supplier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_off.reference} ← {self.supplier}"
