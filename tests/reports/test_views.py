import pytest
from django.urls import reverse

from reports.models import Report
from reports.reports import NETWORK_PORTFOLIO
from tests.factories.reports import ReportFactory


def _done(report):
    from django.core.files.base import ContentFile

    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    report.state = "done"
    report.progress = 100
    report.save()
    return report


def test_list_forbidden_for_staff_and_suppliers(client, staff, supplier_user):
    for user in (staff, supplier_user):
        client.force_login(user)
        assert client.get(reverse("reports:report-list")).status_code == 403


def test_request_portfolio_through_the_pages(
    client, coordinator, network, portfolio_cases, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    choose = client.get(reverse("reports:report-choose")).content.decode()
    assert "Nätverkets portföljrapport" in choose
    url = reverse("reports:report-create", args=[NETWORK_PORTFOLIO.key])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"network": network.pk, "period_start": "", "period_end": "", "report-language": "en"},
        )
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    report.refresh_from_db()
    assert (report.state, report.network, report.language) == ("done", network, "en")
    download = client.get(reverse("reports:report-download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_request_with_forged_network_changes_nothing(client, coordinator, other_network):
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:report-create", args=[NETWORK_PORTFOLIO.key]),
        {"network": other_network.pk, "report-language": "sv"},
    )
    assert response.status_code == 200
    assert "network" in response.context["form"].errors
    assert not Report.objects.exists()


def test_bad_period_gets_a_clear_message(client, coordinator, network):
    client.force_login(coordinator)
    response = client.post(
        reverse("reports:report-create", args=[NETWORK_PORTFOLIO.key]),
        {"network": network.pk, "period_start": "2025-05-01", "period_end": "2025-01-01"},
    )
    assert "period_end" in response.context["form"].errors
    assert not Report.objects.exists()


def test_officer_may_not_request_portfolio(client, officer):
    client.force_login(officer)
    url = reverse("reports:report-create", args=[NETWORK_PORTFOLIO.key])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["report-detail", "report-progress", "report-download"])
def test_other_network_coordinator_gets_404(client, coordinator, other_coordinator, network, name):
    report = _done(ReportFactory(requested_by=coordinator, network=network))
    client.force_login(other_coordinator)
    assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    assert client.post(reverse("reports:report-rebuild", args=[report.pk])).status_code == 404
    assert Report.objects.count() == 1


def test_network_report_visible_to_coordinator_of_member_municipality(
    client, coordinator, neighbour_coordinator, network
):
    report = _done(ReportFactory(requested_by=coordinator, network=network))
    client.force_login(neighbour_coordinator)
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 200
    listed = client.get(reverse("reports:report-list")).context["page_obj"]
    assert list(listed) == [report]


def test_outsider_officer_sees_no_foreign_reports(client, officer, outsider):
    report = _done(ReportFactory(requested_by=officer))
    client.force_login(outsider)
    assert client.get(reverse("reports:report-detail", args=[report.pk])).status_code == 404
    assert list(client.get(reverse("reports:report-list")).context["page_obj"]) == []


def test_progress_fragment_polls_while_running_and_stops_when_done(client, officer):
    report = ReportFactory(
        requested_by=officer, state="running", progress=40, progress_message="Räknar"
    )
    client.force_login(officer)
    url = reverse("reports:report-progress", args=[report.pk])
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in running
    assert 'value="40"' in running and "Räknar" in running
    _done(report)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert reverse("reports:report-download", args=[report.pk]) in done


def test_failed_report_shows_message_without_polling(client, officer):
    report = ReportFactory(requested_by=officer, state="failed", error_message="Det gick fel")
    client.force_login(officer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Det gick fel" in page
    assert "hx-trigger" not in page
    assert client.get(reverse("reports:report-download", args=[report.pk])).status_code == 404


def test_rebuild_view_queues_a_new_report(
    client, officer, test_kinds, django_capture_on_commit_callbacks
):
    report = _done(ReportFactory(requested_by=officer, kind="test.ok"))
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-rebuild", args=[report.pk]))
    new = Report.objects.exclude(pk=report.pk).get()
    assert response.url == new.get_absolute_url()
    new.refresh_from_db()
    assert new.state == "done" and new.rebuilt_from == report


def test_list_filters_by_state_and_mine(client, officer, coordinator):
    mine = ReportFactory(requested_by=officer, state="failed", error_message="x")
    ReportFactory(requested_by=coordinator)
    client.force_login(officer)
    page = client.get(reverse("reports:report-list"), {"state": "failed"}).context["page_obj"]
    assert list(page) == [mine]
    page = client.get(reverse("reports:report-list"), {"mine": "on"}).context["page_obj"]
    assert list(page) == [mine]


@pytest.mark.parametrize("count", [1, 12])
def test_list_query_count_is_fixed(client, officer, count, django_assert_max_num_queries):
    for _ in range(count):
        ReportFactory(requested_by=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("reports:report-list"))
    assert len(response.context["page_obj"]) == count


def test_navigation_and_dashboard(client, coordinator, staff):
    report = ReportFactory(requested_by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("reports:report-list") in page and report.title in page
    client.force_login(staff)
    assert (
        reverse("reports:report-list") not in client.get(reverse("core:dashboard")).content.decode()
    )
