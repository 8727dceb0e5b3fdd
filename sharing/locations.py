"""Pick-up locations: an organisation's buildings where listed items are collected.

Writes and reads for the locations pages (kept apart from the marketplace's services.py).
A location in use by a listing is never deleted (the database protects it); exactly one
location may be the municipality's main one (a partial unique constraint).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from core.history import acting_as
from organizations.selectors import scope_to_own_organization

from .models import Location


def locations_for_user(user) -> QuerySet[Location]:
    """The user's own organisation's locations, with how many listings use each."""
    return scope_to_own_organization(
        Location.objects.select_related("organization").annotate(listing_count=Count("listings")),
        user,
    )


def location_save(
    *,
    by,
    name: str,
    address: str,
    latitude: float,
    longitude: float,
    is_primary: bool = False,
    location: Location | None = None,
) -> Location:
    """Create or edit a location of the user's municipality. Making it the main location
    takes that mark from the previous one, in the same transaction."""
    organization = location.organization if location is not None else by.organization
    if not by.has_perm("sharing.manage_locations", organization):
        raise PermissionDenied(_("You may not change this municipality's locations."))
    name, address = name.strip(), address.strip()
    errors = {}
    if not name:
        errors["name"] = [_("Enter the building's name.")]
    if not address:
        errors["address"] = [_("Enter the address.")]
    if not -90 <= latitude <= 90:
        errors["latitude"] = [_("A latitude lies between -90 and 90.")]
    if not -180 <= longitude <= 180:
        errors["longitude"] = [_("A longitude lies between -180 and 180.")]
    clash = Location.objects.filter(organization=organization, name__iexact=name)
    if location is not None:
        clash = clash.exclude(pk=location.pk)
    if name and clash.exists():
        errors["name"] = [_("There is already a location with this name.")]
    if errors:
        raise ValidationError(errors)
    first = not Location.objects.filter(organization=organization).exists()
    try:
        with transaction.atomic(), acting_as(by, reason="location"):
            if is_primary or first:
                Location.objects.select_for_update().filter(
                    organization=organization, is_primary=True
                ).exclude(pk=getattr(location, "pk", None)).update(is_primary=False)
            if location is None:
                location = Location(organization=organization)
            location.name = name
            location.address = address
            location.latitude = latitude
            location.longitude = longitude
            location.is_primary = is_primary or first
            location.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("There is already a location with this name.")}) from exc
    return location


def location_delete(*, location: Location, by) -> None:
    """Delete a location no listing uses (a used one is kept: listings point to it)."""
    if not by.has_perm("sharing.manage_locations", location.organization):
        raise PermissionDenied(_("You may not change this municipality's locations."))
    if location.listings.exists():
        raise ValidationError(_("Listings are collected here: the location cannot be deleted."))
    with transaction.atomic(), acting_as(by, reason="location deleted"):
        location.delete()
