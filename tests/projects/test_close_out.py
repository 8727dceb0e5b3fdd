"""The close-out report's numbers against the data, and the PDF built through reports/."""

import datetime
from decimal import Decimal

import pytest

from arena.enums import RegistrationStatus
from arena.models import Registration
from procurements.models import Contract
from projects import services
from projects.enums import SubprojectState
from projects.models import Goal
from projects.reports import close_out_figures
from sharing.models import Booking, Reuse
from tests.factories.arena import EventFactory
from tests.factories.procurements import make_case
from tests.factories.projects import (
    BudgetPeriodFactory,
    CoFinancingFactory,
    GrantFactory,
    SubprojectFactory,
)
from tests.factories.sharing import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_project(world):
    project, coordinator = world["project"], world["coordinator"]
    Goal.objects.create(project=project, text="A", achievement="met")
    Goal.objects.create(project=project, text="B", achievement="met")
    Goal.objects.create(project=project, text="C", achievement="partly")
    # subproject 1: a procurement case with a signed contract
    case = make_case(world["officer"])
    Contract.objects.create(case=case, title="Avtal", value_sek=Decimal("900000"))
    done = SubprojectFactory(project=project, title="Metodutveckling")
    done.cases.set([case])
    services.subproject_transition(
        user=coordinator, subproject=done, to=SubprojectState.COMPLETED, outcome="Ett arbetssätt"
    )
    # subproject 2: cancelled with lessons
    cancelled = SubprojectFactory(project=project, title="Rena och torra golv")
    services.subproject_transition(
        user=coordinator,
        subproject=cancelled,
        to=SubprojectState.CANCELLED,
        reason="Inga anbud",
        lessons="Ett misslyckande är också ett resultat",
    )
    # subproject 3: a sharing pilot with two reuses
    listing = ListingFactory(organization=world["ystad"])
    pilot = SubprojectFactory(project=project, title="Delning")
    pilot.listings.set([listing])
    for quantity, sek, co2e in ((2, "1500", "40"), (1, "500", "12.5")):
        booking = Booking.objects.create(
            listing=listing,
            requester=world["officer"],
            requester_organization=world["skurup"],
            quantity=quantity,
            start_date=datetime.date(2026, 3, 1),
            state="completed",
        )
        Reuse.objects.create(
            booking=booking,
            listing=listing,
            category=listing.category,
            giver=world["ystad"],
            receiver=world["skurup"],
            quantity=quantity,
            completed_on=datetime.date(2026, 3, 1),
            new_price_sek=Decimal("1000"),
            paid_sek=0,
            sek_saved=Decimal(sek),
            kg_co2e_per_unit=0,
            co2e_kg=Decimal(co2e),
            factor_version=1,
        )
    services.subproject_transition(user=coordinator, subproject=pilot, to=SubprojectState.COMPLETED)
    # funding: the world's grant plus a second
    grant = world["grant"]  # 380 000 granted
    GrantFactory(project=project, amount_granted_sek=Decimal("120000"))
    CoFinancingFactory(grant=grant, organization=world["ystad"], amount_sek=Decimal("60000"))
    CoFinancingFactory(grant=grant, organization=world["skurup"], amount_sek=Decimal("40000"))
    BudgetPeriodFactory(grant=grant, budget_sek=Decimal("250000"), cost_sek=Decimal("240000"))
    # an event with three registered, two of whom took part; one on the waiting list
    event = EventFactory(project=project, organization=world["ystad"], capacity=3)
    for n, attended in enumerate((True, True, None, None)):
        Registration.objects.create(
            event=event,
            name=f"P{n}",
            email=f"p{n}@x.test",
            status=RegistrationStatus.CONFIRMED if n < 3 else RegistrationStatus.WAITLISTED,
            attended=attended,
        )
    services.project_transition(
        user=coordinator, project=project, to="closed", handed_on="Modellen"
    )
    return project


def test_close_out_figures_match_the_data(world, closed_project):
    totals = close_out_figures(closed_project, world["coordinator"])["totals"]
    assert totals == {
        "goals": 3,
        "goals_met": 2,
        "goals_partly": 1,
        "subprojects": 3,
        "completed": 2,
        "cancelled": 1,
        "contracts": 1,
        "prototypes_in_use": 0,
        "reuse_items": 3,
        "sek_saved": Decimal("2000"),
        "co2e_kg": Decimal("52.5"),
        "granted": Decimal("500000"),
        "co_financing": Decimal("100000"),
        "used": Decimal("240000"),
        "events": 1,
        "participants": 2,
    }
    events = close_out_figures(closed_project, world["coordinator"])["events"]
    assert (events[0].registered_count, events[0].attended_count) == (3, 2)


def test_close_out_report_builds_pdf_with_its_figures(
    world, closed_project, django_capture_on_commit_callbacks
):
    from core.pdf import pdf_text
    from reports.models import Report
    from reports.services import report_request

    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            user=world["coordinator"],
            kind_key="projects.close_out",
            params={"project": closed_project.pk, "network": world["network"].pk},
            language="sv",
        )
    report.refresh_from_db()
    assert report.state == "done", report.error_message
    text = pdf_text(report.file.read())
    assert "Slutrapport" in text or "Close-out report" in text
    assert "Rena och torra golv" in text
    assert "Ett misslyckande är också ett resultat" in text
    assert "500 000" in text.replace("\xa0", " ")
    assert Report.objects.filter(kind="projects.close_out").count() == 1
