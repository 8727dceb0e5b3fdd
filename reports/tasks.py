"""Thin, id-based tasks: the work is in services."""

from celery import shared_task

from . import services


@shared_task(name="reports.build_report", bind=True, max_retries=services.MAX_ATTEMPTS)
def build_report(self, report_id: int) -> str:
    """Build one report. Safe to run twice: only the run that claims the row builds it; a
    run redelivered after its worker died takes the report over once the dead build's
    heartbeat is a minute old."""
    try:
        return services.report_build(report_id=report_id)
    except services.ReportBusy as exc:
        # Another worker builds it: look again once its heartbeat would be stale.
        raise self.retry(exc=exc, countdown=exc.retry_in, max_retries=20) from exc
    except services.TransientReportError as exc:
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 600)) from exc


@shared_task(name="reports.sweep")
def sweep_reports() -> int:
    return services.reports_sweep()
