"""Journey: the procurement pages added for issues #21 and #22, by keyboard. The officer
removes a requirement from a tender before publication, edits a signed innovation
partnership, extends it by an option of the notice and adds a contract document; the
head of procurement (the holder of the delegation the case names) finds the phase
waiting for her on the dashboard and takes the go/no-go, which the officer could not.
Every page is checked with axe-core in Swedish and English at the end."""

from datetime import date

import pytest

from tests.e2e.conftest import (
    act_as,
    check_everywhere,
    field,
    here,
    kb_click,
    kb_fill,
    kb_select,
    kb_upload,
)

pytestmark = pytest.mark.django_db(transaction=True)

OFFICER = "upphandlare@ystad-e2e.test"
CHEF = "chef@ystad-e2e.test"


@pytest.fixture
def cases(make_user):
    from procurements import services
    from procurements.enums import Procedure
    from tests.factories.organizations import MunicipalityFactory, NetworkFactory, SupplierFactory
    from tests.factories.procurements import make_case, make_contract, prepare_tender

    ystad = MunicipalityFactory(name="Ystad", municipality_code="1286")
    NetworkFactory(name="Syd", members=[ystad])
    officer = make_user(organization=ystad, roles=["officer"], email=OFFICER)
    chef = make_user(
        organization=ystad, roles=["coordinator"], email=CHEF, full_name="Cecilia Chef"
    )
    delegation = services.delegation_add(
        organization=ystad, role_title="Upphandlingschef", holder=chef, by=chef
    )
    draft = make_case(officer, title="Fuktlarm i förskolan")
    tender = prepare_tender(draft, officer)
    services.requirement_add(tender=tender, by=officer, text="Svensk support dygnet runt")
    partnership = make_case(
        officer, title="Sensorstöd för fallprevention", procedure=Procedure.INNOVATION_PARTNERSHIP
    )
    services.case_delegation_set(case=partnership, delegation=delegation, by=officer)
    contract = make_contract(
        partnership,
        supplier=SupplierFactory(name="Kodkraft Syd AB"),
        title="Innovationspartnerskap sensorstöd",
        phases=["Forskning och utveckling", "Prototyp och test", "Leverans"],
        extension_options="2 + 1 år",
        extended_until=date(2028, 12, 31),
    )
    return draft, contract


def test_requirements_contract_changes_and_go_no_go(page, cases, tmp_path):
    from procurements.models import ContractPhase, Requirement

    draft, contract = cases
    contract_url = contract.get_absolute_url()

    # The officer removes a requirement before publication.
    act_as(page, OFFICER)
    page.goto(page.base + draft.get_absolute_url())
    kb_click(page, page.get_by_role("link", name="Remove requirements"))
    requirements_url = here(page)
    kb_click(page, page.get_by_role("button", name="Remove requirement 2"))
    page.get_by_text("The requirement was removed.").wait_for()
    assert list(Requirement.objects.filter(tender__case=draft).values_list("text", flat=True)) == [
        "F-skatt"
    ]

    # ... edits the contract, extends it by an option, adds a document.
    page.goto(page.base + contract_url)
    kb_click(page, page.get_by_role("link", name="Edit the contract"))
    edit_url = here(page)
    kb_fill(page, field(page, "Title"), "Innovationspartnerskap sensorstöd för fall")
    kb_fill(page, field(page, "Reason for the change"), "Titeln som i det signerade avtalet.")
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.get_by_text("The contract was saved.").wait_for()
    kb_click(page, page.get_by_role("link", name="Extend by an option"))
    extend_url = here(page)
    kb_fill(page, field(page, "New end"), date(2029, 6, 30))  # beyond the notice's options
    kb_fill(page, field(page, "Reasons"), "Prototypen behöver mer tid.")
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.get_by_text("2028-12-31").first.wait_for()
    kb_fill(page, field(page, "New end"), date(2028, 6, 30))
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.get_by_text("The contract was extended.").wait_for()
    kb_click(page, page.get_by_role("link", name="Add a contract document"))
    document_url = here(page)
    kb_fill(page, field(page, "Title"), "Signerat avtal")
    pdf = tmp_path / "avtal.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    kb_upload(page, field(page, "File"), pdf)
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.get_by_text("The document was added.").wait_for()
    page.get_by_role("link", name="Signerat avtal").wait_for()
    # The officer is not the decision-maker: no go/no-go link, and the page refuses.
    first = ContractPhase.objects.get(contract=contract, order=1)
    decide_link = page.get_by_role("link", name="Decide go/no-go for Forskning och utveckling")
    assert decide_link.count() == 0
    response = page.goto(page.base + f"/procurements/phases/{first.pk}/decide/")
    assert response.status == 403

    # The head of procurement finds the phase on her dashboard and decides.
    act_as(page, CHEF)
    page.goto(page.base + "/")
    page.get_by_text("Waiting for your decision").wait_for()
    kb_click(page, page.get_by_role("link", name="Go/no-go for Forskning och utveckling"))
    decide_url = here(page)
    kb_select(page, field(page, "Decision"), "Go")
    kb_fill(page, field(page, "Grounds"), "Prototypen når målen för fas 1.")
    kb_click(page, page.locator("main form button[type=submit]").last)
    page.get_by_text("The decision was recorded.").wait_for()
    first.refresh_from_db()
    assert (first.decision, first.decided_by.email) == ("go", CHEF)
    check_everywhere(page, "/", label="dashboard with a decision waiting")
    check_everywhere(page, contract_url, label="contract (decision-maker)")

    act_as(page, OFFICER)
    for url, label in (
        (requirements_url, "requirements"),
        (contract_url, "contract"),
        (edit_url, "edit contract"),
        (extend_url, "extend contract"),
        (document_url, "contract document"),
    ):
        check_everywhere(page, url, label=label)
    act_as(page, CHEF)
    second = ContractPhase.objects.get(contract=contract, order=2)
    assert decide_url.endswith(f"/{first.pk}/decide/")
    check_everywhere(page, f"/procurements/phases/{second.pk}/decide/", label="go/no-go")
