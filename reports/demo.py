"""Demo: one finished network portfolio report for Innovationsupphandling Syd, built
synchronously so the report list shows a done report right after `seed_demo`."""

from django.utils import timezone

from organizations.models import Network, User

from .enums import ReportState
from .models import Report
from .reports import NETWORK_PORTFOLIO
from .services import report_build


def seed(stdout=None) -> list[str]:
    network = Network.objects.filter(slug="innovationsupphandling-syd").first()
    coordinator = User.objects.filter(email="coordinator@ystad.example").first()
    if network is None or coordinator is None:
        return []
    if Report.objects.filter(
        kind=NETWORK_PORTFOLIO.key, network=network, state=ReportState.DONE
    ).exists():
        return []
    year = timezone.localdate().year
    report = Report.objects.create(
        kind=NETWORK_PORTFOLIO.key,
        title=f"Nätverksrapport – {network.name}",
        params={"network": network.pk, "period_start": f"{year - 2}-01-01", "period_end": None},
        requested_by=coordinator,
        organization_id=coordinator.organization_id,
        network=network,
        language="sv",
    )
    result = report_build(report_id=report.pk)
    if stdout is not None:
        stdout.write(f"  network portfolio report: {result}")
    return []
