"""The booked sprint days and the people taking part."""

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import (
    ACTIVE_SESSION_STATES,
    ParticipantRole,
    SessionState,
)
from .call_offs import CallOff
from .resources import FacilitatorTeam, Room


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
