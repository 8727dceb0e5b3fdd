"""The network portfolio report: its figures, from SQL, and its speed."""

import io
import time
from datetime import timedelta

from django.utils import timezone, translation

from core.pdf import pdf_text, render_pdf
from procurements.models import ProcurementCase
from reports.models import Report
from reports.reports import NETWORK_PORTFOLIO, build_portfolio_context, stage_durations
from reports.services import report_build, report_request
from tests.factories.organizations import MunicipalityFactory, UserFactory


def _context(user, network, language="en", **params):
    with translation.override(language):
        return build_portfolio_context({"network": network.pk, **params}, user, lambda *a: None)


def test_portfolio_counts_per_municipality_stage_and_innovation_share(
    coordinator, network, portfolio_cases
):
    ctx = _context(coordinator, network)
    assert ctx["totals"] == {"total": 4, "with_procedure": 3, "innovation": 2, "cancelled": 1}
    assert ctx["innovation_share"] == 50.0
    assert ctx["innovation_share_of_chosen"] == 66.7
    rows = {row["name"]: row for row in ctx["municipality_rows"]}
    assert (rows["Ystad"]["total"], rows["Ystad"]["led"], rows["Ystad"]["innovation"]) == (2, 2, 1)
    assert (rows["Trelleborg"]["total"], rows["Trelleborg"]["led"]) == (3, 2)
    assert [c["title"] for c in ctx["cancelled"]] == ["Skolmöbler"]


def test_stage_durations_from_history(portfolio_cases):
    ids = [c.pk for c in portfolio_cases.values()]
    durations = stage_durations(ids)
    assert durations["need"]["finished"] == 3
    assert durations["need"]["avg_days"] == 13.3
    assert durations["need"]["median_days"] == 10.0
    assert durations["dialogue"]["avg_days"] == 26.7
    assert durations["dialogue"]["median_days"] == 30.0
    assert durations["tender"]["finished"] == 1
    assert durations["tender"]["ongoing"] == 1


def test_portfolio_period_filter(coordinator, network, portfolio_cases):
    today = timezone.localdate()
    ctx = _context(coordinator, network, period_start=today.isoformat())
    assert ctx["totals"]["total"] == 1  # only the case that was not back-dated


def test_portfolio_pdf_text_shows_the_figures(coordinator, network, portfolio_cases, monkeypatch):
    monkeypatch.setattr(
        "reports.reports.activity_counts_by_case",
        lambda ids: {portfolio_cases["a"].pk: {"RFI": 2, "Supplier meeting": 3}},
    )
    ctx = _context(coordinator, network)
    text = pdf_text(render_pdf(NETWORK_PORTFOLIO.template, ctx, language="en"))
    assert "Network portfolio report" in text
    assert "Share of innovation procurements 50.0 %" in text
    assert "2 of 4 cases are innovation procurements." in text
    assert "Ystad 2 2 1 0 0 2 2" not in text  # columns are per used stage, checked below
    assert "Trelleborg" in text and "Skolmöbler" in text
    assert "Supplier meeting" in text and "5 dialogue activities in all." in text
    assert "13.3" in text and "26.7" in text  # average days in need and dialogue
    assert "Växjös egen" not in text
    assert "Contents" in text and "1 / " not in text.split("Contents")[0]


def test_portfolio_lists_only_the_most_active_cases_with_totals_over_all(
    coordinator, network, portfolio_cases, monkeypatch
):
    a, b = portfolio_cases["a"], portfolio_cases["b"]
    monkeypatch.setattr(
        "reports.reports.activity_counts_by_case",
        lambda ids: {a.pk: {"Workshop": 1}, b.pk: {"Workshop": 4}},
    )
    monkeypatch.setattr("reports.reports.MAX_DIALOGUE_ROWS", 1)
    dialogue = _context(coordinator, network)["dialogue"]
    assert [row["case"]["id"] for row in dialogue["rows"]] == [b.pk]
    assert (dialogue["totals"], dialogue["total"]) == ([5], 5)
    assert (dialogue["without_activity"], dialogue["truncated"]) == (2, True)


