"""What the procurement forms share: date widgets and scoped choice querysets."""

from django import forms

from organizations.enums import OrganizationKind
from organizations.models import Organization, User

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _municipalities(user):
    from organizations.selectors import municipalities_in_user_networks

    if user.is_platform_admin:
        return Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY)
    return municipalities_in_user_networks(user)


def _case_people(case):
    org_ids = {case.lead_organization_id} | set(
        case.participating_organizations.values_list("pk", flat=True)
    )
    return User.objects.filter(organization_id__in=org_ids, is_active=True).order_by("full_name")
