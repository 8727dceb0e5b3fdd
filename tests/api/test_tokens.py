from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import PersonalAccessToken
from api.services import token_create, token_revoke
from notifications.services import notify


@pytest.fixture
def api(client):
    def call(method, url, token=None, **kwargs):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return getattr(client, method)(url, content_type="application/json", **headers, **kwargs)

    return call


def test_token_reads_own_notifications_only(api, staff, neighbour):
    notify(recipient=staff, event="e", title="Min", email=False)
    notify(recipient=neighbour, event="e", title="Granne", email=False)
    _row, raw = token_create(user=staff, name="Intranät", scope="read", days=30)
    response = api("get", "/api/v1/notifications/", raw)
    assert response.status_code == 200
    assert [n["title"] for n in response.json()["results"]] == ["Min"]
    other = neighbour.notifications.get()
    assert api("get", f"/api/v1/notifications/{other.pk}/", raw).status_code == 404


def test_read_only_token_cannot_write(api, staff):
    note = notify(recipient=staff, event="e", title="Min", email=False)
    _row, raw = token_create(user=staff, name="Läsare", scope="read", days=30)
    response = api("post", f"/api/v1/notifications/{note.pk}/read/", raw)
    assert response.status_code == 403
    assert response.json()["detail"]
    note.refresh_from_db()
    assert note.read_at is None
    _row, writer = token_create(user=staff, name="Skrivare", scope="write", days=30)
    assert api("post", f"/api/v1/notifications/{note.pk}/read/", writer).status_code == 200
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("state", ["expired", "revoked", "unknown"])
def test_expired_revoked_or_unknown_token_is_401(api, staff, state):
    row, raw = token_create(user=staff, name="X", scope="write", days=1)
    if state == "expired":
        PersonalAccessToken.objects.filter(pk=row.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1),
            created_at=timezone.now() - timedelta(days=2),
        )
    elif state == "revoked":
        token_revoke(token=row, by=staff)
    else:
        raw = raw + "x"
    response = api("get", "/api/v1/me/", raw)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_no_credentials_is_401_not_a_redirect(api, db):
    assert api("get", "/api/v1/me/").status_code in (401, 403)


def test_token_create_bad_input_changes_nothing(staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        token_create(user=staff, name=" ", scope="read", days=30)
    with pytest.raises(ValidationError):
        token_create(user=staff, name="X", scope="admin", days=30)
    with pytest.raises(ValidationError):
        token_create(user=staff, name="X", scope="read", days=1000)
    assert not PersonalAccessToken.objects.exists()


def test_token_page_creates_shows_once_and_revokes(client, staff, neighbour):
    client.force_login(staff)
    response = client.post(reverse("api:tokens"), {"name": "Diariet", "scope": "read", "days": 30})
    raw = response.context["new_token"]
    assert raw.startswith("smv_")
    token = PersonalAccessToken.objects.get()
    assert token.token_hash != raw and raw not in client.get(reverse("api:tokens")).content.decode()
    # Another user cannot revoke it.
    client.force_login(neighbour)
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    client.force_login(staff)
    client.post(reverse("api:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_supplier_token_sees_municipalities_and_itself_only(api, supplier_user):
    from tests.factories.organizations import SupplierFactory

    other = SupplierFactory()
    _row, raw = token_create(user=supplier_user, name="X", scope="read", days=5)
    response = api("get", "/api/v1/organizations/?kind=supplier", raw)
    assert [o["id"] for o in response.json()["results"]] == [supplier_user.organization_id]
    assert api("get", f"/api/v1/organizations/{other.pk}/", raw).status_code == 404


def test_schema_and_docs_are_served_without_cdn(client, staff):
    client.force_login(staff)
    schema = client.get(reverse("api:schema"))
    assert schema.status_code == 200
    assert b"/api/v1/notifications/" in schema.content
    docs = client.get(reverse("api:docs")).content.decode()
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()
    # Rendered on the server in the site's layout: language set, every path listed.
    assert '<html lang="sv">' in docs
    assert "/api/v1/notifications/" in docs and "API-dokumentation" in docs
    assert "<script>" not in docs


def test_api_404_answers_in_the_callers_language_without_model_names(api, staff):
    _row, raw = token_create(user=staff, name="X", scope="read", days=5)
    response = api("get", "/api/v1/procurements/999999/", raw)
    assert response.status_code == 404
    assert response.json() == {"detail": "Hittades inte.", "status": 404}
    staff.language = "en"
    staff.save(update_fields=["language"])
    response = api("get", "/api/v1/procurements/999999/", raw)
    assert response.json() == {"detail": "Not found.", "status": 404}
    assert "ProcurementCase" not in response.content.decode()


def test_token_answers_in_the_owners_language(api, staff):
    staff.language = "en"
    staff.save(update_fields=["language"])
    _row, raw = token_create(user=staff, name="X", scope="read", days=5)
    response = api("post", "/api/v1/notifications/1/read/", raw)
    assert response.status_code == 403
    assert response.json()["detail"] == "This token is read-only."
    staff.language = "sv"
    staff.save(update_fields=["language"])
    response = api("post", "/api/v1/notifications/1/read/", raw)
    assert response.json()["detail"] == "Denna token får bara läsa."


@pytest.mark.parametrize("name", ["api:schema", "api:docs"])
def test_schema_and_docs_need_a_login_or_token(client, api, staff, name):
    """Issue #19, finding 8: as the README says, not public."""
    url = reverse(name)
    assert client.get(url).status_code in (401, 403)
    assert b"/api/v1/" not in client.get(url).content
    raw = token_create(user=staff, name="Docs", scope="read", days=1)[1]
    assert api("get", url, raw).status_code == 200
