"""Building reports: claim once, progress in the database, failures visible, sweeper."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import timezone

from core.pdf import pdf_text
from notifications.models import Notification
from reports.models import Report
from reports.services import (
    TransientReportError,
    report_build,
    report_rebuild,
    report_request,
    reports_sweep,
)
from reports.tasks import build_report


def _request(user, kind="test.ok", **kw):
    return report_request(user=user, kind_key=kind, params={"x": 1}, **kw)


def test_request_then_build_stores_pdf_and_notifies_once(
    officer, test_kinds, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _request(officer, language="en")
    report.refresh_from_db()
    assert report.state == "done"
    assert report.progress == 100
    assert report.organization == officer.organization
    assert len(report.content_hash) == 64
    assert "Hej Åsa" in pdf_text(report.file.read())
    # A second run of the task (e.g. redelivered) changes nothing and notifies no one.
    assert build_report.apply(args=[report.pk]).get() == "skipped"
    assert Report.objects.count() == 1
    assert Notification.objects.filter(event="reports.done").count() == 1
    assert len(mailoutbox) == 1
    assert report.get_absolute_url() in mailoutbox[0].body


def test_request_refuses_kind_the_user_may_not_ask_for(staff, coordinator, test_kinds):
    with pytest.raises(PermissionDenied):
        _request(staff)
    with pytest.raises(ValidationError):
        _request(coordinator, kind="no.such")
    assert not Report.objects.exists()


def test_request_refuses_foreign_network(coordinator, other_network, test_kinds):
    with pytest.raises(ValidationError):
        report_request(user=coordinator, kind_key="test.ok", params={"network": other_network.pk})
    assert not Report.objects.exists()


def test_failing_build_ends_failed_with_message_and_notice(officer, test_kinds):
    report = _request(officer, kind="test.fail")
    assert report_build(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert report.state == "failed"
    assert "unexpected error" in report.error_message or "oväntat" in report.error_message
    assert report.finished_at is not None
    assert not report.file
    assert Notification.objects.get(event="reports.failed").recipient == officer
    assert report_build(report_id=report.pk) == "skipped"


def test_validation_error_in_build_is_shown_as_reason(officer, test_kinds):
    test_kinds["error"] = ValidationError("Ärendet finns inte längre")
    report = _request(officer, kind="test.fail")
    report_build(report_id=report.pk)
    report.refresh_from_db()
    assert "Ärendet finns inte längre" in report.error_message


def test_transient_error_puts_report_back_in_queue_then_fails_after_max(officer, test_kinds):
    test_kinds["error"] = OperationalError("connection reset")
    report = _request(officer, kind="test.fail")
    for _attempt in range(2):
        with pytest.raises(TransientReportError):
            report_build(report_id=report.pk)
        report.refresh_from_db()
        assert report.state == "queued"
    assert report_build(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert (report.state, report.attempts) == ("failed", 3)


def test_progress_is_kept_in_the_database(officer, test_kinds, monkeypatch):
    seen = []
    import reports.services as services

    real = services.report_set_progress

    def spy(report_id, percent, message=""):
        real(report_id, percent, message)
        seen.append(Report.objects.values_list("progress", "progress_message").get(pk=report_id))

    monkeypatch.setattr(services, "report_set_progress", spy)
    report = _request(officer)
    report_build(report_id=report.pk)
    assert (50, "halfway") in seen


def test_rebuild_makes_a_new_report_and_keeps_the_old(
    officer, test_kinds, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _request(officer)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = report_rebuild(user=officer, report=first)
    second.refresh_from_db()
    assert second.rebuilt_from == first
    assert (first.state, second.state) == ("done", "done")
    assert first.file.name != second.file.name


def test_rebuild_refused_while_building(officer, test_kinds):
    report = _request(officer)
    with pytest.raises(ValidationError):
        report_rebuild(user=officer, report=report)


def test_sweeper_publishes_waiting_reports(officer, test_kinds):
    report = _request(officer)  # on-commit not run: as if Redis had been down
    assert reports_sweep() == 0  # still within the grace period
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert reports_sweep() == 1
    report.refresh_from_db()
    assert report.state == "done"


def test_sweeper_fails_builds_whose_worker_died(officer, test_kinds):
    report = _request(officer)
    old = timezone.now() - timedelta(hours=1)
    Report.objects.filter(pk=report.pk).update(
        state="running", started_at=old, attempts=3, created_at=old
    )
    reports_sweep()
    report.refresh_from_db()
    assert report.state == "failed"
    assert report.error_message
    assert Notification.objects.filter(event="reports.failed").count() == 1


def test_build_of_requester_without_permission_any_more_fails(officer, test_kinds):
    report = _request(officer)
    officer.roles = ["staff"]
    officer.save()
    assert report_build(report_id=report.pk) == "failed"
