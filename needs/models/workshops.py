"""Workshops and their participants."""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .challenges import (
    Challenge,
)
from .needs import (
    Need,
)


@pghistory.track()
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

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="needs_workshop_user_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.workshop}"
