"""Every sharing list, empty, says what to do first (and links to it where it can)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories.organizations import UserFactory


@pytest.fixture
def all_roles(ystad):
    return UserFactory(
        organization=ystad, roles=["staff", "logistics", "admin"], email="all@ystad.test"
    )


@pytest.mark.parametrize(
    ("name", "says", "links_to"),
    [
        ("sharing:listing-list", "Post a wanted ad", "sharing:wanted-list"),
        ("sharing:booking-list", "You have no reservations yet.", "sharing:listing-create"),
        ("sharing:kit-list", "Put several of your listings together", "sharing:kit-create"),
        ("sharing:transport-list", "reservation that asks for transport", None),
        ("sharing:invoice-list", "choose another month above", None),
        ("sharing:wanted-list", "Describe what you need in the form", None),
        ("sharing:location-list", "add the first below", None),
        ("sharing:exchange-list", "offer one of your own listings", "sharing:listing-list"),
    ],
)
def test_empty_list_says_what_to_do_first(client, all_roles, name, says, links_to):
    client.force_login(all_roles)
    client.cookies["django_language"] = "en"
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'empty-state"' in html
    assert escape(says) in html
    if links_to:
        assert f'href="{reverse(links_to)}' in html
