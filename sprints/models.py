"""Design sprints: the framework agreement's terms, call-offs, offers, bookings, outcomes.

No business rules here: they live in services.py. The database refuses what must never
happen: two active sessions for the same facilitator team or room at the same time
(exclusion constraints), two pending offers for one call-off, duplicate prices and ranks.
"""

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from .enums import (
    ACTIVE_SESSION_STATES,
    CallOffState,
    DayPart,
    DeclineReason,
    OfferState,
    ParticipantRole,
    Route,
    SessionState,
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


@pghistory.track()
class FacilitatorTeam(models.Model):
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="facilitator_teams",
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.TextField(_("facilitators"), blank=True)

    class Meta:
        verbose_name = _("facilitator team")
        verbose_name_plural = _("facilitator teams")
        ordering = ["supplier", "name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "name"], name="sprint_team_unique")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.name}"


@pghistory.track()
class Room(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="sprint_rooms",
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=12)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="sprint_room_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"


@pghistory.track()
class ClosureDay(models.Model):
    """A day a municipality is closed besides the public holidays (e.g. a planning day)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="closure_days",
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "date"], name="sprint_closure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


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


@pghistory.track()
class Session(TimeStampedModel):
    """One sprint day (or half day) booked for a facilitator team and a room."""

    call_off = models.ForeignKey(
        CallOff, verbose_name=_("call-off"), on_delete=models.CASCADE, related_name="sessions"
    )
    day_number = models.PositiveSmallIntegerField(_("day"))
    period = DateTimeRangeField(_("time"))
    team = models.ForeignKey(
        FacilitatorTeam,
        verbose_name=_("facilitator team"),
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
    )
    state = models.CharField(
        _("state"), max_length=20, choices=SessionState.choices, default=SessionState.HELD
    )
    hold_expires_at = models.DateTimeField(_("held until"), null=True, blank=True)
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["period"]
        constraints = [
            ExclusionConstraint(
                name="sprint_session_team_no_overlap",
                expressions=[("team", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
                condition=models.Q(state__in=ACTIVE_SESSION_STATES),
            ),
            ExclusionConstraint(
                name="sprint_session_room_no_overlap",
                expressions=[("room", RangeOperators.EQUAL), ("period", RangeOperators.OVERLAPS)],
                condition=models.Q(state__in=ACTIVE_SESSION_STATES),
            ),
            models.UniqueConstraint(
                fields=["call_off", "day_number"], name="sprint_session_day_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="held") | models.Q(hold_expires_at__isnull=False),
                name="sprint_session_hold_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_off.reference} – {self.day_number}"

    def get_absolute_url(self) -> str:
        return self.call_off.get_absolute_url()

    @property
    def starts_at(self):
        return self.period.lower

    @property
    def ends_at(self):
        return self.period.upper


@pghistory.track()
class Participant(TimeStampedModel):
    call_off = models.ForeignKey(
        CallOff,
        verbose_name=_("call-off"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    affiliation = models.CharField(_("organisation or unit"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        related_name="sprint_participations",
        null=True,
        blank=True,
    )
    is_citizen = models.BooleanField(_("citizen"), default=False)
    consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    test_slot_start = models.DateTimeField(_("interview time"), null=True, blank=True)
    absent_from = models.ManyToManyField(
        Session,
        verbose_name=_("absent from"),
        related_name="absentees",
        blank=True,
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["call_off", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="test_user", is_citizen=True)
                | models.Q(consent_at__isnull=False),
                name="sprint_citizen_test_user_consent",
            ),
            models.UniqueConstraint(
                fields=["call_off", "test_slot_start"],
                condition=models.Q(test_slot_start__isnull=False),
                name="sprint_test_slot_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


@pghistory.track()
class Outcome(TimeStampedModel):
    call_off = models.OneToOneField(
        CallOff, verbose_name=_("call-off"), on_delete=models.CASCADE, related_name="outcome"
    )
    sprint_questions = models.TextField(_("sprint questions"))
    test_findings = models.TextField(_("what the user tests showed"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("need"),
        on_delete=models.SET_NULL,
        related_name="sprint_outcomes",
        null=True,
        blank=True,
    )
    challenge = models.ForeignKey(
        "needs.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        related_name="sprint_outcomes",
        null=True,
        blank=True,
    )
    procurement_case = models.ForeignKey(
        "procurements.ProcurementCase",
        verbose_name=_("procurement case"),
        on_delete=models.SET_NULL,
        related_name="sprint_outcomes",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return str(self.call_off)

    def get_absolute_url(self) -> str:
        return self.call_off.get_absolute_url()


@pghistory.track()
class Prototype(TimeStampedModel):
    outcome = models.ForeignKey(
        Outcome, verbose_name=_("outcome"), on_delete=models.CASCADE, related_name="prototypes"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("for whom"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("sprints/prototypes"), blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    still_in_use = models.BooleanField(_("still in use"), default=True)

    class Meta:
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.outcome.call_off.get_absolute_url()


class Evaluation(TimeStampedModel):
    """A participant's evaluation of the sprint."""

    call_off = models.ForeignKey(
        CallOff,
        verbose_name=_("call-off"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sprint_evaluations",
    )
    rating = models.PositiveSmallIntegerField(
        _("overall rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    facilitation_rating = models.PositiveSmallIntegerField(
        _("facilitation (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    most_useful = models.TextField(_("what was most useful"), blank=True)
    improve = models.TextField(_("what should be improved"), blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["call_off", "user"], name="sprint_evaluation_once"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5)
                & models.Q(facilitation_rating__gte=1, facilitation_rating__lte=5),
                name="sprint_evaluation_ratings_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_off.reference} – {self.user}"
