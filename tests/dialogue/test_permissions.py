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


@pytest.mark.parametrize(
    ("who", "state", "perm", "expected"),
    [
        ("officer", "draft", "dialogue.change_rfi", True),
        ("officer", "published", "dialogue.change_rfi", False),
        ("officer", "draft", "dialogue.publish_rfi", True),
        ("officer", "published", "dialogue.publish_rfi", False),
        ("officer", "published", "dialogue.cancel_rfi", True),
        ("officer", "cancelled", "dialogue.cancel_rfi", False),
        ("officer", "published", "dialogue.answer_clarification", True),
        ("officer", "published", "dialogue.view_rfi_answers", True),
        ("staff", "draft", "dialogue.change_rfi", False),
        ("staff", "published", "dialogue.view_rfi_answers", True),
        ("neighbour_officer", "draft", "dialogue.change_rfi", True),  # Trelleborg takes part
        ("outsider", "draft", "dialogue.change_rfi", False),
        ("outsider", "published", "dialogue.view_rfi_answers", False),
        ("supplier_user", "published", "dialogue.respond_rfi", True),
        ("supplier_user", "draft", "dialogue.respond_rfi", False),
        ("supplier_user", "published", "dialogue.ask_clarification", True),
        ("supplier_user", "published", "dialogue.view_rfi_answers", False),
        ("supplier_user", "draft", "dialogue.change_rfi", False),
        ("officer", "published", "dialogue.respond_rfi", False),
        ("platform_admin", "draft", "dialogue.publish_rfi", True),
    ],
)
def test_rfi_permissions(case, who, state, perm, expected, request, trelleborg):
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
