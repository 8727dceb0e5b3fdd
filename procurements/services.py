"""Writes for procurement cases. (Foundation anchor: the procurements issue extends it.)"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import acting_as

from .models import ProcurementCase


def procurement_create(
    *,
    created_by,
    title: str,
    lead_organization,
    participating_organizations=(),
    needs=(),
    challenges=(),
    **fields,
) -> ProcurementCase:
    """Open a procurement case in the need stage, led by `lead_organization`.

    Other apps (e.g. needs' prioritisation) start cases through this function.
    """
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    if not lead_organization.is_municipality:
        raise ValidationError({"lead_organization": _("The lead must be a municipality.")})
    if not (
        created_by.is_platform_admin
        or (
            created_by.organization_id
            and created_by.organization_id
            in {lead_organization.pk} | {o.pk for o in participating_organizations}
            and created_by.has_role("officer", "coordinator")
        )
    ):
        raise PermissionDenied(_("You may not start a procurement case for this municipality."))
    with transaction.atomic(), acting_as(created_by, reason="procurement case created"):
        case = ProcurementCase.objects.create(
            title=title.strip(), lead_organization=lead_organization, **fields
        )
        case.participating_organizations.set({lead_organization, *participating_organizations})
        case.needs.set(needs)
        case.challenges.set(challenges)
    return case
