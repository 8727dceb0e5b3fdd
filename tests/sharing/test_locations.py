"""Pick-up locations on pages: a municipality's administrator or logistics keep them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sharing import locations
from sharing.models import Location
from tests.factories.organizations import UserFactory
from tests.factories.sharing import ListingFactory

DATA = {"name": "Stadshuset", "address": "Stora Östergatan 31", "latitude": "55.4295",
        "longitude": "13.8204"}  # fmt: skip


def test_first_location_becomes_main(org_admin, ystad):
    location = locations.location_save(
        by=org_admin, name="Stadshuset", address="Torget 1", latitude=55.4, longitude=13.8
    )
    assert location.is_primary is True


def test_new_main_location_takes_the_mark(org_admin, ystad):
    first = locations.location_save(
        by=org_admin, name="A", address="a", latitude=55.4, longitude=13.8
    )
    second = locations.location_save(
        by=org_admin, name="B", address="b", latitude=55.4, longitude=13.8, is_primary=True
    )
    first.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)


def test_location_duplicate_name_and_bad_coordinates_refused(org_admin, ystad):
    locations.location_save(by=org_admin, name="A", address="a", latitude=55.4, longitude=13.8)
    with pytest.raises(ValidationError) as info:
        locations.location_save(by=org_admin, name="a", address="a", latitude=95, longitude=13.8)
    assert set(info.value.error_dict) == {"name", "latitude"}


def test_staff_may_not_keep_locations(staff):
    with pytest.raises(PermissionDenied):
        locations.location_save(by=staff, name="A", address="a", latitude=55.4, longitude=13.8)


def test_location_in_use_is_not_deleted(org_admin, ystad):
    location = locations.location_save(
        by=org_admin, name="A", address="a", latitude=55.4, longitude=13.8
    )
    ListingFactory(organization=ystad, location=location)
    with pytest.raises(ValidationError):
        locations.location_delete(location=location, by=org_admin)
    assert Location.objects.filter(pk=location.pk).exists()


def test_location_page_adds_for_logistics(client, ystad):
    logistics = UserFactory(organization=ystad, roles=["logistics"])
    client.force_login(logistics)
    response = client.post(reverse("sharing:location-list"), DATA)
    assert response.status_code == 302
    assert list(Location.objects.values_list("organization", "name")) == [(ystad.pk, "Stadshuset")]
    page = client.get(reverse("sharing:location-list"))
    assert [loc.name for loc in page.context["locations"]] == ["Stadshuset"]


@pytest.mark.parametrize("who", ["staff", "supplier_user", "platform_admin"])
def test_location_page_forbidden(client, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("sharing:location-list")).status_code == 403


def test_location_of_other_municipality_is_404(client, org_admin, trelleborg):
    other = locations.location_save(
        by=UserFactory(organization=trelleborg, roles=["admin"]),
        name="Rådhuset", address="x", latitude=55.4, longitude=13.1,
    )  # fmt: skip
    client.force_login(org_admin)
    assert client.get(reverse("sharing:location-edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("sharing:location-delete", args=[other.pk])).status_code == 404
    assert Location.objects.filter(pk=other.pk).exists()


def test_location_delete_view(client, org_admin, ystad):
    location = locations.location_save(
        by=org_admin, name="A", address="a", latitude=55.4, longitude=13.8
    )
    client.force_login(org_admin)
    assert client.get(reverse("sharing:location-delete", args=[location.pk])).status_code == 405
    assert client.post(reverse("sharing:location-delete", args=[location.pk])).status_code == 302
    assert not Location.objects.exists()


def test_listing_form_without_location_says_what_to_do(client, org_admin):
    client.force_login(UserFactory(organization=org_admin.organization, roles=["staff"]))
    response = client.get(reverse("sharing:listing-create"))
    assert "every listing needs one" in response.content.decode() or "varje annons" in (
        response.content.decode()
    )


def test_listing_form_offers_departments_and_fills_cost_centre(client, org_admin, ystad):
    from organizations.services import department_save
    from sharing.models import Listing
    from tests.factories.sharing import category

    department_save(organization=ystad, by=org_admin, name="Teknik", cost_centre="5200")
    location = locations.location_save(
        by=org_admin, name="A", address="a", latitude=55.4, longitude=13.8
    )
    staff = UserFactory(organization=ystad, roles=["staff"])
    client.force_login(staff)
    page = client.get(reverse("sharing:listing-create"))
    assert ("Teknik", "Teknik (5200)") in page.context["form"].fields["department"].widget.choices
    chair = category()
    response = client.post(
        reverse("sharing:listing-create"),
        {"title": "Stol", "kind": "furniture", "category": chair.pk, "condition": "good",
         "quantity": 1, "mode": "give_away", "price_sek": "0", "location": location.pk,
         "department": "Teknik",
         "available_from": "2026-01-01", "visibility": "network", "buffer_days": 0,
         "horizon_days": 180},
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    assert Listing.objects.get().cost_centre == "5200"
