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


def booking_extend(*, user, booking, end_date):
    """Extend a loan or rental to `end_date`. The lender decides; the exclusion constraint
    has the last word: if another reservation holds a unit then, nothing changes.
    Side effects: the borrower is notified."""
    from django.db import IntegrityError
    from django.utils.translation import gettext_lazy

    from notifications.services import notify

    from .enums import BookingState
    from .models import Booking
    from .services import _blocked_range

    if not user.has_perm("sharing.decide_booking", booking):
        raise PermissionDenied(_("You may not change this reservation."))
    try:
        with transaction.atomic(), acting_as(user, reason="loan extended"):
            booking = (
                Booking.objects.select_for_update().select_related("listing").get(pk=booking.pk)
            )
            listing = booking.listing
            if not listing.is_timed or booking.state not in (
                BookingState.APPROVED,
                BookingState.PICKED_UP,
            ):
                raise ValidationError(_("Only an approved or ongoing loan can be extended."))
            if booking.end_date is None or end_date <= booking.end_date:
                raise ValidationError({"end_date": _("Choose a day after the current end.")})
            if listing.available_to and end_date > listing.available_to:
                raise ValidationError(
                    {"end_date": _("The listing is available until %(day)s.")
                     % {"day": listing.available_to}}
                )  # fmt: skip
            blocked = _blocked_range(listing, booking.start_date, end_date)
            booking.units.update(blocked=blocked)
            booking.end_date = end_date
            booking.save(update_fields=["end_date", "updated_at"])
            notify(
                recipient=booking.requester,
                event="sharing.loan_extended",
                title=gettext_lazy("Your loan was extended"),
                body=str(end_date),
                url=booking.get_absolute_url(),
                dedupe_key=f"loan-extended:{booking.pk}:{end_date}",
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"end_date": _("Another reservation holds the item then: the loan cannot be extended.")}
        ) from exc
    return booking


# --- Kits ----------------------------------------------------------------------------------


def kit_may_change(user, kit) -> bool:
    """The rule is sharing.change_kit (permissions.py)."""
    return user.has_perm("sharing.change_kit", kit)


def kit_save(*, user, title: str, description: str = "", visibility: str, kit=None):
    """Create or edit a kit of the user's municipality."""
    from organizations.enums import Visibility

    from .models import Kit

    if kit is None and not user.has_perm("sharing.create_listing"):
        raise PermissionDenied(_("You may not create kits."))
    if kit is not None and not kit_may_change(user, kit):
        raise PermissionDenied(_("You may not change this kit."))
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the kit.")})
    with transaction.atomic(), acting_as(user, reason="kit"):
        kit = kit or Kit(organization=user.organization, created_by=user)
        kit.title, kit.description, kit.visibility = title.strip(), description, visibility
        kit.save()
    return kit


def kit_item_set(*, user, kit, listing, quantity: int):
    """Put `quantity` of one of the municipality's own listings in the kit (or change it)."""
    from .models import KitItem

    if not kit_may_change(user, kit):
        raise PermissionDenied(_("You may not change this kit."))
    if listing.organization_id != kit.organization_id:
        raise ValidationError({"listing": _("A kit holds the municipality's own listings.")})
    if quantity < 1 or quantity > listing.quantity:
        raise ValidationError(
            {"quantity": _("Between 1 and %(n)s of this listing.") % {"n": listing.quantity}}
        )
    with transaction.atomic(), acting_as(user, reason="kit item"):
        item, _created = KitItem.objects.update_or_create(
            kit=kit, listing=listing, defaults={"quantity": quantity}
        )
    return item


def kit_item_remove(*, user, item) -> None:
    if not kit_may_change(user, item.kit):
        raise PermissionDenied(_("You may not change this kit."))
    with transaction.atomic(), acting_as(user, reason="kit item removed"):
        item.delete()
