"""Journey 6: a coordinator builds the network portfolio report, watches its progress (htmx
polling) and downloads the PDF.

Tests run Celery eagerly, which would build the report inside the POST. To let the page
show a queued report and poll it, this test stands in for the worker: publishing
`reports.build_report` only records the id, and the first progress poll the browser makes
runs the task in-process (as a worker would pick it up)."""

from pathlib import Path

import pytest

from tests.e2e.conftest import (
    act_as,
    check_everywhere,
    field,
    here,
    kb_click,
    kb_download,
    kb_menu,
    kb_select,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator(make_user):
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory
    from tests.factories.reports import CaseFactory

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    trelleborg = MunicipalityFactory(name="Trelleborg", municipality_code="1287")
    NetworkFactory(name="Innovationsupphandling Syd", members=[ystad, trelleborg])
    CaseFactory(title="Rena och torra golv", lead_organization=ystad, participants=[trelleborg])
    CaseFactory(title="Digital skolskjuts", lead_organization=trelleborg, procedure="open")
    return make_user(organization=ystad, roles=["coordinator"], email="samordnare@ystad-e2e.test")


@pytest.fixture
def worker(monkeypatch):
    """A stand-in Celery worker: holds the report builds until `run()`."""
    import core.tasks
    from reports.tasks import build_report

    queued = []
    original = core.tasks.send_now

    def send_now(task, *args, **kwargs):
        if task.name == build_report.name:
            queued.append(args)
            return True
        return original(task, *args, **kwargs)

    monkeypatch.setattr(core.tasks, "send_now", send_now)

    class Worker:
        def run(self):
            while queued:
                build_report(*queued.pop(0))

    return Worker()


def test_coordinator_builds_watches_and_downloads_the_portfolio_report(page, coordinator, worker):
    from core.pdf import pdf_text

    act_as(page, coordinator.email)
    check_everywhere(page, "/reports/", label="reports")
    check_everywhere(page, "/reports/new/", label="choose a report")
    page.goto(page.base + "/")
    kb_menu(page, "Reports")
    kb_click(page, page.get_by_role("link", name="Ask for a report"))
    kb_click(page, page.get_by_role("link", name="Choose: Network portfolio report"))
    form_url = here(page)
    check_everywhere(page, form_url, label="portfolio report form")
    page.goto(page.base + form_url)
    # The network is preselected; the language is chosen.
    kb_select(page, field(page, "Language of the report"), value="en")
    kb_click(page, page.get_by_role("button", name="Build the report"))

    # The report waits for the worker; the page says so and polls.
    status = page.locator("#report-status")
    status.get_by_text("Waiting for its turn. This page updates by itself.").wait_for()
    assert status.get_attribute("role") == "status"
    report_url = here(page)
    check_everywhere(page, report_url, label="report (queued)")
    page.goto(page.base + report_url)

    def progress(route):
        worker.run()  # the worker picks the build up while the page polls
        route.continue_()

    page.route("**/progress/", progress)
    download_link = page.get_by_role("link", name="Download PDF")
    download_link.wait_for(timeout=20_000)  # swapped in by htmx polling, no reload
    assert here(page) == report_url
    check_everywhere(page, report_url, label="report (done)")
    page.goto(page.base + report_url)
    download = kb_download(page, page.get_by_role("link", name="Download PDF"))
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Innovationsupphandling Syd" in text
    assert "Rena och torra golv" in text or "Ystad" in text
