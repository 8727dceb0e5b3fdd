"""Photos reordered and deleted, wanted ads closed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sharing.models import ListingPhoto, WantedAd
from sharing.services import wanted_ad_create
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory


@pytest.fixture
def listing(owner, ystad_location):
    return ListingFactory(
        organization=owner.organization, created_by=owner, location=ystad_location
    )


def _photo(listing, n):
    return ListingPhoto.objects.create(
        listing=listing, original=SimpleUploadedFile(f"p{n}.png", b"x"), position=n
    )


def test_photo_move_and_delete_by_owner(client, owner, listing):
    first, second, third = (_photo(listing, n) for n in range(3))
    client.force_login(owner)
    assert (
        client.post(reverse("sharing:photo-move", args=[third.pk]), {"up": "1"}).status_code == 302
    )
    assert list(listing.photos.order_by("position")) == [first, third, second]
    assert client.post(reverse("sharing:photo-delete", args=[first.pk])).status_code == 302
    assert list(listing.photos.order_by("position").values_list("pk", "position")) == [
        (third.pk, 0),
        (second.pk, 1),
    ]


def test_photo_actions_refused_to_others(client, listing, neighbour, outsider):
    photo = _photo(listing, 0)
    client.force_login(neighbour)  # sees the listing, may not change it
    assert client.post(reverse("sharing:photo-delete", args=[photo.pk])).status_code == 403
    client.force_login(outsider)  # does not see it
    assert client.post(reverse("sharing:photo-delete", args=[photo.pk])).status_code == 404
    assert client.get(reverse("sharing:photo-move", args=[photo.pk])).status_code == 405
    assert ListingPhoto.objects.filter(pk=photo.pk).exists()


def test_wanted_ad_closed_by_its_author_or_admin_only(client, owner, org_admin, neighbour):
    ad = wanted_ad_create(user=owner, title="Skrivbord", words="skrivbord")
    url = reverse("sharing:wanted-close", args=[ad.pk])
    client.force_login(neighbour)
    assert client.post(url).status_code == 404
    client.force_login(UserFactory(organization=owner.organization, roles=["staff"]))
    assert client.post(url).status_code == 404
    client.force_login(org_admin)
    assert client.post(url).status_code == 302
    assert WantedAd.objects.get(pk=ad.pk).is_active is False
    page = client.get(reverse("sharing:wanted-list"))
    assert list(page.context["ads"]) == []


def _approved(owner, borrower, listing, start, end):
    from sharing import services
    from sharing.enums import BookingState

    booking = services.booking_request(
        user=borrower, listing=listing, start_date=start, end_date=end
    )
    services.booking_transition(user=owner, booking=booking, to=BookingState.APPROVED)
    booking.refresh_from_db()
    return booking


def test_loan_extended_by_the_lender(client, owner, neighbour, listing, today):
    from datetime import timedelta

    booking = _approved(owner, neighbour, listing, today + timedelta(2), today + timedelta(5))
    url = reverse("sharing:booking-extend", args=[booking.pk])
    client.force_login(neighbour)  # the borrower asks; the lender decides
    assert client.post(url, {"end_date": today + timedelta(9)}).status_code == 403
    client.force_login(owner)
    assert client.post(url, {"end_date": today + timedelta(9)}).status_code == 302
    booking.refresh_from_db()
    assert booking.end_date == today + timedelta(9)
    assert booking.units.get().blocked.upper > today + timedelta(9)


def test_loan_extension_refused_by_the_exclusion_constraint(
    client, owner, neighbour, listing, today
):
    from datetime import timedelta

    from django.core.exceptions import ValidationError

    from sharing import upkeep

    first = _approved(owner, neighbour, listing, today + timedelta(2), today + timedelta(5))
    other = UserFactory(organization=neighbour.organization, roles=["staff"])
    _approved(owner, other, listing, today + timedelta(10), today + timedelta(12))
    with pytest.raises(ValidationError, match=r"Another reservation|annan reservation"):
        upkeep.booking_extend(user=owner, booking=first, end_date=today + timedelta(11))
    first.refresh_from_db()
    assert first.end_date == today + timedelta(5)


def test_loan_extend_of_foreign_booking_is_404(client, owner, neighbour, outsider, listing, today):
    from datetime import timedelta

    booking = _approved(owner, neighbour, listing, today + timedelta(2), today + timedelta(5))
    client.force_login(outsider)
    url = reverse("sharing:booking-extend", args=[booking.pk])
    assert client.post(url, {"end_date": today + timedelta(9)}).status_code == 404


# --- Kits ---------------------------------------------------------------------------------


def test_kit_built_on_pages(client, owner, listing, chairs):
    from sharing.models import Kit

    client.force_login(owner)
    response = client.post(
        reverse("sharing:kit-create"), {"title": "Klassrum", "visibility": "network"}
    )
    kit = Kit.objects.get()
    assert response.url == reverse("sharing:kit-edit", args=[kit.pk])
    edit = reverse("sharing:kit-edit", args=[kit.pk])
    assert client.post(edit, {"listing": chairs.pk, "quantity": 3}).status_code == 302
    response = client.post(edit, {"listing": listing.pk, "quantity": 5})  # only 1 exists
    assert "quantity" in response.context["item_form"].errors
    assert [(i.listing, i.quantity) for i in kit.items.all()] == [(chairs, 3)]
    item = kit.items.get()
    remove = reverse("sharing:kit-item-remove", args=[kit.pk, item.pk])
    assert client.post(remove).status_code == 302
    assert not kit.items.exists()


def test_kit_edit_refused_to_others(client, owner, neighbour, outsider, chairs):
    from sharing import upkeep

    kit = upkeep.kit_save(user=owner, title="Klassrum", visibility="network")
    edit = reverse("sharing:kit-edit", args=[kit.pk])
    client.force_login(neighbour)  # sees the kit, may not change it
    assert client.get(edit).status_code == 403
    client.force_login(outsider)
    assert client.get(edit).status_code == 404
    # A forged listing of another municipality is not among the choices.
    client.force_login(owner)
    foreign = ListingFactory(organization=neighbour.organization, created_by=neighbour)
    response = client.post(edit, {"listing": foreign.pk, "quantity": 1})
    assert "listing" in response.context["item_form"].errors


@pytest.mark.parametrize("who", ["supplier_user"])
def test_kit_create_forbidden_to_suppliers(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sharing:kit-create")).status_code in (403, 404)


def test_wanted_ad_closes_itself_when_the_matched_item_is_picked_up(
    owner, neighbour, listing, today
):
    from datetime import timedelta

    from sharing import services
    from sharing.enums import BookingState
    from sharing.models import WantedMatch

    ad = wanted_ad_create(user=neighbour, title="Kontorsstol", words="stol")
    other = wanted_ad_create(user=neighbour, title="Bord", words="bord")
    WantedMatch.objects.create(ad=ad, listing=listing)
    booking = _approved(owner, neighbour, listing, today, today + timedelta(3))
    services.booking_transition(user=owner, booking=booking, to=BookingState.PICKED_UP)
    assert WantedAd.objects.get(pk=ad.pk).is_active is False
    assert WantedAd.objects.get(pk=other.pk).is_active is True
