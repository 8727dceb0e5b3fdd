from datetime import timedelta

import pytest
from django.utils import timezone

from dialogue import services
from tests.factories.dialogue import CaseFactory, ChallengeFactory
from tests.factories.organizations import SupplierFactory, UserFactory


@pytest.fixture
def case(ystad, trelleborg):
    case = CaseFactory(lead_organization=ystad, title="Delningstjänst")
    case.participating_organizations.set([ystad, trelleborg])
    return case


@pytest.fixture
def challenge(ystad):
    return ChallengeFactory(owner_organization=ystad, title="Delning av resurser")


@pytest.fixture
def other_supplier(db):
    return SupplierFactory(name="Kodkraft Syd AB")


@pytest.fixture
def other_supplier_user(other_supplier):
    return UserFactory(organization=other_supplier, roles=["supplier"], email="s@kodkraft.test")


@pytest.fixture
def third_supplier(db):
    return SupplierFactory(name="Logilink AB")


@pytest.fixture
def third_supplier_user(third_supplier):
    return UserFactory(organization=third_supplier, roles=["supplier"], email="s@logilink.test")


@pytest.fixture
def vaxjo_officer(vaxjo):
    return UserFactory(organization=vaxjo, roles=["officer"], email="officer@vaxjo.test")


@pytest.fixture
def draft_rfi(case, officer, supplier_org, other_supplier):
    rfi = services.rfi_create(
        created_by=officer,
        anchor=case,
        title="RFI delningstjänst",
        background="Kommunerna vill dela resurser.",
        need="Ett sätt att låna ut saker mellan kommuner.",
        deadline=timezone.now() + timedelta(days=10),
        invitation_mode="chosen",
        chosen_suppliers=[supplier_org, other_supplier],
    )
    services.rfi_question_add(rfi=rfi, by=officer, text="Hur skulle ni lösa behovet?")
    services.rfi_question_add(
        rfi=rfi, by=officer, text="Pris per år?", kind="number", required=False
    )
    services.rfi_question_add(
        rfi=rfi, by=officer, text="Molntjänst?", kind="single", choices=["Ja", "Nej"]
    )
    return rfi


@pytest.fixture
def rfi(draft_rfi, officer, django_capture_on_commit_callbacks, supplier_user, other_supplier_user):
    with django_capture_on_commit_callbacks(execute=True):
        return services.rfi_publish(rfi=draft_rfi, by=officer)


def answers_for(rfi, text="Vi bygger en app.", number="1000", single="Ja"):
    questions = list(rfi.questions.all())
    return {questions[0].pk: text, questions[1].pk: number, questions[2].pk: single}


def rfi_kwargs(**overrides):
    data = {
        "title": "RFI",
        "background": "Bakgrund",
        "need": "Behov",
        "deadline": timezone.now() + timedelta(days=5),
        "invitation_mode": "open",
    }
    data.update(overrides)
    return data
