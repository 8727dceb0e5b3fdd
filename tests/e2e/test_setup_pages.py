"""Every page organisations set themselves up with is axe-clean in Swedish and English at
both widths (issue 21); the journey in test_empty_install.py visits the others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import act_as, check_everywhere

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(make_user):
    from organizations.services import department_save
    from sharing import services as sharing_services
    from sharing import upkeep
    from sharing.enums import BookingState
    from sharing.locations import location_save
    from sprints.resources import room_save, team_save
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, SupplierFactory
    from tests.factories.sharing import ListingFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    network = NetworkFactory(name="Syd", members=[ystad, trelleborg])
    admin = make_user(organization=ystad, roles=["admin", "coordinator", "staff"],
                      email="admin@ystad-e2e.test")  # fmt: skip
    staff = make_user(organization=ystad, roles=["staff"], email="staff@ystad-e2e.test")
    borrower = make_user(organization=trelleborg, roles=["staff"], email="staff@tb-e2e.test")
    supplier = make_user(organization=SupplierFactory(name="Sprintbyrån AB"),
                         roles=["supplier", "admin"], email="vd@sprint-e2e.test")  # fmt: skip
    department = department_save(organization=ystad, by=admin, name="Teknik", cost_centre="52")
    location = location_save(by=admin, name="Stadshuset", address="Torget 1", latitude=55.4,
                             longitude=13.8)  # fmt: skip
    listing = ListingFactory(organization=ystad, created_by=admin, location=location,
                             title="Skrivbord")  # fmt: skip
    kit = upkeep.kit_save(user=admin, title="Klassrum", visibility="network")
    upkeep.kit_item_set(user=admin, kit=kit, listing=listing, quantity=1)
    sharing_services.wanted_ad_create(user=admin, title="Stolar", words="stol")
    today = timezone.localdate()
    booking = sharing_services.booking_request(
        user=borrower, listing=listing, start_date=today + timedelta(2),
        end_date=today + timedelta(5),
    )  # fmt: skip
    sharing_services.booking_transition(user=admin, booking=booking, to=BookingState.APPROVED)
    room = room_save(by=admin, name="Salen")
    from needs.services import workshop_create

    start = timezone.now() + timedelta(days=10)
    workshop = workshop_create(by=admin, network=network, participants=[staff],
                               title="Workshop om golv", starts_at=start,
                               ends_at=start + timedelta(hours=3), place="Stadshuset")  # fmt: skip
    team = team_save(by=supplier, name="Team Syd")
    return {
        "staff": staff, "department": department, "location": location, "kit": kit,
        "booking": booking, "room": room, "team": team, "workshop": workshop,
    }  # fmt: skip


def test_setup_pages_are_accessible(page, world):
    act_as(page, "admin@ystad-e2e.test")
    for url, label in (
        (f"/organisation/users/{world['staff'].pk}/", "user roles"),
        (f"/organisation/departments/{world['department'].pk}/", "department"),
        (f"/sharing/locations/{world['location'].pk}/", "location"),
        ("/sharing/kits/new/", "new kit"),
        (f"/sharing/kits/{world['kit'].pk}/edit/", "kit edit"),
        (f"/sharing/kits/{world['kit'].pk}/", "kit"),
        ("/sharing/kits/", "kits"),
        ("/sharing/wanted/", "wanted ads"),
        (f"/sharing/reservations/{world['booking'].pk}/", "reservation with extension"),
        (f"/sprints/rooms/{world['room'].pk}/", "room"),
        ("/sprints/closure-days/", "closure days"),
        ("/networks/", "networks"),
        ("/networks/new/", "new network"),
        (f"/needs/workshops/{world['workshop'].pk}/", "workshop with cancel form"),
    ):
        check_everywhere(page, url, label=label)
    act_as(page, "vd@sprint-e2e.test")
    check_everywhere(page, f"/sprints/teams/{world['team'].pk}/", label="team")
