import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from procurements import services
from procurements.enums import ALLOWED_TRANSITIONS, Procedure, Stage
from procurements.models import CaseEvent, ProcurementCase
from procurements.services.decisions import PUBLISHED_STAGES
from tests.factories.procurements import approve, make_case, prepare_tender, publish


def test_create_assigns_reference_per_lead_and_year(officer, trelleborg):
    year = timezone.localdate().year
    first = make_case(officer)
    second = make_case(officer, title="Andra")
    assert first.reference == f"UPH {year}/0001"
    assert second.reference == f"UPH {year}/0002"
    assert first.participating_organizations.get() == officer.organization
    assert CaseEvent.objects.filter(case=first, kind="created").count() == 1


def test_create_reference_counts_per_municipality(officer, trelleborg):
    from tests.factories.organizations import UserFactory

    other = UserFactory(organization=trelleborg, roles=["officer"])
    make_case(officer)
    assert make_case(other).reference.endswith("/0001")


def test_create_keeps_given_reference_and_refuses_duplicate(officer):
    make_case(officer, reference="UPH 2024/0012")
    with pytest.raises(ValidationError) as exc:
        make_case(officer, reference="UPH 2024/0012")
    assert "reference" in exc.value.message_dict


def test_create_by_staff_is_refused(staff):
    with pytest.raises(PermissionDenied):
        services.procurement_create(
            created_by=staff, title="X", lead_organization=staff.organization
        )


def test_create_empty_title_is_refused(officer):
    with pytest.raises(ValidationError):
        services.procurement_create(
            created_by=officer, title=" ", lead_organization=officer.organization
        )
    assert not ProcurementCase.objects.exists()


@pytest.mark.django_db(transaction=True)  # reference data: reloaded by conftest
def test_reference_is_race_safe(network):
    from tests.factories.organizations import UserFactory

    ystad = network.members.get(municipality_code="1286")
    officer = UserFactory(organization=ystad, roles=["officer"])
    errors = []

    def create(i):
        try:
            services.procurement_create(created_by=officer, title=f"T{i}", lead_organization=ystad)
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    references = sorted(ProcurementCase.objects.values_list("reference", flat=True))
    assert len(set(references)) == 5
    assert references[-1].endswith("/0005")


def test_need_gate_lists_what_is_missing(officer):
    case = services.procurement_create(
        created_by=officer, title="Tom", lead_organization=officer.organization
    )
    with pytest.raises(ValidationError) as exc:
        services.procurement_transition(case=case, to_stage=Stage.DIALOGUE, by=officer)
    assert len(exc.value.messages) == 3
    case.refresh_from_db()
    assert case.stage == Stage.NEED


def test_need_to_dialogue_records_who_and_why(case, officer):
    services.procurement_transition(
        case=case, to_stage=Stage.DIALOGUE, by=officer, reason="RFI först"
    )
    case.refresh_from_db()
    assert case.stage == Stage.DIALOGUE
    event = CaseEvent.objects.get(case=case, kind="stage")
    assert (event.actor, event.detail, event.data) == (
        officer,
        "RFI först",
        {"from": "need", "to": "dialogue"},
    )


def test_tender_gate_refuses_weights_not_100(case, officer):
    prepare_tender(case, officer, criteria=(("Effekt", 60), ("Pris", 30)))
    with pytest.raises(ValidationError) as exc:
        services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer)
    assert "90" in exc.value.messages[0]
    case.refresh_from_db()
    assert case.stage == Stage.NEED
    assert case.tender.published_at is None


def test_tender_gate_without_tender(case, officer):
    with pytest.raises(ValidationError):
        services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer)


def test_tender_gate_pre_commercial_needs_reason(case, officer):
    services.procurement_update(case=case, by=officer, procedure=Procedure.PRE_COMMERCIAL)
    prepare_tender(case, officer)
    with pytest.raises(ValidationError) as exc:
        services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer)
    assert any("LOU" in m for m in exc.value.messages)


def test_tender_gate_deadline_too_close(case, officer):
    prepare_tender(case, officer, days=5)
    with pytest.raises(ValidationError) as exc:
        services.procurement_transition(case=case, to_stage=Stage.TENDER, by=officer)
    assert any("30" in m for m in exc.value.messages)


