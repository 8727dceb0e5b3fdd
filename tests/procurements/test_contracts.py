"""A signed contract's later life: the partnership's authorised go/no-go, editing,
extensions by option, contract documents; the requirement removed before publication."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from procurements import services
from procurements.enums import PhaseDecision, Stage
from procurements.models import CaseEvent, ContractExtension, ContractPhase, DelegationEntry
from procurements.selectors import phases_waiting_for_user
from tests.factories.procurements import (
    decider_for,
    make_contract,
    pdf_file,
    prepare_tender,
)


def url(name, *args):
    return reverse(f"procurements:{name}", args=args)


@pytest.fixture
def partnership(case, supplier_org):
    return make_contract(
        case,
        supplier=supplier_org,
        phases=["FoU", "Prototyp", "Leverans"],
        extension_options="2 + 1 + 1 år",
        extended_until=date(2029, 12, 31),
    )


# --- The go/no-go ---------------------------------------------------------------------


def test_phase_go_recorded_by_the_decision_maker(partnership, case):
    decider = decider_for(case)
    first = partnership.phases.get(order=1)
    services.contract_phase_decide(phase=first, by=decider, decision="go", note="Bra prototyp")
    first.refresh_from_db()
    assert (first.decision, first.decided_by, first.decided_on) == (
        PhaseDecision.GO,
        decider,
        timezone.localdate(),
    )
    event = CaseEvent.objects.filter(case=case).latest("created_at")
    assert (event.actor, event.detail) == (decider, "Bra prototyp")
    with translation.override("en"):
        assert event.text == "Phase FoU: Go"
    assert first.events.count() >= 2  # pghistory: created, then decided


def test_phase_officer_cannot_decide(partnership, case, officer):
    decider_for(case)
    first = partnership.phases.get(order=1)
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=first, by=officer, decision="go", note="x")
    first.refresh_from_db()
    assert first.decision == PhaseDecision.PENDING


def test_phase_refused_without_named_delegation(partnership, officer):
    first = partnership.phases.get(order=1)
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=first, by=officer, decision="go", note="x")


def test_phase_refused_above_the_delegations_limit(partnership, case):
    decider = decider_for(case)
    DelegationEntry.objects.filter(pk=case.decision_delegation_id).update(max_value_sek=Decimal(1))
    type(case).objects.filter(pk=case.pk).update(estimated_value_sek=Decimal(1000))
    first = ContractPhase.objects.get(contract=partnership, order=1)
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=first, by=decider, decision="go", note="x")


def test_phase_no_go_ends_the_later_phases(partnership, case):
    decider = decider_for(case)
    first, second, third = partnership.phases.all()
    services.contract_phase_decide(phase=first, by=decider, decision="go", note="Vidare")
    services.contract_phase_decide(phase=second, by=decider, decision="no_go", note="Nej")
    assert list(partnership.phases.values_list("decision", flat=True)) == [
        PhaseDecision.GO,
        PhaseDecision.NO_GO,
        PhaseDecision.ENDED,
    ]
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=third, by=decider, decision="go", note="x")


def test_phase_in_order_and_once_with_grounds(partnership, case):
    decider = decider_for(case)
    first, second, _third = partnership.phases.all()
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=second, by=decider, decision="go", note="x")
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=first, by=decider, decision="go", note=" ")
    services.contract_phase_decide(phase=first, by=decider, decision="go", note="Ja")
    with pytest.raises(ValidationError):
        services.contract_phase_decide(phase=first, by=decider, decision="no_go", note="Nej")


def test_phase_decision_needs_decider_in_the_database(partnership):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractPhase.objects.filter(contract=partnership, order=1).update(
            decision=PhaseDecision.GO, decision_note="x"
        )


def test_phases_waiting_only_for_the_decision_maker(partnership, case, officer):
    decider = decider_for(case)
    ContractPhase.objects.filter(contract=partnership, order=2).update(
        milestone_on=timezone.localdate() - timedelta(days=1)
    )
    ContractPhase.objects.filter(contract=partnership, order=1).update(
        milestone_on=timezone.localdate() + timedelta(days=60)
    )
    assert list(phases_waiting_for_user(decider)) == []  # first phase's milestone is far
    assert list(phases_waiting_for_user(officer)) == []
    first = partnership.phases.get(order=1)
    services.contract_phase_decide(phase=first, by=decider, decision="go", note="Ja")
    assert [p.order for p in phases_waiting_for_user(decider)] == [2]


def test_phase_page_for_decider_only(client, partnership, case, officer, outsider):
    decider = decider_for(case)
    first = partnership.phases.get(order=1)
    client.force_login(officer)
    assert client.get(url("phase-decide", first.pk)).status_code == 403
    client.force_login(outsider)
    assert client.get(url("phase-decide", first.pk)).status_code == 404
    client.force_login(decider)
    assert client.get(url("phase-decide", first.pk)).status_code == 200
    response = client.post(url("phase-decide", first.pk), {"decision": "go", "note": "Ja"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.decided_by == decider


def test_dashboard_card_waiting_for_decision(client, partnership, case, officer):
    decider = decider_for(case)
    client.force_login(decider)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "FoU" in page
    client.force_login(officer)
    assert "FoU" not in client.get(reverse("core:dashboard")).content.decode()


# --- Editing and extending ------------------------------------------------------------


def test_contract_update_in_history_and_timeline(partnership, officer):
    services.contract_update(
        contract=partnership, by=officer, title="Nytt namn", value_sek=Decimal(5), reason="Rättat"
    )
    partnership.refresh_from_db()
    assert (partnership.title, partnership.value_sek) == ("Nytt namn", Decimal(5))
    assert partnership.events.count() >= 2
    assert CaseEvent.objects.filter(case=partnership.case, detail="Rättat").exists()


def test_contract_update_refuses_incoherent_dates(partnership, officer):
    with pytest.raises(ValidationError):
        services.contract_update(contract=partnership, by=officer, end_date=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        services.contract_update(contract=partnership, by=officer, extended_until=date(2027, 1, 1))


def test_contract_extend_by_options_of_the_notice(partnership, officer):
    extension = services.contract_extend(
        contract=partnership, by=officer, new_end_date=date(2028, 12, 31), reasons="Bra resultat"
    )
    partnership.refresh_from_db()
    assert (extension.option_number, partnership.end_date) == (1, date(2028, 12, 31))
    services.contract_extend(
        contract=partnership, by=officer, new_end_date=date(2029, 12, 31), reasons="Igen"
    )
    with pytest.raises(ValidationError):  # "2 + 1 + 1": two options, both used
        services.contract_extend(
            contract=partnership, by=officer, new_end_date=date(2029, 12, 31), reasons="x"
        )


def test_contract_extend_refusals(partnership, officer):
    with pytest.raises(ValidationError):  # beyond the latest end of the notice
        services.contract_extend(
            contract=partnership, by=officer, new_end_date=date(2030, 6, 30), reasons="x"
        )
    with pytest.raises(ValidationError):  # not later than the current end
        services.contract_extend(
            contract=partnership, by=officer, new_end_date=date(2027, 6, 30), reasons="x"
        )
    with pytest.raises(ValidationError):
        services.contract_extend(
            contract=partnership, by=officer, new_end_date=date(2028, 6, 30), reasons=" "
        )
    assert not partnership.extensions.exists()


def test_contract_without_options_cannot_be_extended(case, officer):
    contract = make_contract(case)
    with pytest.raises(ValidationError):
        services.contract_extend(
            contract=contract, by=officer, new_end_date=date(2028, 6, 30), reasons="x"
        )


def test_extension_dates_checked_by_the_database(partnership, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContractExtension.objects.create(
            contract=partnership,
            option_number=1,
            previous_end_date=date(2027, 12, 31),
            new_end_date=date(2027, 1, 1),
            reasons="x",
            registered_by=officer,
        )


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("officer", 200),
        ("staff", 403),
        ("neighbour", 403),
        ("outsider", 404),
        ("supplier_user", 403),
        ("platform_admin", 200),
    ],
)
def test_contract_edit_and_extend_pages_permissions(
    request, client, partnership, user_fixture, status
):
    client.force_login(request.getfixturevalue(user_fixture))
    for name in ("contract-edit", "contract-extend", "contract-document-upload"):
        assert client.get(url(name, partnership.pk)).status_code == status, name


def test_contract_extend_page(client, partnership, officer):
    client.force_login(officer)
    response = client.post(
        url("contract-extend", partnership.pk),
        {"new_end_date": "2030-12-31", "reasons": "För långt"},
    )
    assert response.status_code == 200 and not partnership.extensions.exists()
    response = client.post(
        url("contract-extend", partnership.pk),
        {"new_end_date": "2028-12-31", "reasons": "Bra"},
    )
    assert response.status_code == 302
    assert partnership.extensions.get().new_end_date == date(2028, 12, 31)


# --- Contract documents ---------------------------------------------------------------


def test_contract_documents_versioned_and_served_to_parties(
    client, partnership, officer, supplier_user, outsider
):
    first = services.contract_document_upload(
        contract=partnership, by=officer, file=pdf_file(), title="Avtal"
    )
    second = services.contract_document_upload(
        contract=partnership, by=officer, file=pdf_file(), title="Avtal"
    )
    assert (first.number, second.number) == (1, 2)
    for user in (officer, supplier_user):
        client.force_login(user)
        response = client.get(url("contract-document", first.pk))
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
    client.force_login(outsider)
    assert client.get(url("contract-document", first.pk)).status_code == 404


def test_contract_document_refuses_an_active_file(partnership, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    with pytest.raises(ValidationError):
        services.contract_document_upload(contract=partnership, by=officer, file=bad, title="X")
    assert not partnership.documents.exists()


def test_contract_page_shows_extensions_documents_phases(client, partnership, case, officer):
    services.contract_document_upload(
        contract=partnership, by=officer, file=pdf_file(), title="Bilaga 1"
    )
    client.force_login(officer)
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert "Bilaga 1" in page and "Prototyp" in page
    assert url("phase-decide", partnership.phases.first().pk) not in page  # not the decider


# --- Requirements removed before publication ------------------------------------------


def test_requirement_removed_before_publication(client, case, officer):
    tender = prepare_tender(case, officer)
    requirement = services.requirement_add(tender=tender, by=officer, text="Svensk support")
    client.force_login(officer)
    assert client.get(url("requirement-list", case.pk)).status_code == 200
    response = client.post(url("requirement-delete", requirement.pk))
    assert response.status_code == 302
    assert list(tender.requirements.values_list("text", flat=True)) == ["F-skatt"]
    assert CaseEvent.objects.filter(case=case, data__text="Svensk support").exists()


def test_requirement_not_removed_after_publication(client, case, officer):
    tender = prepare_tender(case, officer)
    requirement = services.requirement_add(tender=tender, by=officer, text="Svensk support")
    services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer, reason="klar")
    requirement.tender.refresh_from_db()
    with pytest.raises(ValidationError, match="annonserad"):
        services.requirement_remove(requirement=requirement, by=officer)
    client.force_login(officer)
    response = client.post(url("requirement-delete", requirement.pk), follow=True)
    assert tender.requirements.count() == 2
    assert "can no longer be removed" in response.content.decode() or "kan inte längre" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [("staff", 403), ("neighbour", 403), ("outsider", 404), ("supplier_user", 404)],
)
def test_requirement_remove_refused_to_others(request, client, case, officer, user_fixture, status):
    tender = prepare_tender(case, officer)
    requirement = services.requirement_add(tender=tender, by=officer, text="Krav")
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.post(url("requirement-delete", requirement.pk)).status_code == status
    assert client.get(url("requirement-list", case.pk)).status_code == status
    assert tender.requirements.count() == 2
