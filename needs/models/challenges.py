"""Challenges and the municipalities that share them."""

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .common import (
    _search_trigger,
)


@pghistory.track(exclude=["search_vector"])
class Challenge(TimeStampedModel):
    """A sharpened description of a problem that several needs and municipalities share."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("need owner"),
        on_delete=models.PROTECT,
        related_name="owned_challenges",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="challenges",
        null=True,
        blank=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("need owner (person)"),
        on_delete=models.PROTECT,
        related_name="owned_challenges",
        null=True,
        blank=True,
    )
    expected_effect = models.TextField(_("expected effect"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="needs_challenge_search", fastupdate=False)
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title=""), name="needs_challenge_title_not_empty"
            )
        ]
        triggers = [
            _search_trigger(
                "challenge_search_vector",
                [
                    ("coalesce(NEW.title, '')", "A"),
                    ("coalesce(NEW.description, '')", "B"),
                    ("coalesce(NEW.expected_effect, '')", "C"),
                ],
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:challenge-detail", kwargs={"pk": self.pk})


class ChallengeParticipation(TimeStampedModel):
    """A municipality declares "we have this need too" for a challenge."""

    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="challenge_participations",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("we have this need too")
        verbose_name_plural = _("we have this need too")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organization"], name="needs_participation_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.challenge}"
