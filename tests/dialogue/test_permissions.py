from datetime import timedelta

import pytest
from django.utils import timezone

from dialogue.models import DialogueActivity, Rfi
from tests.factories.organizations import UserFactory

FUTURE = timedelta(days=3)


def _rfi(case, state="draft", deadline_delta=FUTURE):
    return Rfi(
        case=case,
        title="R",
        state=state,
        deadline=timezone.now() + deadline_delta,
        published_at=timezone.now() if state != "draft" else None,
    )


ROLES = ("officer", "neighbour_officer", "staff", "outsider", "supplier_user", "platform_admin")
STATES = ("draft", "published", "cancelled")
_ = False
X = True
# What each role may do with an RFI of the lead municipality's case, in each state
# (draft, published, cancelled). The neighbour officer's municipality takes part in the
# case; staff is of the lead municipality without the officer role; the outsider is an
# officer of another municipality.
RFI_TABLE = {
    "dialogue.change_rfi": {
        "officer": (X, _, _),
        "neighbour_officer": (X, _, _),
        "platform_admin": (X, _, _),
    },
    "dialogue.publish_rfi": {
        "officer": (X, _, _),
        "neighbour_officer": (X, _, _),
        "platform_admin": (X, _, _),
    },
    "dialogue.cancel_rfi": {
        "officer": (_, X, _),
        "neighbour_officer": (_, X, _),
        "platform_admin": (_, X, _),
    },
    "dialogue.answer_clarification": {
        "officer": (_, X, _),
        "neighbour_officer": (_, X, _),
        "platform_admin": (_, X, _),
    },
    "dialogue.view_rfi_answers": {
        "officer": (X, X, X),
        "neighbour_officer": (X, X, X),
        "staff": (X, X, X),
        "platform_admin": (X, X, X),
    },
    "dialogue.respond_rfi": {"supplier_user": (_, X, _)},
    "dialogue.ask_clarification": {"supplier_user": (_, X, _)},
}


@pytest.mark.parametrize(
    ("perm", "who", "state", "expected"),
    [
        (perm, who, state, rows.get(who, (_, _, _))[i])
        for perm, rows in RFI_TABLE.items()
        for who in ROLES
        for i, state in enumerate(STATES)
    ],
)
def test_rfi_permission_table(case, perm, who, state, expected, request, trelleborg):
    if who == "neighbour_officer":
        user = UserFactory(organization=trelleborg, roles=["officer"])
    else:
        user = request.getfixturevalue(who)
    assert user.has_perm(perm, _rfi(case, state)) is expected


def test_respond_refused_after_deadline(case, supplier_user):
    rfi = _rfi(case, "published", deadline_delta=-timedelta(seconds=1))
    assert not supplier_user.has_perm("dialogue.respond_rfi", rfi)
    assert not supplier_user.has_perm("dialogue.ask_clarification", rfi)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("officer", True), ("coordinator", True), ("staff", False), ("outsider", False)],
)
def test_add_dialogue_on_case(case, who, expected, request):
    assert request.getfixturevalue(who).has_perm("dialogue.add_dialogue", case) is expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [("officer", True), ("neighbour", False), ("outsider", False), ("supplier_user", False)],
)
def test_add_dialogue_on_challenge(challenge, who, expected, request):
    assert request.getfixturevalue(who).has_perm("dialogue.add_dialogue", challenge) is expected


@pytest.mark.parametrize(
    ("who", "until", "expected"),
    [
        ("supplier_user", FUTURE, True),
        ("supplier_user", -FUTURE, False),
        ("other_supplier_user", FUTURE, False),
        ("staff", FUTURE, True),  # an internal reviewer
        ("neighbour", FUTURE, False),
        ("officer", FUTURE, True),
    ],
)
def test_comment_consultation(case, officer, staff, supplier_user, who, until, expected, request):
    activity = DialogueActivity.objects.create(
        case=case,
        kind="consultation",
        title="Remiss",
        starts_at=timezone.now(),
        comments_until=timezone.now() + until,
        created_by=officer,
    )
    activity.internal_participants.set([staff])
    activity.supplier_organizations.set([supplier_user.organization])
    user = request.getfixturevalue(who)
    assert user.has_perm("dialogue.comment_consultation", activity) is expected
