"""Design sprints' steps on the getting-started page: rooms or facilitator teams."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import SetupStep

from .models import ClosureDay, FacilitatorTeam, Room


def steps(user) -> list[SetupStep]:
    organization = user.organization
    if organization is None or not user.has_role("admin"):
        return []
    if organization.is_municipality:
        return [
            SetupStep(
                _("Add a room for design sprints"),
                Room.objects.filter(organization=organization).exists(),
                reverse("sprints:room-list"),
                40,
                _("A call-off books a room of yours."),
            ),
            SetupStep(
                _("Enter closure days"),
                ClosureDay.objects.filter(organization=organization).exists(),
                reverse("sprints:closure-days"),
                50,
                _("Days besides the public holidays when nothing can be booked."),
            ),
        ]
    if organization.is_supplier:
        return [
            SetupStep(
                _("Add a facilitator team"),
                FacilitatorTeam.objects.filter(supplier=organization).exists(),
                reverse("sprints:team-list"),
                40,
                _("A call-off you accept books one of your teams."),
            )
        ]
    return []
