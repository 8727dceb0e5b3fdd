import pytest

from needs.models import Challenge, Need, PriorityRound
from organizations.models import Organization, User


def _user(org_id, roles, pk=1):
    org = Organization(pk=org_id, kind="municipality", name="K", slug=f"k{org_id}")
    user = User(pk=pk, organization=org, roles=roles)
    user.network_organization_ids = [1, 2]
    return user


@pytest.mark.parametrize(
    ("perm", "roles", "user_org", "author", "status", "expected"),
    [
        ("needs.change_need", ["staff"], 1, True, "draft", True),
        ("needs.change_need", ["staff"], 1, True, "submitted", False),
        ("needs.change_need", ["officer"], 1, False, "draft", False),
        ("needs.submit_need", ["staff"], 1, True, "draft", True),
        ("needs.submit_need", ["staff"], 1, True, "rejected", False),
        ("needs.comment_need", ["staff"], 2, False, "submitted", True),
        ("needs.comment_need", ["staff"], 1, True, "draft", False),
        ("needs.attach_need", ["staff"], 1, True, "submitted", True),
        ("needs.attach_need", ["staff"], 1, True, "merged", False),
        ("needs.assign_assessors", ["coordinator"], 2, False, "submitted", True),
        ("needs.assign_assessors", ["coordinator"], 3, False, "submitted", False),
        ("needs.assign_assessors", ["officer"], 1, False, "submitted", False),
        ("needs.assign_assessors", ["coordinator"], 1, False, "rejected", False),
        ("needs.assess_need", ["coordinator"], 1, False, "submitted", True),
        ("needs.assess_need", ["coordinator"], 1, False, "deferred", True),
        ("needs.assess_need", ["coordinator"], 1, False, "in_challenge", False),
        ("needs.assess_need", ["staff"], 1, False, "submitted", False),
        ("needs.view_assessment", ["staff"], 1, True, "submitted", False),
        ("needs.view_assessment", ["coordinator"], 2, False, "submitted", True),
    ],
)
def test_need_permissions(perm, roles, user_org, author, status, expected):
    user = _user(user_org, roles, pk=5)
    need = Need(pk=10, organization_id=1, author_id=5 if author else 99, status=status)
    need._assessor_ids = set()
    if user_org == 3:
        user.network_organization_ids = [3]
    assert user.has_perm(perm, need) is expected


def test_assessor_may_assess_and_see_notes():
    user = _user(2, ["staff"], pk=7)
    need = Need(pk=10, organization_id=1, author_id=99, status="submitted")
    need._assessor_ids = {7}
    assert user.has_perm("needs.assess_need", need)
    assert user.has_perm("needs.view_assessment", need)


@pytest.mark.parametrize(
    ("perm", "roles", "user_org", "expected"),
    [
        ("needs.change_challenge", ["officer"], 1, True),
        ("needs.change_challenge", ["officer"], 2, False),
        ("needs.change_challenge", ["coordinator"], 2, True),
        ("needs.change_challenge", ["staff"], 1, False),
        ("needs.join_challenge", ["staff"], 2, True),
        ("needs.join_challenge", ["staff"], 1, False),
    ],
)
def test_challenge_permissions(perm, roles, user_org, expected):
    user = _user(user_org, roles, pk=5)
    challenge = Challenge(pk=3, owner_organization_id=1, title="x")
    assert user.has_perm(perm, challenge) is expected


def test_score_requires_open_round():
    user = _user(1, ["staff"])
    assert not user.has_perm("needs.score_round", PriorityRound(status="draft"))


# --- Workshops: organising, guests and attendance -----------------------------------------


def _workshop_in(state: str, network):
    from datetime import timedelta

    from django.utils import timezone

    from needs.models import Workshop

    now = timezone.now()
    starts = {"coming": now + timedelta(days=3), "running": now - timedelta(hours=1)}.get(
        state, now - timedelta(days=3)
    )
    return Workshop(
        pk=1,
        network=network,
        network_id=network.pk,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        cancelled_at=now if state == "cancelled" else None,
    )


@pytest.mark.parametrize(
    ("who", "state", "invite", "attendance", "change"),
    [
        # the network's coordinator organises
        ("coordinator", "coming", True, False, True),
        ("coordinator", "running", True, True, True),
        ("coordinator", "past", False, True, True),
        ("coordinator", "cancelled", False, False, True),
        # the platform operator may do what an organiser does
        ("platform_admin", "coming", True, False, True),
        ("platform_admin", "past", False, True, True),
        # staff and officers of the network take part, but do not organise
        ("staff", "coming", False, False, False),
        ("officer", "past", False, False, False),
        ("neighbour", "coming", False, False, False),
        # another municipality outside the network, and a supplier
        ("outsider", "coming", False, False, False),
        ("outsider", "past", False, False, False),
        ("supplier_user", "coming", False, False, False),
        ("supplier_user", "past", False, False, False),
    ],
)
def test_workshop_permissions(request, network, who, state, invite, attendance, change):
    user = request.getfixturevalue(who)
    workshop = _workshop_in(state, network)
    assert user.has_perm("needs.invite_guest", workshop) is invite
    assert user.has_perm("needs.record_attendance", workshop) is attendance
    assert user.has_perm("needs.change_workshop", workshop) is change


def test_a_guest_has_no_account_and_no_permission(db, network):
    from django.contrib.auth.models import AnonymousUser

    workshop = _workshop_in("coming", network)
    for perm in ("needs.invite_guest", "needs.record_attendance", "needs.change_workshop"):
        assert not AnonymousUser().has_perm(perm, workshop)
