"""The dashboard card "Your procurement cases" and the case page's folded lists."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procurements import services
from procurements.enums import Stage
from procurements.models import ProcurementCase
from procurements.selectors import cases_waiting_for_user
from tests.factories.organizations import UserFactory
from tests.factories.procurements import make_case, publish, supplier_with_user


def _waiting(user) -> dict[str, list[str]]:
    return {
        case.reference: [str(w) for w in waiting] for case, waiting in cases_waiting_for_user(user)
    }


def test_cases_waiting_for_user_markers_in_one_query(officer, evaluator, settings):
    settings.LANGUAGE_CODE = "en"
    quiet = make_case(officer, title="Lugnt")
    asked = make_case(officer, title="Frågor")
    tender = publish(asked, officer)
    _org, supplier = supplier_with_user()
    services.question_ask(tender=tender, by=supplier, question="Hur många?")
    services.evaluator_assign(case=quiet, user=evaluator, by=officer)
    overdue = make_case(officer, title="Avbrutet")
    services.procurement_transition(
        case=overdue,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Ingen budget",
        lessons_learned="Förankra tidigt",
    )
    ProcurementCase.objects.filter(pk=overdue.pk).update(
        ended_at=timezone.now() - timedelta(days=40)
    )

    with CaptureQueriesContext(connection) as queries:
        for_officer = _waiting(officer)
    assert len(queries) == 1
    assert for_officer == {
        quiet.reference: [],
        asked.reference: ["Questions to answer"],
        overdue.reference: ["The individual report is overdue"],
    }
    assert _waiting(evaluator)[quiet.reference] == ["Declare your conflict of interest"]
    services.evaluator_declare(case=quiet, user=evaluator)
    assert _waiting(evaluator)[quiet.reference] == []


def test_cases_waiting_for_user_report_due_from_first_contract(officer):
    case = make_case(officer)
    case.refresh_from_db()
    assert case.individual_report_due_on is None  # no contract: nothing due yet
    (row,) = cases_waiting_for_user(officer)
    assert row[0].individual_report_due_on is None


def test_case_page_team_member_manages_and_sees_the_lists(client, officer, trelleborg, ystad):
    member = UserFactory(organization=ystad, roles=["staff"], email="team@ystad.test")
    case = make_case(officer, participating=[trelleborg], title="Trygghetslarm")
    case.team.add(member)
    publish(case, officer)
    client.force_login(member)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("procurements:case-edit", args=[case.pk]) in body  # team: manages
    assert trelleborg.name in body
    assert str(member) in body
    assert "F-skatt" in body  # the requirement, folded into the case's row
    # Before the award there are no contracts, reviews or meetings: no query for them.
    case_from_page = response.context["case"]
    assert list(case_from_page.contracts.all()) == []
    assert list(case_from_page.reviews.all()) == []


def test_cached_cases_card_follows_every_change(
    client, officer, evaluator, trelleborg, django_capture_on_commit_callbacks
):
    """The card is cached per municipality, yet a new participant, a renamed case, a
    supplier's question and an evaluator's declaration show at once."""
    neighbour = UserFactory(organization=trelleborg, roles=["officer"], email="o@trelleborg.test")

    def card(user) -> str:
        client.force_login(user)
        client.cookies["django_language"] = "en"
        sections = client.get(reverse("core:dashboard")).context["sections"]
        return next(s.html for s in sections if s.template == "procurements/dashboard/cases.html")

    case = make_case(officer, title="Trygghetslarm")
    assert case.title in card(officer) and case.title not in card(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        case.participating_organizations.add(trelleborg)
    assert case.title in card(neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        services.procurement_update(case=case, by=officer, title="Digitala trygghetslarm")
    assert "Digitala trygghetslarm" in card(officer) and "Digitala" in card(neighbour)
    assert "Questions to answer" not in card(officer)
    _org, supplier = supplier_with_user()
    with django_capture_on_commit_callbacks(execute=True):
        tender = publish(case, officer)
        services.question_ask(tender=tender, by=supplier, question="Hur många larm?")
    assert "Questions to answer" in card(officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluator_assign(case=case, user=evaluator, by=officer)
    assert "Declare your conflict of interest" in card(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluator_declare(case=case, user=evaluator)
    assert "Declare your conflict of interest" not in card(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        trelleborg.participating_procurements.remove(case)
    assert "Digitala" not in card(neighbour)
