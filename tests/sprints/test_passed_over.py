"""A passed-over supplier sees only its own offer and that it was not chosen (issue #19,
finding 6): not the winner, its team, the price or the sessions — on the page, in the
list, through the API and in the calendar file."""

import pytest
from django.urls import reverse

from api.services import token_create
from sprints import services
from sprints.enums import CallOffState


@pytest.fixture
def booked(make_call_off, pwc, hiq, django_capture_on_commit_callbacks):
    call_off = make_call_off()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_respond(
            offer=call_off.offers.get(),
            by=pwc.user,
            accept=False,
            decline_reason="no_capacity",
            note="Fullbokade",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_respond(
            offer=call_off.offers.get(supplier=hiq.org), by=hiq.user, accept=True, team=hiq.team
        )
    call_off.refresh_from_db()
    assert call_off.state == CallOffState.BOOKED and call_off.supplier == hiq.org
    return call_off


def test_passed_over_supplier_page_shows_no_winner(client, booked, pwc, hiq):
    client.force_login(pwc.user)
    response = client.get(booked.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "HiQ" not in page and "237" not in page
    assert response.context["sessions"] == []
    assert "inte vald" in page
    listing = client.get(reverse("sprints:calloff-list")).content.decode()
    assert booked.reference in listing and "HiQ" not in listing


def test_winner_still_sees_its_booking(client, booked, hiq):
    client.force_login(hiq.user)
    response = client.get(booked.get_absolute_url())
    assert "HiQ team A" in response.content.decode()
    assert len(response.context["sessions"]) == booked.sessions.count()


def test_passed_over_supplier_gets_no_ics_of_the_winners_session(client, booked, pwc, hiq):
    session = booked.sessions.first()
    url = reverse("sprints:session-ics", args=[session.pk])
    client.force_login(pwc.user)
    assert client.get(url).status_code == 404
    client.force_login(hiq.user)
    assert client.get(url).status_code == 200


def test_passed_over_supplier_api_detail_hides_winner_team_price_and_sessions(client, booked, pwc):
    token = token_create(user=pwc.user, name="t", scope="read", days=30)[1]
    response = client.get(
        f"/api/v1/sprint-call-offs/{booked.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["supplier"], body["team"], body["price_sek"]) == (None, None, None)
    assert body["sessions"] == []
    assert [o["supplier"]["id"] for o in body["offers"]] == [pwc.org.pk]
    listing = client.get("/api/v1/sprint-call-offs/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [row["supplier"] for row in listing["results"]] == [None]
