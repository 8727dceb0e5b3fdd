"""What a sprint is booked on: facilitator teams, rooms and closure days."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _


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