def test_publish_sets_published_at(case, officer):
    tender = publish(case, officer)
    assert tender.published_at is not None
    assert CaseEvent.objects.filter(case=case, kind="published").exists()


def test_evaluation_gate_needs_opening(case, officer):
    publish(case, officer)
    with pytest.raises(ValidationError):
        services.procurement_transition(case=case, to_stage=Stage.EVALUATION, by=officer)


def test_award_gate_needs_completed_evaluation(case, officer):
    case.stage = Stage.EVALUATION
    case.save()
    with pytest.raises(ValidationError):
        services.procurement_transition(case=case, to_stage=Stage.AWARD, by=officer)


def test_followup_gate_needs_indicator_and_closed_needs_lessons(case, officer):
    ProcurementCase.objects.filter(pk=case.pk).update(stage=Stage.CONTRACT)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.procurement_transition(case=case, to_stage=Stage.FOLLOW_UP, by=officer)
    services.effect_indicator_create(case=case, by=officer, name="Återbruk", baseline=0, target=100)
    services.procurement_transition(case=case, to_stage=Stage.FOLLOW_UP, by=officer)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.procurement_transition(case=case, to_stage=Stage.CLOSED, by=officer)
    assert len(exc.value.messages) == 2
    services.follow_up_meeting_record(
        case=case,
        by=officer,
        held_on=timezone.localdate(),
        attendees="A, B",
        notes="Bra",
        lessons="Börja tidigt",
    )
    case.refresh_from_db()
    services.procurement_transition(case=case, to_stage=Stage.CLOSED, by=officer)
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED and case.ended_at is not None


@pytest.mark.parametrize("stage", [s for s in Stage if s not in (Stage.CLOSED, Stage.CANCELLED)])
def test_cancel_from_every_open_stage_requires_reason_and_lessons(case, officer, stage):
    ProcurementCase.objects.filter(pk=case.pk).update(stage=stage)
    case.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.procurement_transition(case=case, to_stage=Stage.CANCELLED, by=officer)
    assert set(exc.value.message_dict) == {"cancellation_reason", "lessons_learned"}
    if stage in PUBLISHED_STAGES:  # a published procurement: the authorised decision first
        approve(case, officer, "cancellation", reasons="Inga anbud")
    services.procurement_transition(
        case=case,
        to_stage=Stage.CANCELLED,
        by=officer,
        cancellation_reason="Inga anbud",
        lessons_learned="Dialog",
    )
    case.refresh_from_db()
    assert case.stage == Stage.CANCELLED


def test_disallowed_transitions_are_refused(case, officer):
    """Every move not in ALLOWED_TRANSITIONS is refused and leaves the stage alone."""
    refused = 0
    for from_stage in Stage:
        for to_stage in Stage:
            if to_stage in ALLOWED_TRANSITIONS[from_stage] or to_stage == Stage.CANCELLED:
                continue
            ProcurementCase.objects.filter(pk=case.pk).update(
                stage=from_stage, cancellation_reason="x", lessons_learned="y"
            )
            case.refresh_from_db()
            with pytest.raises(ValidationError):
                services.procurement_transition(case=case, to_stage=to_stage, by=officer)
            case.refresh_from_db()
            assert case.stage == from_stage
            refused += 1
    assert refused == 64


def test_cancelled_stage_constraint_in_database(case):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ProcurementCase.objects.filter(pk=case.pk).update(stage=Stage.CANCELLED)


def test_tender_deadline_in_past_is_refused(case, officer):
    with pytest.raises(ValidationError) as exc:
        services.tender_save(case=case, by=officer, deadline=timezone.now() - timedelta(hours=1))
    assert "deadline" in exc.value.message_dict


def test_vaxjo_template_in_the_officers_language(case, officer):
    tender = services.tender_save(case=case, by=officer, summary="x")
    criteria = services.criteria_apply_vaxjo_template(tender=tender, by=officer)
    assert [(c.name, c.weight) for c in criteria] == [
        ("Genomförbarhet", 40),
        ("Effekt", 40),
        ("Affärsmässig bärkraft", 20),
    ]
