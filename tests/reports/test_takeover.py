"""A build whose worker died is taken over once its heartbeat stops, and never leaves a
second file or a second notice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from reports.models import Report
from reports.services import (
    STALE_HEARTBEAT,
    ReportBusy,
    report_build,
    report_request,
    report_set_progress,
    reports_sweep,
)


def _request(user):
    return report_request(user=user, kind_key="test.ok", params={"x": 1})


def _as_if_running(report, *, heartbeat_age, attempts=1):
    at = timezone.now() - heartbeat_age
    Report.objects.filter(pk=report.pk).update(
        state="running",
        started_at=at,
        heartbeat_at=at,
        claim_token="dead-worker",
        attempts=attempts,
        progress=85,
        progress_message="Writing the PDF",
    )


def test_redelivered_run_takes_over_a_build_whose_heartbeat_stopped(officer, test_kinds):
    report = _request(officer)
    _as_if_running(report, heartbeat_age=STALE_HEARTBEAT + timedelta(seconds=1))
    assert report_build(report_id=report.pk) == "done"
    report.refresh_from_db()
    assert (report.state, report.progress, report.attempts) == ("done", 100, 2)
    assert report.file and report.claim_token != "dead-worker"
    assert Notification.objects.filter(event="reports.done").count() == 1


def test_run_finding_a_live_build_waits_for_its_heartbeat(officer, test_kinds):
    report = _request(officer)
    _as_if_running(report, heartbeat_age=timedelta(seconds=10))
    with pytest.raises(ReportBusy) as busy:
        report_build(report_id=report.pk)
    assert 50 <= busy.value.retry_in <= 60  # once the heartbeat would be a minute old
    report.refresh_from_db()
    assert (report.state, report.claim_token) == ("running", "dead-worker")


def test_build_task_retries_while_another_run_is_alive(officer, test_kinds):
    from celery.exceptions import Retry

    from reports.tasks import build_report

    report = _request(officer)
    _as_if_running(report, heartbeat_age=timedelta(seconds=0))
    with pytest.raises(Retry):
        build_report.apply(args=[report.pk], throw=True)


def test_taken_over_build_stores_no_second_file(officer, test_kinds, monkeypatch):
    """The original run finishes after another run took the report over: only the run
    that holds the claim stores its PDF."""
    import reports.services as services

    report = _request(officer)
    real_render = services.render_pdf

    def render_then_lose_the_claim(*args, **kwargs):
        pdf = real_render(*args, **kwargs)
        Report.objects.filter(pk=report.pk).update(claim_token="the-other-run")
        return pdf

    monkeypatch.setattr(services, "render_pdf", render_then_lose_the_claim)
    assert report_build(report_id=report.pk) == "skipped"
    report.refresh_from_db()
    assert (report.state, report.file.name) == ("running", "")
    assert Notification.objects.count() == 0


def test_progress_is_a_heartbeat(officer, test_kinds):
    report = _request(officer)
    _as_if_running(report, heartbeat_age=timedelta(minutes=5))
    report_set_progress(report.pk, 90, "Almost")
    report.refresh_from_db()
    assert timezone.now() - report.heartbeat_at < timedelta(seconds=5)


def test_sweeper_requeues_a_build_silent_for_a_minute(officer, test_kinds):
    report = _request(officer)
    _as_if_running(report, heartbeat_age=STALE_HEARTBEAT + timedelta(seconds=1))
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    reports_sweep()
    report.refresh_from_db()
    assert report.state == "done"
    assert Notification.objects.filter(event="reports.done").count() == 1


def test_sweeper_leaves_a_live_build_alone(officer, test_kinds):
    report = _request(officer)
    _as_if_running(report, heartbeat_age=timedelta(seconds=20))
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    reports_sweep()
    report.refresh_from_db()
    assert (report.state, report.claim_token) == ("running", "dead-worker")


def test_build_interrupted_too_often_fails(officer, test_kinds):
    report = _request(officer)
    _as_if_running(report, heartbeat_age=timedelta(minutes=2), attempts=3)
    assert report_build(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert report.state == "failed" and report.error_message
    assert Notification.objects.filter(event="reports.failed").count() == 1
