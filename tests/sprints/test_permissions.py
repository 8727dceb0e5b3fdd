"""Who may do what with design sprints, as state tables (roles × objects × states → allowed).

The call-off and offer predicates read only the instance's own fields, so those tables use
unsaved instances (as pretalx does); the agreement predicates ask who signed it.
"""

import pytest

from sprints.enums import CallOffState, OfferState, Route
from sprints.models import CallOff, FrameworkAgreement, Offer
from tests.factories.organizations import UserFactory

ROLES = [
    "staff",
    "officer",
    "coordinator",
    "org_admin",
    "neighbour",
    "outsider",
    "ranked_supplier",
    "supplier_admin",
    "supplier_user",
    "platform_admin",
]


@pytest.fixture
def ranked_supplier(pwc):
    return pwc.user


@pytest.fixture
def supplier_admin(pwc):
    """An administrator of a ranked supplier without the supplier role."""
    return UserFactory(organization=pwc.org, roles=["admin"], email="admin@pwc.test")


def _user(request, role: str):
    return request.getfixturevalue(role)


# --- agreements ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "call_off", "distribution", "party", "manage"),
    [
        ("staff", True, True, True, False),
        ("officer", True, True, True, True),
        ("coordinator", True, True, True, True),
        ("org_admin", False, False, True, False),
        ("neighbour", True, True, True, False),
        ("outsider", False, False, False, False),
        ("ranked_supplier", False, False, False, False),
        ("supplier_admin", False, False, False, False),
        ("supplier_user", False, False, False, False),
        ("platform_admin", False, True, False, True),
    ],
)
def test_agreement_permission_table(
    request, agreement, role, call_off, distribution, party, manage
):
    """Ystad (the lead) and Trelleborg signed the agreement; Växjö did not."""
    user = _user(request, role)
    assert user.has_perm("sprints.call_off", agreement) is call_off
    assert user.has_perm("sprints.view_distribution", agreement) is distribution
    assert user.has_perm("sprints.party_to_agreement", agreement) is party
    assert user.has_perm("sprints.manage_agreement", agreement) is manage


@pytest.mark.parametrize("role", ROLES)
def test_no_agreement_allows_nothing(request, role):
    user = _user(request, role)
    for perm in ("call_off", "party_to_agreement", "manage_agreement"):
        assert user.has_perm(f"sprints.{perm}", None) is (
            perm == "manage_agreement" and role == "platform_admin"
        )


# --- call-offs: the same answer in every state (the services check the state) --------------


@pytest.mark.parametrize("state", CallOffState.values)
@pytest.mark.parametrize("route", Route.values)
@pytest.mark.parametrize(
    ("role", "manage", "answer_competition", "evaluate"),
    [
        ("staff", True, False, True),
        ("officer", True, False, True),
        ("coordinator", True, False, True),
        ("org_admin", False, False, True),
        ("neighbour", False, False, True),
        ("outsider", False, False, True),
        ("ranked_supplier", False, True, False),
        ("supplier_admin", False, False, False),
        ("supplier_user", False, False, False),
        ("platform_admin", True, False, True),
    ],
)
def test_call_off_permission_table(
    request, ystad, pwc, hiq, state, route, role, manage, answer_competition, evaluate
):
    """Ystad's call-off, consulting PwC and HiQ. Who sees it at all is the selector's
    business (an outsider never reaches the evaluation page)."""
    call_off = CallOff(
        organization=ystad, state=state, route=route, ranking=[[pwc.org.pk, 1], [hiq.org.pk, 2]]
    )
    user = _user(request, role)
    assert user.has_perm("sprints.manage_call_off", call_off) is manage
    assert user.has_perm("sprints.answer_competition", call_off) is answer_competition
    assert user.has_perm("sprints.evaluate_call_off", call_off) is evaluate


@pytest.mark.parametrize("state", OfferState.values)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("staff", False),
        ("officer", False),
        ("platform_admin", False),
        ("ranked_supplier", True),
        ("supplier_admin", False),
        ("supplier_user", False),
    ],
)
def test_offer_answer_table(request, ystad, pwc, state, role, allowed):
    """Only the offered supplier's people with the supplier role answer (the service
    refuses an offer that is no longer pending)."""
    offer = Offer(call_off=CallOff(organization=ystad), supplier=pwc.org, state=state)
    assert _user(request, role).has_perm("sprints.answer_offer", offer) is allowed


def test_call_off_predicates_refuse_a_missing_object(pwc, staff):
    assert not staff.has_perm("sprints.manage_call_off", None)
    assert not pwc.user.has_perm("sprints.answer_competition", None)
    assert not pwc.user.has_perm("sprints.answer_offer", None)


# --- a municipality's and a supplier's own resources ------------------------------------------


@pytest.mark.parametrize(
    ("role", "closure_days", "rooms", "teams", "add_agreement"),
    [
        ("staff", False, False, False, True),
        ("officer", True, True, False, True),
        ("coordinator", True, True, False, True),
        ("org_admin", True, True, False, True),
        ("neighbour", False, False, False, True),
        ("outsider", True, True, False, True),
        ("ranked_supplier", False, False, True, False),
        ("supplier_admin", False, False, True, False),
        ("supplier_user", False, False, True, False),
        ("platform_admin", False, False, False, False),
    ],
)
def test_resource_permission_table(request, pwc, role, closure_days, rooms, teams, add_agreement):
    user = _user(request, role)
    assert user.has_perm("sprints.manage_closure_days") is closure_days
    assert user.has_perm("sprints.manage_rooms") is rooms
    assert user.has_perm("sprints.manage_teams") is teams
    assert user.has_perm("sprints.add_agreement") is add_agreement


def test_anonymous_user_may_nothing(agreement):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    call_off = CallOff(organization=agreement.lead_organization, ranking=[])
    assert not anonymous.has_perm("sprints.call_off", agreement)
    assert not anonymous.has_perm("sprints.manage_agreement", FrameworkAgreement())
    assert not anonymous.has_perm("sprints.manage_call_off", call_off)
    assert not anonymous.has_perm("sprints.evaluate_call_off", call_off)
    assert not anonymous.has_perm("sprints.manage_rooms")
