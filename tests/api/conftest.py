import pytest

from api.services import token_create


@pytest.fixture
def api(client):
    """Call the API with a bearer token: api("post", url, token, data={...})."""

    def call(method, url, token=None, data=None, **kwargs):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if data is not None:
            kwargs["data"] = data
        return getattr(client, method)(url, content_type="application/json", **headers, **kwargs)

    return call


@pytest.fixture
def token_for(db):
    def make(user, scope="write"):
        return token_create(user=user, name="Test", scope=scope, days=30)[1]

    return make


def sv(message: str, **params) -> str:
    """The Swedish text of a message (API callers get Swedish unless they chose English)."""
    from django.utils import translation

    with translation.override("sv"):
        text = translation.gettext(message)
    return text % params if params else text
