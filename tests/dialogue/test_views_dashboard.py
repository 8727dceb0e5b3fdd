"""The dialogue's dashboard cards and the pages that need a login."""

import pytest
from django.urls import reverse

from dialogue import services

# --- Dashboard ---


def test_supplier_dashboard_shows_portal_cards(client, rfi, supplier_user, third_supplier_user):
    client.force_login(supplier_user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert rfi.title in page
    client.force_login(third_supplier_user)
    assert rfi.title not in client.get(reverse("core:dashboard")).content.decode()


def test_officer_dashboard_card(client, rfi, officer):
    client.force_login(officer)
    assert rfi.title in client.get(reverse("core:dashboard")).content.decode()


@pytest.mark.parametrize("name", ["dialogue:index", "dialogue:rfi-list", "dialogue:activity-list"])
def test_pages_need_login(client, db, name):
    assert client.get(reverse(name)).status_code == 302


def test_cached_officer_card_follows_a_new_question(
    client, rfi, officer, supplier_user, django_capture_on_commit_callbacks
):
    def card() -> str:
        client.force_login(officer)
        client.cookies["django_language"] = "en"
        sections = client.get(reverse("core:dashboard")).context["sections"]
        return next(s.html for s in sections if s.template == "dialogue/dashboard/officer.html")

    assert "wait for an answer" not in card() and "waits for an answer" not in card()
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_ask(rfi=rfi, user=supplier_user, question="Gäller det alla skolor?")
    assert "1 supplier question waits for an answer" in card()
