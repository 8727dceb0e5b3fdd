"""The organisation's own steps on the getting-started page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import SetupStep

from .models import Department, Invitation, User


def steps(user) -> list[SetupStep]:
    organization = user.organization
    if organization is None or not user.has_role("admin"):
        return []
    result = [
        SetupStep(
            _("Invite your colleagues"),
            User.objects.filter(organization=organization).exclude(pk=user.pk).exists()
            or Invitation.objects.filter(organization=organization)
            .exclude(email=user.email)
            .exists(),
            reverse("organizations:invitations"),
            10,
            _("Give each person the roles they need; you can change them later."),
        )
    ]
    if organization.is_municipality:
        result += [
            SetupStep(
                _("Join or start a network"),
                organization.networks.exists(),
                reverse("organizations:network-list"),
                20,
                _("Municipalities in a network share listings, needs and procurements."),
            ),
            SetupStep(
                _("Add departments and cost centres"),
                Department.objects.filter(organization=organization).exists(),
                reverse("organizations:department-list"),
                30,
                _("Used on listings and internal invoices."),
            ),
        ]
    return result
