"""The marketplace's step on the getting-started page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import SetupStep

from .models import Location


def steps(user) -> list[SetupStep]:
    organization = user.organization
    if organization is None or not organization.is_municipality or not user.has_role("admin"):
        return []
    return [
        SetupStep(
            _("Add a pick-up location"),
            Location.objects.filter(organization=organization).exists(),
            reverse("sharing:location-list"),
            15,
            _("Every listing is collected somewhere: add at least one building."),
        )
    ]
