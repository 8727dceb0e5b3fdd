from datetime import date

import pytest
import time_machine
from django.urls import reverse

from core.pdf import pdf_text, render_pdf
from core.registry import report_kinds
from procurements import services
from procurements.reports import case_report_context, individual_report_context
from tests.factories.procurements import award, publish, supplier_with_user, to_award


def _render(key, case, user):
    kind = report_kinds()[key]
    form = kind.form_class({"case": case.pk}, user=user)
    assert form.is_valid()
    context = kind.build_context(form.to_params(), user, lambda *a: None)
    return pdf_text(render_pdf(kind.template, context, pdf_variant=kind.pdf_variant))


def test_report_kinds_registered():
    kinds = report_kinds()
    assert kinds["procurement_individual"].pdf_variant == "pdf/a-3b"
    assert "procurement_case" in kinds


def test_reports_of_sealed_case_contain_nothing_of_the_bids(case, officer):
    tender = publish(case, officer)
    _org, user = supplier_with_user("Hemligbolaget AB")
    services.bid_submit(tender=tender, by=user, text="Hemligt innehåll", price_sek=77)
    for key in ("procurement_case", "procurement_individual"):
        text = _render(key, case, officer)
        assert case.title in text
        assert "Hemligbolaget" not in text and "Hemligt" not in text
        assert "har inte öppnats" in text


def test_individual_report_names_tenderers_winner_and_reasons(case, officer, witness, evaluator):
    bids = to_award(case, officer, witness, evaluator)
    with time_machine.travel(date(2026, 3, 2)):  # decided and sent that day
        award(
            case,
            officer,
            winning_bids=[bids[0]],
            reasons="Högst poäng",
            sent_on=date(2026, 3, 2),
        )
    text = _render("procurement_individual", case, officer)
    for expected in (
        "Ystad",
        case.reference,
        "Anbudsgivare 0 AB",
        "Anbudsgivare 1 AB",
        "Högst poäng",
        "2026-03-12",
    ):
        assert expected in text


def test_report_form_refuses_foreign_case(case, outsider):
    form = report_kinds()["procurement_case"].form_class({"case": case.pk}, user=outsider)
    assert not form.is_valid()


def test_case_report_for_cancelled_case_has_lessons(case, officer):
    from procurements.enums import Stage

    services.procurement_transition(
        case=case,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Inga anbud",
        lessons_learned="Mer dialog",
    )
    context = case_report_context({"case": case.pk}, officer)
    text = pdf_text(render_pdf("procurements/pdf/case_report.html", context))
    assert "Inga anbud" in text and "Mer dialog" in text
    assert individual_report_context(case, officer)["cancelled"] is True


def test_individual_report_get_changes_nothing(client, case, officer):
    """Issue #19, finding 11: a GET (a link, a prefetch) must not mark the duty done."""
    client.force_login(officer)
    response = client.get(reverse("procurements:case-individual-report", args=[case.pk]))
    assert response.status_code == 405
    case.refresh_from_db()
    assert case.individual_report_at is None


def test_individual_report_post_needs_csrf(case, officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(reverse("procurements:case-individual-report", args=[case.pk]))
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.individual_report_at is None


def test_direct_download_marks_documentation_duty(client, case, officer):
    client.force_login(officer)
    response = client.post(reverse("procurements:case-individual-report", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Individuell rapport" in pdf_text(response.content)
    case.refresh_from_db()
    assert case.individual_report_at is not None


@pytest.mark.parametrize("user_fixture", ["staff", "neighbour"])
def test_direct_download_needs_manage(client, case, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.post(
        reverse("procurements:case-individual-report", args=[case.pk])
    ).status_code in (403, 404)


def test_case_report_with_results_downloads_only_for_those_who_see_bids(
    client, case, officer, witness, evaluator, ystad, django_capture_on_commit_callbacks
):
    """Issue #19, finding 5: a report built by a team member who sees the evaluation is not
    for every officer and coordinator of the organisation; the stored scope is checked."""
    from reports.models import Report
    from reports.services import report_request
    from tests.factories.organizations import UserFactory

    to_award(case, officer, witness, evaluator)
    colleague = UserFactory(organization=ystad, roles=["coordinator"], email="k@ystad.test")
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            user=officer, kind_key="procurement_case", params={"case": case.pk}, language="sv"
        )
    report.refresh_from_db()
    assert report.state == "done", report.error_message
    assert report.requires == [
        ["procurements.view_case", "procurements.procurementcase", case.pk],
        ["procurements.view_bids", "procurements.procurementcase", case.pk],
    ]
    download = reverse("reports:report-download", args=[report.pk])
    client.force_login(officer)
    assert client.get(download).status_code == 200
    client.force_login(colleague)  # lists the organisation's reports, sees no bids
    assert client.get(download).status_code == 404
    page = client.get(reverse("reports:report-detail", args=[report.pk])).content.decode()
    assert download not in page
    assert Report.objects.filter(pk=report.pk).exists()
