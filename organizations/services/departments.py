"""Departments and cost centres of an organisation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.history import acting_as

from ..models import Department, Organization, User
from ._common import _require


def department_save(
    *,
    organization: Organization,
    by: User,
    name: str,
    cost_centre: str = "",
    is_active: bool = True,
    department: Department | None = None,
) -> Department:
    """Create or edit a department; names are unique within the organisation."""
    _require(by, "organizations.manage_organization", organization)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the department's name.")})
    clash = Department.objects.filter(organization=organization, name__iexact=name)
    if department is not None:
        clash = clash.exclude(pk=department.pk)
    if clash.exists():
        raise ValidationError({"name": _("There is already a department with this name.")})
    try:
        with transaction.atomic(), acting_as(by, reason="department"):
            if department is None:
                department = Department(organization=organization)
            department.name = name
            department.cost_centre = cost_centre.strip()
            department.is_active = is_active
            department.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a department with this name.")}) from exc
    return department
