from celery import shared_task

from . import services


@shared_task(name="projects.remind_funder_reports")
def remind_funder_reports() -> int:
    """Daily: remind project managers of reports to funders due within 14 days (once)."""
    return services.funder_reports_remind()
