"""Notify end to end: preferences, digest, rollback, and a Redis outage."""

import datetime
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationDigest, OutboxEmail
from notifications.services import digests_send, notification_preferences_set, notify
from notifications.tasks import send_digests, sweep_outbox


def test_default_is_email_at_once_with_absolute_link_and_html(
    staff, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://samverka.example"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=staff, event="sharing.reserved", title="Bokad", url="/sharing/1/")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "https://samverka.example/sharing/1/" in mail.body
    assert "https://samverka.example/notifications/settings/" in mail.body
    assert 'href="https://samverka.example/sharing/1/"' in mail.alternatives[0][0]


def test_in_app_only_preference_sends_no_email(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    notification_preferences_set(user=staff, choices={"sharing.reserved": "in_app"})
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=staff, event="sharing.reserved", title="Bokad")
        notify(recipient=staff, event="needs.new", title="Nytt behov")
    assert [m.subject for m in mailoutbox] == ["Samverka: Nytt behov"]
    assert Notification.objects.count() == 2


def test_general_default_applies_to_other_events(staff, mailoutbox):
    notification_preferences_set(user=staff, choices={"*": "in_app"})
    notify(recipient=staff, event="needs.new", title="Nytt behov")
    assert not OutboxEmail.objects.exists()


def test_daily_digest_sends_one_email_per_user_and_day(
    staff, neighbour, mailoutbox, django_capture_on_commit_callbacks
):
    for user in (staff, neighbour):
        notification_preferences_set(user=user, choices={"*": "digest"})
    neighbour.language = "en"
    neighbour.save()
    notify(recipient=staff, event="a.b", title="Första", url="/x/")
    notify(recipient=staff, event="a.c", title="Andra")
    notify(recipient=neighbour, event="a.b", title="Third")
    read = notify(recipient=staff, event="a.b", title="Redan läst")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    assert not OutboxEmail.objects.exists()
    yesterday = timezone.now() - timedelta(days=1)
    Notification.objects.update(created_at=yesterday)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests.apply().get() == 2
        assert send_digests.apply().get() == 0
        assert digests_send(day=timezone.localdate() - timedelta(days=1)) == 0
    assert NotificationDigest.objects.count() == 2
    by_to = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2
    swedish = by_to[staff.email]
    assert "Första" in swedish.body and "Andra" in swedish.body
    assert "Redan läst" not in swedish.body
    assert "2 notiser" in swedish.subject or "2 notices" in swedish.subject
    assert swedish.alternatives[0][1] == "text/html"
    assert "1 notice," in by_to[neighbour.email].subject


def test_digest_leaves_todays_notices_for_tomorrow(staff):
    notification_preferences_set(user=staff, choices={"*": "digest"})
    notify(recipient=staff, event="a.b", title="I dag")
    assert digests_send() == 0
    assert digests_send(day=datetime.date.today()) == 1  # noqa: DTZ011


def test_notification_in_rolled_back_transaction_is_never_delivered(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipient=staff, event="a.b", title="Aldrig")
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists()
    assert not OutboxEmail.objects.exists()
    assert mailoutbox == []


def test_mark_read_htmx_and_foreign_404(client, staff, neighbour):
    own = notify(recipient=staff, event="a.b", title="Min", email=False)
    other = notify(recipient=neighbour, event="a.b", title="Annans", email=False)
    client.force_login(staff)
    url = reverse("notifications:notification-mark-read", args=[own.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{own.pk}"' in response.content.decode()
    own.refresh_from_db()
    assert own.read_at is not None
    foreign = client.post(reverse("notifications:notification-mark-read", args=[other.pk]))
    assert foreign.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    assert client.get(url).status_code == 405


def test_preferences_page_saves_choices(client, staff):
    notify(recipient=staff, event="sharing.reserved", title="Bokad", email=False)
    client.force_login(staff)
    page = client.get(reverse("notifications:preferences"))
    form = page.context["form"]
    assert "event_sharing__reserved" in form.fields and "event_default" in form.fields
    data = dict.fromkeys(form.fields, "immediate")
    data["event_sharing__reserved"] = "digest"
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    from notifications.services import delivery_for

    assert delivery_for(staff, "sharing.reserved") == "digest"
    bad = client.post(reverse("notifications:preferences"), {**data, "event_default": "fax"})
    assert "event_default" in bad.context["form"].errors
    assert delivery_for(staff, "other.thing") == "immediate"


def test_list_links_to_preferences(client, staff):
    client.force_login(staff)
    page = client.get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:preferences") in page


def test_redis_down_action_succeeds_and_notice_is_delivered_when_back(
    db, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Request a report while the broker refuses connections: the page works, the report
    waits; once Redis is back the sweepers build it, notify, and mail exactly once."""
    from config.celery import app
    from core.tasks import reset_broker_backoff
    from reports.models import Report
    from reports.reports import NETWORK_PORTFOLIO
    from reports.tasks import sweep_reports
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory

    ystad = MunicipalityFactory(municipality_code="1286", name="Ystad")
    network = NetworkFactory(name="Syd", members=[ystad])
    coordinator = UserFactory(organization=ystad, roles=["coordinator"])
    client.force_login(coordinator)
    old = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        _reset_pools(app)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(
                reverse("reports:report-create", args=[NETWORK_PORTFOLIO.key]),
                {"network": network.pk, "report-language": "sv"},
            )
            direct = notify(recipient=coordinator, event="a.b", title="Under avbrottet")
        assert len(callbacks) == 2  # publishing was tried after commit, and failed
    finally:
        app.conf.broker_url, app.conf.task_always_eager = old
        _reset_pools(app)
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.state == "queued"
    assert OutboxEmail.objects.get().state == "pending"
    assert direct is not None and mailoutbox == []
    # Redis is back.
    reset_broker_backoff()
    past = timezone.now() - timedelta(minutes=5)
    Report.objects.update(created_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_reports.apply().get()
    report.refresh_from_db()
    assert report.state == "done"
    OutboxEmail.objects.update(created_at=past)
    with django_capture_on_commit_callbacks(execute=True):
        sweep_outbox.apply().get()
    sweep_outbox.apply().get()
    sweep_reports.apply().get()
    subjects = sorted(m.subject for m in mailoutbox)
    assert len(subjects) == 2
    assert "Under avbrottet" in subjects[1] or "Under avbrottet" in subjects[0]
    assert Notification.objects.filter(event="reports.done").count() == 1


def _reset_pools(app):
    from kombu import pools

    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
