"""Who sees which history, field by field (issue #19, finding 1).

The matrix: for each model with history and each role, the expected status and whether a
field the object's page hides from the role shows up in its history. Built with the
services, through the history page.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import history
from dialogue import services as dialogue
from procurements import services as procurements
from tests.factories.dialogue import CaseFactory
from tests.factories.organizations import SupplierFactory, UserFactory

ROLES = ["own_officer", "other_officer", "staff", "supplier", "other_supplier", "operator"]


@pytest.fixture
def people(officer, staff, supplier_user, platform_admin, vaxjo):
    other = SupplierFactory(name="Kodkraft Syd AB")
    return {
        "own_officer": officer,
        "other_officer": UserFactory(organization=vaxjo, roles=["officer"], email="o@vaxjo.test"),
        "staff": staff,
        "supplier": supplier_user,
        "other_supplier": UserFactory(organization=other, roles=["supplier"], email="s@kk.test"),
        "operator": platform_admin,
    }


@pytest.fixture
def world(people, ystad, trelleborg, supplier_org, django_capture_on_commit_callbacks):
    officer, supplier = people["own_officer"], people["supplier"]
    other_supplier = people["other_supplier"]
    case = CaseFactory(lead_organization=ystad, title="Delningstjänst", responsible_officer=officer)
    case.participating_organizations.set([ystad, trelleborg])
    with django_capture_on_commit_callbacks(execute=True):
        rfi = dialogue.rfi_create(
            created_by=officer,
            anchor=case,
            title="RFI delningstjänst",
            background="Bakgrund",
            need="Behov",
            deadline=timezone.now() + timedelta(days=10),
            invitation_mode="chosen",
            chosen_suppliers=[supplier_org, other_supplier.organization],
        )
        question = dialogue.rfi_question_add(rfi=rfi, by=officer, text="Hur?")
        rfi = dialogue.rfi_publish(rfi=rfi, by=officer)
        response = dialogue.rfi_response_save(
            rfi=rfi, user=supplier, answers={question.pk: "Med en app."}, submit=True
        )
        clarification = dialogue.clarification_ask(
            rfi=rfi, user=supplier, question="Myloc AB undrar om integrationen"
        )
        dialogue.clarification_answer(
            clarification=clarification,
            by=officer,
            question="Hur ser integrationen ut?",
            answer="Via API.",
        )
        activity = dialogue.activity_create(
            created_by=officer,
            anchor=case,
            kind="supplier_meeting",
            title="Möte med Myloc",
            starts_at=timezone.now() + timedelta(days=2),
            notes="Första anteckningen",
            supplier_organizations=[supplier_org],
        )
        dialogue.activity_update(activity=activity, by=officer, notes="Hemlig bedömning av Myloc")
        profile = dialogue.supplier_profile_update(
            user=supplier, description="Vi delar möbler", cpv_codes=[]
        )
        evaluator = UserFactory(organization=ystad, roles=["evaluator"], email="e@ystad.test")
        procurements.evaluator_assign(case=case, user=evaluator, by=officer)
        case_evaluator = procurements.evaluator_declare(
            case=case, user=evaluator, declaration="Inga band, min bror slutade på Myloc 2019"
        )
    type(case).objects.filter(pk=case.pk).update(description="Intern beskrivning")
    type(supplier_org).objects.filter(pk=supplier_org.pk).update(phone="040-123 45 67")
    return {
        "procurements.procurementcase": (case, "Intern beskrivning"),
        "organizations.organization": (supplier_org, "040-123 45 67"),
        "dialogue.dialogueactivity": (activity, "Hemlig bedömning"),
        "dialogue.clarification": (clarification, "Hur ser integrationen ut"),
        "dialogue.rfi": (rfi, "published_by"),
        "dialogue.rfiresponse": (response, "submitted"),
        "dialogue.supplierprofile": (profile, "Vi delar möbler"),
        "procurements.caseevaluator": (case_evaluator, "min bror"),
    }


# (label, role) -> (status, the marked field or name visible?)
MATRIX = {
    "procurements.procurementcase": {
        "own_officer": (200, True),
        "other_officer": (404, False),
        "staff": (200, True),
        "supplier": (404, False),
        "other_supplier": (404, False),
        "operator": (200, True),
    },
    "organizations.organization": {  # the participating supplier's own organisation
        "own_officer": (200, True),
        "other_officer": (200, True),
        "staff": (200, True),
        "supplier": (200, True),
        "other_supplier": (404, False),
        "operator": (200, True),
    },
    "dialogue.dialogueactivity": {
        "own_officer": (200, True),
        "other_officer": (404, False),
        "staff": (200, True),
        "supplier": (404, False),  # a participating supplier: the notes are internal
        "other_supplier": (404, False),
        "operator": (200, True),
    },
    "dialogue.clarification": {
        "own_officer": (200, True),
        "other_officer": (404, False),
        "staff": (200, True),
        "supplier": (200, True),  # the asker: its own question
        "other_supplier": (404, False),  # never who asked, nor the original wording
        "operator": (200, True),
    },
    "dialogue.rfi": {
        "own_officer": (200, True),
        "other_officer": (404, False),
        "staff": (200, True),
        "supplier": (404, False),  # no history of municipal objects
        "other_supplier": (404, False),
        "operator": (200, True),
    },
    "dialogue.rfiresponse": {
        "own_officer": (200, True),
        "other_officer": (404, False),
        "staff": (200, True),
        "supplier": (200, True),
        "other_supplier": (404, False),
        "operator": (200, True),
    },
    "dialogue.supplierprofile": {
        "own_officer": (200, True),
        "other_officer": (200, True),
        "staff": (200, True),
        "supplier": (200, True),
        "other_supplier": (404, False),
        "operator": (200, True),
    },
    "procurements.caseevaluator": {
        "own_officer": (200, True),
        "other_officer": (404, False),
        "staff": (200, False),  # the case page shows that, not what, an evaluator declared
        "supplier": (404, False),
        "other_supplier": (404, False),
        "operator": (200, False),
    },
}


@pytest.mark.parametrize("label", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_history_matrix(client, people, world, label, role):
    obj, marker = world[label]
    status, visible = MATRIX[label][role]
    client.force_login(people[role])
    response = client.get(reverse("core:history", kwargs={"label": label, "pk": obj.pk}))
    assert response.status_code == status
    if status == 200:
        assert (marker in response.content.decode()) is visible


def test_history_supplier_sees_no_other_organisations_people(client, people, world):
    """The asker sees its question's history, but not who answered it or why."""
    clarification, _marker = world["dialogue.clarification"]
    client.force_login(people["supplier"])
    response = client.get(
        reverse("core:history", kwargs={"label": "dialogue.clarification", "pk": clarification.pk})
    )
    page = response.content.decode()
    assert people["own_officer"].full_name not in page
    assert "question answered" not in page
    assert "answered_by" not in page
    assert people["supplier"].full_name in page


def test_history_only_supplier_facing_models_open_to_suppliers():
    """Every other registered model is municipal: an outside user gets 404."""
    open_to_suppliers = {
        label
        for label in history.registered_labels()
        if history.registration_for(label).supplier_selector is not None
    }
    assert open_to_suppliers == {
        "dialogue.clarification",
        "dialogue.rfiresponse",
        "dialogue.supplierprofile",
        "organizations.organization",
        "organizations.user",
        "sprints.offer",
    }


@pytest.mark.parametrize(
    "label", ["sprints.calloff", "sprints.session", "procurements.procurementcase"]
)
def test_history_of_unregistered_supplier_models_is_404(client, supplier_user, label):
    client.force_login(supplier_user)
    assert client.get(reverse("core:history", kwargs={"label": label, "pk": 1})).status_code == 404