def test_portfolio_without_dialogue_activities_counts_every_case_as_without(
    coordinator, network, portfolio_cases
):
    dialogue = _context(coordinator, network)["dialogue"]
    assert (dialogue["rows"], dialogue["total"], dialogue["without_activity"]) == ([], 0, 4)


def test_portfolio_of_foreign_network_fails_the_build(outsider, network, coordinator):
    outsider.roles = ["coordinator"]
    outsider.save()
    report = Report.objects.create(
        kind=NETWORK_PORTFOLIO.key,
        title="x",
        params={"network": network.pk},
        requested_by=outsider,
        organization=outsider.organization,
    )
    assert report_build(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert "Nätverket är inte ett av dina." in report.error_message


def test_portfolio_builds_from_a_large_portfolio_in_under_15_seconds(
    coordinator, network, ystad, trelleborg, django_capture_on_commit_callbacks
):
    """600 cases in the network, each moved through four stages (2 400+ history rows)."""
    others = [MunicipalityFactory(name=f"Kommun {i}") for i in range(4)]
    network.members.add(*others)
    members = [ystad, trelleborg, *others]
    procedures = ["innovation_partnership", "open", "competitive_dialogue", "", "negotiated"]
    cases = ProcurementCase.objects.bulk_create(
        ProcurementCase(
            title=f"Ärende {i}",
            reference=f"P-{i:04d}",
            lead_organization=members[i % len(members)],
            procedure=procedures[i % len(procedures)],
        )
        for i in range(600)
    )
    through = ProcurementCase.participating_organizations.through
    through.objects.bulk_create(
        through(procurementcase_id=c.pk, organization_id=c.lead_organization_id) for c in cases
    )
    for stage in ("dialogue", "tender", "evaluation"):
        ProcurementCase.objects.filter(pk__in=[c.pk for c in cases]).update(stage=stage)
    ProcurementCase.objects.filter(pk__in=[c.pk for c in cases[::10]]).update(
        stage="cancelled", cancellation_reason="Avbrutet", lessons_learned="Lärdom"
    )
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            user=coordinator,
            kind_key=NETWORK_PORTFOLIO.key,
            params={"network": network.pk, "period_start": None, "period_end": None},
            language="sv",
        )
    elapsed = time.monotonic() - started
    report.refresh_from_db()
    print(f"\nnetwork portfolio report, 600 cases: built in {elapsed:.2f} s")
    assert report.state == "done", report.error_message
    assert elapsed < 15
    text = pdf_text(report.file.read())
    assert "600" in text
    assert "Ärende 590" in text  # cancelled, listed with its lessons


def test_demo_data_portfolio_builds(db, django_capture_on_commit_callbacks):
    """seed_demo (every app's demo data present in this tree) ends with a finished report."""
    from django.core.management import call_command

    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    report = Report.objects.get(kind=NETWORK_PORTFOLIO.key)
    assert report.state == "done"
    assert report.finished_at - report.started_at < timedelta(seconds=15)
    print(
        f"\nnetwork portfolio report from the demo data: "
        f"{(report.finished_at - report.started_at).total_seconds():.2f} s "
        f"(seed_demo {time.monotonic() - started:.1f} s)"
    )
    text = pdf_text(report.file.read())
    assert "Innovationsupphandling Syd" in text
    for name in ("Ystad", "Trelleborg", "Skurup", "Tomelilla"):
        assert name in text
    cases = ProcurementCase.objects.filter(lead_organization__networks=report.network)
    if report.params.get("period_start"):  # the demo report covers the last two years
        cases = cases.filter(created_at__date__gte=report.params["period_start"])
    assert str(cases.count()) in text
    assert UserFactory  # factories importable alongside the demo
