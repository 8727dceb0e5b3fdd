"""The domain endpoints: the pages' scoping, permissions, services and messages."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from needs.enums import NeedStatus
from needs.models import Need
from sharing.enums import BookingState
from sharing.models import Booking
from sprints.enums import OfferState
from tests.factories.needs import ChallengeFactory, NeedFactory
from tests.factories.procurements import make_case, prepare_tender, publish
from tests.factories.sharing import ListingFactory

from .conftest import sv

# --- Procurement cases ------------------------------------------------------------------


def test_case_list_and_detail_are_scoped_and_show_no_bids(
    api, token_for, officer, neighbour, outsider, supplier_user, django_assert_max_num_queries
):
    case = make_case(officer, title="Delade elsparkcyklar")
    publish(case, officer)
    own = token_for(officer, "read")
    with django_assert_max_num_queries(12):
        listed = api("get", "/api/v1/procurements/", own).json()
    assert [c["id"] for c in listed["results"]] == [case.pk]
    assert listed["results"][0]["stage"] == "tender"
    detail = api("get", f"/api/v1/procurements/{case.pk}/", own).json()
    assert detail["lead_organization"]["id"] == officer.organization_id
    assert [c["weight"] for c in detail["tender"]["criteria"]] == [60, 40]
    assert detail["tender"]["requirements"] == ["F-skatt"]
    assert detail["deadlines"]["tender_deadline"] and detail["deadlines"]["last_answer_at"]
    assert "bid" not in json.dumps(detail).lower()
    for stranger in (neighbour, outsider, supplier_user):
        token = token_for(stranger, "read")
        assert api("get", "/api/v1/procurements/", token).json()["results"] == []
        assert api("get", f"/api/v1/procurements/{case.pk}/", token).status_code == 404


def test_case_list_takes_the_pages_filters(api, token_for, officer, django_assert_max_num_queries):
    first = make_case(officer, title="Delade elsparkcyklar")
    prepare_tender(first, officer)
    for n in range(5):
        make_case(officer, title=f"Skolskjuts {n}")
    token = token_for(officer, "read")
    with django_assert_max_num_queries(12):
        everything = api("get", "/api/v1/procurements/", token).json()
    assert everything["count"] == 6
    found = api("get", "/api/v1/procurements/?q=elsparkcyklar", token).json()
    assert [c["id"] for c in found["results"]] == [first.pk]
    assert api("get", "/api/v1/procurements/?stage=tender", token).json()["count"] == 0
    bad = api("get", "/api/v1/procurements/?stage=nonsense", token)
    assert bad.status_code == 400 and "stage" in bad.json()["errors"]


# --- Needs and challenges ---------------------------------------------------------------


def test_need_draft_created_and_submitted_through_the_service(api, token_for, staff, neighbour):
    token = token_for(staff)
    response = api(
        "post",
        "/api/v1/needs/",
        token,
        data={"title": "Hala golv", "problem": "Golven blir blöta.", "department": "preschool"},
    )
    assert response.status_code == 201, response.content
    need = Need.objects.get()
    assert response.json()["status"] == NeedStatus.DRAFT and need.author == staff
    # A draft is the author's: the neighbour neither sees nor submits it.
    other = token_for(neighbour)
    assert api("get", f"/api/v1/needs/{need.pk}/", other).status_code == 404
    assert api("post", f"/api/v1/needs/{need.pk}/submit/", other).status_code == 404
    submitted = api("post", f"/api/v1/needs/{need.pk}/submit/", token)
    assert submitted.status_code == 200 and submitted.json()["status"] == NeedStatus.SUBMITTED
    # Submitted needs are seen across the network, with the page's filters.
    seen = api("get", "/api/v1/needs/?status=submitted&q=golv", other).json()
    assert [n["id"] for n in seen["results"]] == [need.pk]
    # Submitting twice gets the service's message.
    again = api("post", f"/api/v1/needs/{need.pk}/submit/", token)
    assert again.status_code == 403


def test_need_without_a_problem_gets_the_forms_message_and_changes_nothing(api, token_for, staff):
    response = api("post", "/api/v1/needs/", token_for(staff), data={"title": "Hala golv"})
    assert response.status_code == 400
    assert response.json()["errors"]["problem"] == [sv("Describe the problem in your own words.")]
    response = api(
        "post", "/api/v1/needs/", token_for(staff), data={"problem": "X", "submit": True}
    )
    assert response.json()["errors"]["title"] == [sv("Give the need a short title.")]
    assert not Need.objects.exists()


def test_read_only_token_cannot_write_and_changes_nothing(api, token_for, staff):
    reader = token_for(staff, "read")
    response = api("post", "/api/v1/needs/", reader, data={"title": "T", "problem": "P"})
    assert response.status_code == 403
    assert response.json()["detail"] == sv("This token is read-only.")
    assert not Need.objects.exists()


def test_supplier_and_outsider_see_no_needs_or_challenges(
    api, token_for, staff, outsider, supplier_user, network
):
    need = NeedFactory(author=staff)
    challenge = ChallengeFactory(network=network)
    assert api("get", f"/api/v1/challenges/{challenge.pk}/", token_for(staff)).status_code == 200
    for stranger in (outsider, supplier_user):
        token = token_for(stranger, "read")
        assert api("get", f"/api/v1/needs/{need.pk}/", token).status_code == 404
        assert api("get", f"/api/v1/challenges/{challenge.pk}/", token).status_code == 404
        assert api("get", "/api/v1/needs/", token).json()["count"] == 0
    # A supplier may not write a need (the service's rule): 403, nothing stored.
    response = api(
        "post", "/api/v1/needs/", token_for(supplier_user), data={"title": "T", "problem": "P"}
    )
    assert response.status_code == 403
    assert Need.objects.count() == 1


# --- Sharing ----------------------------------------------------------------------------


@pytest.fixture
def listing(ystad):
    return ListingFactory(organization=ystad, title="Ergonomisk kontorsstol", quantity=2)


def test_listings_are_searchable_and_scoped(
    api, token_for, listing, neighbour, outsider, supplier_user, django_assert_max_num_queries
):
    for n in range(4):
        ListingFactory(organization=listing.organization, title=f"Bord {n}", description="Ek")
    token = token_for(neighbour, "read")
    with django_assert_max_num_queries(12):
        everything = api("get", "/api/v1/listings/", token).json()
    assert everything["count"] == 5
    found = api("get", "/api/v1/listings/?q=kontorsstol", token).json()
    assert [row["id"] for row in found["results"]] == [listing.pk]
    assert api("get", "/api/v1/listings/?mode=sell", token).json()["count"] == 0
    assert api("get", f"/api/v1/listings/{listing.pk}/", token).status_code == 200
    assert api("get", f"/api/v1/listings/{listing.pk}/", token_for(outsider)).status_code == 404
    # Suppliers do not use the marketplace (as on the pages).
    assert api("get", "/api/v1/listings/", token_for(supplier_user)).status_code == 403


def test_reservation_with_end_before_start_gets_the_forms_message(
    api, token_for, listing, neighbour
):
    start = timezone.localdate() + timedelta(days=3)
    response = api(
        "post",
        "/api/v1/reservations/",
        token_for(neighbour),
        data={
            "listing": listing.pk,
            "start_date": str(start),
            "end_date": str(start - timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["end_date"] == [sv("The end date is before the start date.")]
    assert not Booking.objects.exists()


def test_reservation_requested_approved_and_declined(
    api, token_for, listing, neighbour, outsider, django_assert_max_num_queries
):
    start = timezone.localdate() + timedelta(days=3)
    borrower = token_for(neighbour)
    payload = {
        "listing": listing.pk,
        "start_date": str(start),
        "end_date": str(start + timedelta(days=2)),
    }
    created = api("post", "/api/v1/reservations/", borrower, data=payload)
    assert created.status_code == 201, created.content
    booking = Booking.objects.get()
    assert created.json()["state"] == BookingState.REQUESTED
    # The borrower may not approve their own request (the service's rule and message).
    refused = api("post", f"/api/v1/reservations/{booking.pk}/approve/", borrower)
    assert refused.status_code == 400
    assert refused.json()["detail"] == [sv("You may not do this with the reservation.")]
    # Another municipality cannot even see it.
    stranger = token_for(outsider)
    assert api("post", f"/api/v1/reservations/{booking.pk}/approve/", stranger).status_code == 404
    assert api("get", f"/api/v1/reservations/{booking.pk}/", stranger).status_code == 404
    # The owner approves with a write token, not with a read-only one.
    owner = listing.created_by
    assert (
        api(
            "post", f"/api/v1/reservations/{booking.pk}/approve/", token_for(owner, "read")
        ).status_code
        == 403
    )
    approved = api("post", f"/api/v1/reservations/{booking.pk}/approve/", token_for(owner))
    assert approved.status_code == 200 and approved.json()["state"] == BookingState.APPROVED
    # A second request is declined with a reply.
    second = api(
        "post",
        "/api/v1/reservations/",
        borrower,
        data={
            **payload,
            "start_date": str(start + timedelta(days=10)),
            "end_date": str(start + timedelta(days=11)),
        },
    ).json()
    declined = api(
        "post",
        f"/api/v1/reservations/{second['id']}/decline/",
        token_for(owner),
        data={"reply": "Stolarna är på lagning."},
    )
    assert declined.json()["state"] == BookingState.DECLINED
    assert declined.json()["reply"] == "Stolarna är på lagning."
    with django_assert_max_num_queries(10):
        rows = api("get", "/api/v1/reservations/?state=approved", borrower).json()["results"]
    assert [row["id"] for row in rows] == [booking.pk]
    # A foreign listing is refused with a clear message and nothing is stored.
    foreign = ListingFactory(organization=outsider.organization, visibility="own")
    response = api(
        "post", "/api/v1/reservations/", borrower, data={**payload, "listing": foreign.pk}
    )
    assert response.status_code == 400 and "listing" in response.json()["errors"]
    assert Booking.objects.count() == 2


# --- Sprints ----------------------------------------------------------------------------


@pytest.fixture
def call_off(ystad, staff):
    from sprints import services
    from sprints.enums import SprintFormat
    from tests.factories.sprints import (
        RoomFactory,
        build_agreement,
        supplier_with_team,
        working_week,
    )

    first = supplier_with_team("PwC", "s@pwc.test")
    second = supplier_with_team("HiQ", "s@hiq.test")
    agreement = build_agreement(municipalities=[ystad], suppliers=[first[0], second[0]])
    week = working_week()
    call_off = services.call_off_create(
        created_by=staff,
        agreement=agreement,
        title="Skolans digitala stöd",
        challenge="Hur kan elever få stöd i tid?",
        sprint_format=SprintFormat.FIVE_DAY,
        start_date=week[0],
        end_date=week[4],
        room=RoomFactory(organization=ystad),
    )
    call_off.first_supplier_user = first[2]
    call_off.second_supplier_user = second[2]
    return call_off


def test_supplier_sees_only_call_offs_addressed_to_it(api, token_for, call_off, neighbour, staff):
    first = token_for(call_off.first_supplier_user, "read")
    listed = api("get", "/api/v1/sprint-call-offs/", first).json()
    assert [c["id"] for c in listed["results"]] == [call_off.pk]
    detail = api("get", f"/api/v1/sprint-call-offs/{call_off.pk}/", first).json()
    assert {o["supplier"]["id"] for o in detail["offers"]} == {
        call_off.first_supplier_user.organization_id
    }
    assert len(detail["sessions"]) == 5
    assert "ranking" not in detail and "prices" not in detail
    sessions = api("get", "/api/v1/sprint-sessions/", first).json()
    assert sessions["count"] == 5
    second = token_for(call_off.second_supplier_user, "read")
    assert api("get", f"/api/v1/sprint-call-offs/{call_off.pk}/", second).status_code == 404
    assert api("get", "/api/v1/sprint-offers/", second).json()["count"] == 0
    assert api("get", "/api/v1/sprint-sessions/", second).json()["count"] == 0
    # Municipalities: their own call-offs only.
    assert (
        api("get", f"/api/v1/sprint-call-offs/{call_off.pk}/", token_for(staff)).status_code == 200
    )
    assert (
        api("get", f"/api/v1/sprint-call-offs/{call_off.pk}/", token_for(neighbour)).status_code
        == 404
    )


def test_supplier_answers_an_offer_through_the_service(api, token_for, call_off):
    offer = call_off.offers.get()
    token = token_for(call_off.first_supplier_user)
    url = f"/api/v1/sprint-offers/{offer.pk}/answer/"
    bad = api("post", url, token, data={"accept": False})
    assert bad.status_code == 400
    assert bad.json()["errors"]["decline_reason"] == [
        sv("Choose one of the reasons the agreement accepts for declining.")
    ]
    offer.refresh_from_db()
    assert offer.state == OfferState.PENDING
    other = token_for(call_off.second_supplier_user)
    assert api("post", url, other, data={"accept": True}).status_code == 404
    accepted = api("post", url, token, data={"accept": True})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == OfferState.ACCEPTED
    call_off.refresh_from_db()
    assert call_off.state == "booked"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/procurements/",
        "/api/v1/needs/",
        "/api/v1/challenges/",
        "/api/v1/listings/",
        "/api/v1/reservations/",
        "/api/v1/sprint-call-offs/",
        "/api/v1/sprint-sessions/",
        "/api/v1/sprint-offers/",
    ],
)
@pytest.mark.parametrize("state", ["expired", "revoked", "none"])
def test_every_endpoint_refuses_expired_revoked_or_missing_tokens(api, staff, url, state):
    from api.models import PersonalAccessToken
    from api.services import token_create, token_revoke

    row, raw = token_create(user=staff, name="X", scope="write", days=1)
    if state == "expired":
        PersonalAccessToken.objects.filter(pk=row.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1),
            created_at=timezone.now() - timedelta(days=2),
        )
    elif state == "revoked":
        token_revoke(token=row, by=staff)
    else:
        raw = None
    response = api("get", url, raw)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_schema_is_valid_and_free_of_warnings(tmp_path):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/v1/procurements/", "/api/v1/reservations/{id}/approve/", "Error"):
        assert path in text
