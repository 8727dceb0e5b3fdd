"""Small writes that keep the marketplace tidy: photos reordered and deleted, wanted ads
closed. Each checks the same permission the listing page uses and records history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.history import acting_as

from .models import ListingPhoto, WantedAd


def _renumber(listing_id: int) -> list[ListingPhoto]:
    photos = list(
        ListingPhoto.objects.select_for_update()
        .filter(listing_id=listing_id)
        .order_by("position", "id")
    )
    for index, photo in enumerate(photos):
        photo.position = index
    ListingPhoto.objects.bulk_update(photos, ["position"])
    return photos


def photo_move(*, user, photo: ListingPhoto, up: bool) -> ListingPhoto:
    """Move a photo one place earlier (`up`) or later; the first photo is the cover."""
    if not user.has_perm("sharing.change_listing", photo.listing):
        raise PermissionDenied(_("You may not change this listing."))
    with transaction.atomic(), acting_as(user, reason="photo moved"):
        photos = _renumber(photo.listing_id)
        index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(photos):
            photos[index].position, photos[other].position = other, index
            ListingPhoto.objects.bulk_update([photos[index], photos[other]], ["position"])
    return photo


def photo_delete(*, user, photo: ListingPhoto) -> None:
    """Delete a photo and its files."""
    if not user.has_perm("sharing.change_listing", photo.listing):
        raise PermissionDenied(_("You may not change this listing."))
    files = [f for f in (photo.original, photo.image, photo.thumbnail) if f]
    listing_id = photo.listing_id
    with transaction.atomic(), acting_as(user, reason="photo deleted"):
        photo.delete()
        _renumber(listing_id)

        def remove_files():
            for stored in files:
                stored.storage.delete(stored.name)

        transaction.on_commit(remove_files)


def wanted_ads_closable(user) -> QuerySet[WantedAd]:
    """The wanted ads the user may close: their own, or any of their municipality's for
    its administrator."""
    if not user.is_authenticated or not user.organization_id:
        return WantedAd.objects.none()
    qs = WantedAd.objects.filter(organization_id=user.organization_id)
    return qs if user.has_role("admin") else qs.filter(created_by=user)


def wanted_ad_close(*, user, ad: WantedAd) -> WantedAd:
    """Close a wanted ad: no more notices of matching listings."""
    if not wanted_ads_closable(user).filter(pk=ad.pk).exists():
        raise PermissionDenied(_("You may not close this wanted ad."))
    with transaction.atomic(), acting_as(user, reason="wanted ad closed"):
        ad = WantedAd.objects.select_for_update().get(pk=ad.pk)
        if not ad.is_active:
            raise ValidationError(_("The wanted ad is closed already."))
        ad.is_active = False
        ad.save(update_fields=["is_active", "updated_at"])
    return ad
