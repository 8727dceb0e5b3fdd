"""The key pages the benchmark measures, each with the Django admin where one compares.

A path may be a callable (run after django.setup()) that finds the object to show in the
data at hand (scale data or demo data), e.g. a case the signed-in officer may see.
"""

WORD = "skrivbord"  # the free-text search word (Swedish), the same for page and admin
CASE_WORD = "trygghetslarm"
NEED_WORD = "fallolyckor"


def _furniture() -> int:
    from sharing.models import Category

    return Category.objects.get(path="furniture").pk


def marketplace(page: int | None = None):
    def path() -> str:
        url = f"/sharing/?q={WORD}&category={_furniture()}&mode=lend&condition=good"
        return url + (f"&page={page}" if page else "")

    return path


def _case_path() -> str:
    from organizations.models import User
    from procurements.selectors import procurements_for_user

    officer = User.objects.get(email="officer@ystad.example")
    case = (
        procurements_for_user(officer)
        .filter(stage="evaluation", lead_organization=officer.organization_id)
        .order_by("pk")
        .first()
        or procurements_for_user(officer).order_by("pk").first()
    )
    return f"/procurements/{case.pk}/"


def _ystad() -> int:
    from organizations.models import Organization

    return Organization.objects.get(slug="ystad").pk


PAGES = [
    {
        "name": "marketplace search, text + 3 facets, page 1",
        "user": "staff@ystad.example",
        "path": marketplace(),
        "admin": f"/admin/sharing/listing/?q={WORD}",
    },
    {
        "name": "marketplace search, text + 3 facets, deep page",
        "user": "staff@ystad.example",
        "path": marketplace(page=8),
        "admin": f"/admin/sharing/listing/?q={WORD}&p=7",
    },
    {
        "name": "marketplace, newest first, no filter",
        "user": "staff@ystad.example",
        "path": "/sharing/",
        "admin": "/admin/sharing/listing/",
    },
    {
        "name": "procurement cases, text + stage + municipality",
        "user": "officer@ystad.example",
        "path": lambda: f"/procurements/?q={CASE_WORD}&stage=evaluation&municipality={_ystad()}",
        "admin": f"/admin/procurements/procurementcase/?q={CASE_WORD}",
    },
    {
        "name": "procurement cases, stage filter",
        "user": "officer@ystad.example",
        "path": "/procurements/?stage=tender",
        "admin": "/admin/procurements/procurementcase/?stage__exact=tender",
    },
    {
        "name": "procurement case page",
        "user": "officer@ystad.example",
        "path": _case_path,
    },
    {
        "name": "needs list, text search",
        "user": "staff@ystad.example",
        "path": f"/needs/?q={NEED_WORD}",
        "admin": f"/admin/needs/need/?q={NEED_WORD}",
    },
    {"name": "needs list", "user": "staff@ystad.example", "path": "/needs/"},
    {"name": "dashboard (staff)", "user": "staff@ystad.example", "path": "/"},
    {"name": "dashboard (officer)", "user": "officer@ystad.example", "path": "/"},
    {"name": "dashboard (coordinator)", "user": "coordinator@ystad.example", "path": "/"},
    {"name": "dashboard (logistics)", "user": "logistics@ystad.example", "path": "/"},
    {"name": "supplier portal home", "user": "supplier@myloc.example", "path": "/"},
    {"name": "reports list", "user": "coordinator@ystad.example", "path": "/reports/"},
    {"name": "notifications", "user": "staff@ystad.example", "path": "/notifications/"},
]
THROUGHPUT = {
    "name": "marketplace search, text + 3 facets",
    "user": "staff@ystad.example",
    "path": marketplace(),
}


def _case_params() -> dict:
    return {"case": int(_case_path().split("/")[2])}


def _portfolio_params() -> dict:
    from organizations.models import Network

    network = Network.objects.get(slug="innovationsupphandling-syd")
    return {"network": network.pk, "period_start": None, "period_end": None}


REPORTS = [
    {
        "name": "procurement case report (PDF)",
        "kind": "procurement_case",
        "user": "officer@ystad.example",
        "params": _case_params,
        "target_s": 2,
    },
    {
        "name": "network portfolio report (PDF)",
        "kind": "reports.network_portfolio",
        "user": "coordinator@ystad.example",
        "params": _portfolio_params,
        "target_s": 5,
    },
]


def resolve(path) -> str:
    return path() if callable(path) else path
