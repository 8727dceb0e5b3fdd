"""Demo: a finished network portfolio report of Innovationsupphandling Syd's year and the
project's finished close-out report, built synchronously so the report list shows done
reports right after `seed_demo` (which seeds reports last: they read every other app's
demo data, the arena's events included)."""

from core.demo_clock import YEAR_START, demo_date
from organizations.models import Network, User

from .enums import ReportState
from .models import Report
from .reports import NETWORK_PORTFOLIO
from .services import report_build


def seed(stdout=None) -> list[str]:
    _network_portfolio(stdout)
    _close_out(stdout)
    return []


def _network_portfolio(stdout) -> None:
    network = Network.objects.filter(slug="innovationsupphandling-syd").first()
    coordinator = User.objects.filter(email="coordinator@ystad.example").first()
    if network is None or coordinator is None:
        return
    if Report.objects.filter(
        kind=NETWORK_PORTFOLIO.key, network=network, state=ReportState.DONE
    ).exists():
        return
    report = Report.objects.create(
        kind=NETWORK_PORTFOLIO.key,
        title=f"Nätverksrapport – {network.name}",
        params={
            "network": network.pk,
            "period_start": demo_date(YEAR_START).isoformat(),
            "period_end": None,
        },
        requested_by=coordinator,
        organization_id=coordinator.organization_id,
        network=network,
        language="sv",
    )
    result = report_build(report_id=report.pk)
    if stdout is not None:
        stdout.write(f"  network portfolio report: {result}")


def _close_out(stdout) -> None:
    """The close-out report of the demo project (projects' report kind)."""
    from django.apps import apps

    if not apps.is_installed("projects"):
        return
    from projects.demo import PROJECT_TITLE
    from projects.models import Project

    project = Project.objects.filter(title=PROJECT_TITLE).select_related("network").first()
    coordinator = User.objects.filter(email="coordinator@ystad.example").first()
    if project is None or coordinator is None:
        return
    if Report.objects.filter(kind="projects.close_out", state=ReportState.DONE).exists():
        return
    report = Report.objects.create(
        kind="projects.close_out",
        title=f"Slutrapport – {project.title}",
        params={"project": project.pk, "network": project.network_id},
        requested_by=coordinator,
        organization_id=coordinator.organization_id,
        network=project.network,
        language="sv",
    )
    result = report_build(report_id=report.pk)
    if stdout is not None:
        stdout.write(f"  close-out report: {result}")
