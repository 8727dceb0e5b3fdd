"""Deactivation really cuts access (issue 21): open sessions end at once, API tokens stop
working, reactivation lets the person back in, and nobody with history is deleted."""

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse

from api.services import token_create
from organizations import demo, services
from organizations.models import Organization, User
from tests.factories.organizations import UserFactory

PASSWORD = "right-password-123"


@pytest.fixture
def colleague(ystad):
    return UserFactory(organization=ystad, roles=["staff"], email="kollega@ystad.test")


def signed_in(user) -> Client:
    """A browser with a real signed-in session (the hash is stored as at login)."""
    browser = Client()
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    assert sign_in(browser, user).status_code == 302
    return browser


def sign_in(browser: Client, user):
    return browser.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def is_signed_in(browser: Client) -> bool:
    response = browser.get(reverse("organizations:profile"))
    return response.status_code == 200


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_user_deactivation_ends_open_session_at_once(org_admin, colleague):
    browser = signed_in(colleague)
    assert is_signed_in(browser)
    services.user_set_active(member=colleague, active=False, by=org_admin)
    response = browser.get(reverse("organizations:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_reactivation_lets_them_sign_in_again(org_admin, colleague):
    browser = signed_in(colleague)
    services.user_set_active(member=colleague, active=False, by=org_admin)
    assert not is_signed_in(browser)
    services.user_set_active(member=colleague, active=True, by=org_admin)
    assert not is_signed_in(browser)  # the old session stays ended
    assert sign_in(Client(), colleague).status_code == 302


def test_user_deactivation_stops_api_token(client, org_admin, colleague):
    _row, raw = token_create(user=colleague, name="Intranät", scope="read", days=30)
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 200
    services.user_set_active(member=colleague, active=False, by=org_admin)
    assert client.get("/api/v1/me/", **bearer(raw)).status_code in (401, 403)
    services.user_set_active(member=colleague, active=True, by=org_admin)
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 200


def test_organisation_deactivation_ends_sessions_and_tokens(
    client, platform_admin, ystad, colleague, neighbour
):
    browser, other = signed_in(colleague), signed_in(neighbour)
    _row, raw = token_create(user=colleague, name="Intranät", scope="read", days=30)
    services.organization_set_active(organization=ystad, active=False, by=platform_admin)
    assert not is_signed_in(browser)
    assert is_signed_in(other)  # Trelleborg is not touched
    assert client.get("/api/v1/me/", **bearer(raw)).status_code in (401, 403)
    colleague.refresh_from_db()
    assert colleague.is_active  # the person keeps their own state


def test_organisation_reactivation_lets_people_back(client, platform_admin, ystad, colleague):
    signed_in(colleague)
    _row, raw = token_create(user=colleague, name="Intranät", scope="read", days=30)
    services.organization_set_active(organization=ystad, active=False, by=platform_admin)
    services.organization_set_active(organization=ystad, active=True, by=platform_admin)
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 200
    response = sign_in(Client(), colleague)
    assert response.status_code == 302


def test_deactivated_organisation_login_page_says_why(platform_admin, ystad, colleague):
    signed_in(colleague)
    services.organization_set_active(organization=ystad, active=False, by=platform_admin)
    response = sign_in(Client(), colleague)
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_deactivation_by_page_ends_the_session(client, org_admin, colleague):
    browser = signed_in(colleague)
    client.force_login(org_admin)
    response = client.post(
        reverse("organizations:user-active", kwargs={"pk": colleague.pk}), {"active": "0"}
    )
    assert response.status_code == 302
    assert not is_signed_in(browser)


def test_foreign_admin_cannot_deactivate(trelleborg, colleague):
    foreign = UserFactory(organization=trelleborg, roles=["admin"])
    with pytest.raises(PermissionDenied):
        services.user_set_active(member=colleague, active=False, by=foreign)
    colleague.refresh_from_db()
    assert (colleague.is_active, colleague.session_epoch) == (True, 0)


def test_password_change_still_ends_other_sessions(colleague):
    browser = signed_in(colleague)
    colleague.set_password("another-password-456")
    colleague.save(update_fields=["password"])
    assert not is_signed_in(browser)


@pytest.mark.parametrize(
    ("user_active", "org_active", "state", "expected"),
    [
        (True, True, "", True),
        (False, True, "", False),
        (True, False, "", False),
        (True, True, "pending", False),
        (True, True, "rejected", False),
        (True, True, "approved", True),
    ],
)
def test_may_sign_in_table(user_active, org_active, state, expected):
    org = Organization(kind="supplier", is_active=org_active, registration_state=state)
    assert User(organization=org, is_active=user_active).may_sign_in is expected


def test_admin_shows_is_active_read_only_and_never_deletes(platform_admin, colleague):
    request = RequestFactory().get("/")
    request.user = platform_admin
    for model in (User, Organization):
        model_admin = admin.site._registry[model]
        assert "is_active" in model_admin.get_readonly_fields(request, colleague)
        assert model_admin.has_delete_permission(request, colleague) is False


def test_demo_lists_a_deactivated_user(db, client):
    demo.seed()
    former = User.objects.get(email="tidigare@ystad.example")
    assert former.is_active is False
    admin_user = User.objects.get(email="admin@ystad.example")
    client.force_login(admin_user)
    response = client.get(reverse("organizations:user-list"))
    assert former in list(response.context["page_obj"])
