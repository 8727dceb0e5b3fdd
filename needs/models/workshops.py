"""Workshops and their participants."""

import hashlib

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from ..enums import GuestReply
from .challenges import (
    Challenge,
)
from .needs import (
    Need,
)

# The labels of the workshop's own history entries for its guests (pghistory.ManualEvent).
GUEST_INVITED = "guest invited"
GUEST_WITHDRAWN = "guest invitation withdrawn"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.ManualEvent(GUEST_INVITED),
    pghistory.ManualEvent(GUEST_WITHDRAWN),
)
class Workshop(TimeStampedModel):
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("link to the meeting"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organized_workshops",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        through="WorkshopParticipant",
        related_name="workshops",
        blank=True,
    )
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs raised"), related_name="workshops", blank=True
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges raised"), related_name="workshops", blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The calendar file's SEQUENCE: raised on every change of the time, place or title.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="needs_workshop_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_link=""),
                name="needs_workshop_has_place_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:workshop-detail", kwargs={"pk": self.pk})


class WorkshopParticipant(models.Model):
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="workshop_participations",
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # None until the organiser records the attendance after the workshop.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="needs_workshop_user_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.workshop}"


@pghistory.track(exclude=["token_hash"])
class WorkshopGuest(TimeStampedModel):
    """Someone from outside the network (another municipality, a supplier, a funder, or
    just a name and an address) invited to one workshop. They reach it through a secret
    link; only the token's hash is kept."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_guests",
    )
    organization_name = models.CharField(
        _("organisation (if not in Samverka)"), max_length=200, blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply = models.CharField(
        _("reply"), max_length=10, choices=GuestReply.choices, default=GuestReply.PENDING
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, default="sv")

    class Meta:
        verbose_name = _("workshop guest")
        verbose_name_plural = _("workshop guests")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "email"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="needs_workshop_guest_once",
            ),
            models.CheckConstraint(
                condition=models.Q(reply__in=GuestReply.values), name="needs_guest_reply_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization_label})" if self.organization_label else self.name

    @staticmethod
    def hash_token(token: str) -> str:
        """Only this hash of a guest's secret link is stored."""
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def organization_label(self) -> str:
        return self.organization.name if self.organization_id else self.organization_name
