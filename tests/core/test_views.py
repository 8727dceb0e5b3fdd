import json
import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

from organizations import services


def test_healthz_reports_database_redis_and_worker(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["database"] == {"ok": True}
    assert set(body) == {
        "status",
        "database",
        "redis",
        "worker",
        "outbox_waiting",
        "jobs_waiting",
    }
    assert body["outbox_waiting"] == 0
    assert body["jobs_waiting"] == 0


def test_healthz_survives_dead_redis(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    body = json.loads(client.get(reverse("core:healthz")).content)
    assert body["status"] == "ok"
    assert body["redis"]["ok"] is False
    assert body["worker"]["ok"] is False


def test_history_page_shows_who_changed_what(client, org_admin, ystad):
    client.force_login(org_admin)
    # A change through a page: the middleware attaches the acting user.
    client.post(
        reverse("organizations:profile"),
        {"full_name": "Karl Admin", "title": "Chef", "department": "", "language": "sv"},
    )
    response = client.get(
        reverse("core:history", kwargs={"label": "organizations.user", "pk": org_admin.pk})
    )
    assert response.status_code == 200
    events = response.context["events"]
    change = events[0]
    assert change["user"] == org_admin
    assert {"field": "full_name", "old": org_admin.full_name, "new": "Karl Admin"} in change[
        "changes"
    ]


def test_history_records_bulk_updates_too(org_admin):
    from core.history import events_for
    from organizations.models import User

    User.objects.filter(pk=org_admin.pk).update(title="Bulk")
    assert events_for(org_admin)[0]["changes"] == [{"field": "title", "old": "", "new": "Bulk"}]


def test_history_of_foreign_object_is_404(client, outsider, org_admin):
    client.force_login(outsider)
    url = reverse("core:history", kwargs={"label": "organizations.user", "pk": org_admin.pk})
    assert client.get(url).status_code == 404
    bad = reverse("core:history", kwargs={"label": "nope.model", "pk": 1})
    assert client.get(bad).status_code == 404


def test_history_reason_recorded_by_service(org_admin, ystad):
    from core.history import events_for

    invitation, _token = services.invitation_create(
        invited_by=org_admin, email="x@ystad.test", organization=ystad, roles=["staff"]
    )
    services.invitation_revoke(invitation=invitation, by=org_admin)
    latest = events_for(invitation)[0]
    assert latest["user"] == org_admin
    assert latest["reason"] == "invitation revoked"


def test_swedish_is_default_even_for_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html


def test_language_switch_to_english_is_remembered(client, staff):
    client.force_login(staff)
    client.post(reverse("core:set-language"), {"language": "en", "next": "/"})
    staff.refresh_from_db()
    assert staff.language == "en"
    html = client.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html


def test_base_layout_has_landmarks_skip_link_and_strict_csp(client, staff):
    client.force_login(staff)
    response = client.get(reverse("core:dashboard"))
    html = response.content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # no inline scripts


def test_assets_are_served_by_the_app(client, db):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
    assert finders.find("django_htmx/htmx-2.min.js") or finders.find("django_htmx/htmx.min.js")


def test_dashboard_shows_role_specific_sections(client, staff, org_admin):
    client.force_login(staff)
    titles = [str(s.title) for s in client.get(reverse("core:dashboard")).context["sections"]]
    assert "Administration" not in titles
    client.force_login(org_admin)
    titles = [str(s.title) for s in client.get(reverse("core:dashboard")).context["sections"]]
    assert "Administration" in titles


def test_accessibility_statement_is_public_and_linked(client, db):
    response = client.get(reverse("core:accessibility"))
    assert response.status_code == 200
    assert "Tillgänglighetsredogörelse" in response.content.decode()
    assert reverse("core:accessibility") in client.get(reverse("login")).content.decode()


def test_check_deploy_is_clean_with_production_settings():
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 30 + "-production-secret-for-the-check-only-9f8e7d6c5b4a",
        "ALLOWED_HOSTS": "samverka.example",
        "BID_ENCRYPTION_KEY": "Ql8zN3pWcXR1OGxWbk1hR2RzWDRjRjlqS2gyWWVQMXc=",
        "SUPPLIER_TOKEN_KEY": "dFo5bVJrM3hQcTdXc0w0bkJ2OGhDMmpGeTZnVDFkUXU=",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the e2e tests for Playwright only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_default_secret():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_filters_keep_their_choices_after_the_api_schema_is_built(client, staff, neighbour):
    """Building the API schema makes fields on the filter classes; the pages' filters must
    still get their per-user choices afterwards (a facet with no choices refuses all)."""
    from django.urls import reverse

    from tests.factories.needs import NeedFactory

    own = NeedFactory(author=staff, title="Blöta golv")
    theirs = NeedFactory(author=neighbour, title="Ensamhet bland äldre")
    client.force_login(staff)
    assert client.get(reverse("api:schema")).status_code == 200
    response = client.get(reverse("needs:need-list"), {"organization": neighbour.organization_id})
    assert (
        list(response.context["page_obj"]) == [theirs] and own not in response.context["page_obj"]
    )
    for url in (reverse("sharing:listing-list"), reverse("procurements:case-list")):
        assert "Ystad" in client.get(url).content.decode()
