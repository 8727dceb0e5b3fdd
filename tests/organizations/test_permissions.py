"""The organisations' permissions as a state table (pretalx style): every rule asked for
every kind of person against every object, on unsaved instances (no database).

People: the platform operator; Ystad's administrator, coordinator and staff; Trelleborg's
administrator and coordinator (Trelleborg shares a network with Ystad); Växjö's
administrator (outside the network); a supplier's administrator and user; a funder's
administrator (an external kind); and a deactivated Ystad administrator.
"""

import pytest
import rules

import organizations.permissions  # noqa: F401  (registers the rules)
from organizations.models import Network, NetworkInvitation, Organization, User

PLATFORM = Organization(pk=1, kind="platform", name="Samverka")
YSTAD = Organization(pk=10, kind="municipality", name="Ystad")
TRELLEBORG = Organization(pk=11, kind="municipality", name="Trelleborg")
VAXJO = Organization(pk=12, kind="municipality", name="Växjö")
SUPPLIER = Organization(pk=20, kind="supplier", name="Myloc AB")
FUNDER = Organization(pk=30, kind="funder", name="Vinnova")
NETWORK_IDS = {10: [10, 11], 11: [10, 11], 12: [12]}


def person(pk: int, organization: Organization, roles: list[str], active: bool = True) -> User:
    user = User(pk=pk, organization=organization, roles=roles, is_active=active)
    user.__dict__["network_organization_ids"] = NETWORK_IDS.get(organization.pk, [])
    return user


PEOPLE = {
    "platform": person(1, PLATFORM, ["admin"]),
    "ystad_admin": person(2, YSTAD, ["admin"]),
    "ystad_coordinator": person(3, YSTAD, ["coordinator"]),
    "ystad_staff": person(4, YSTAD, ["staff"]),
    "trelleborg_admin": person(5, TRELLEBORG, ["admin"]),
    "trelleborg_coordinator": person(6, TRELLEBORG, ["coordinator"]),
    "vaxjo_admin": person(7, VAXJO, ["admin"]),
    "supplier_admin": person(8, SUPPLIER, ["supplier", "admin"]),
    "supplier_user": person(9, SUPPLIER, ["supplier"]),
    "funder_admin": person(10, FUNDER, ["external", "admin"]),
    "ystad_admin_deactivated": person(11, YSTAD, ["admin"], active=False),
}


def network(*members: Organization) -> Network:
    syd = Network(pk=100, name="Syd", slug="syd")
    syd._prefetched_objects_cache = {"members": list(members)}
    return syd


SYD = network(YSTAD, TRELLEBORG)
TO_VAXJO = NetworkInvitation(pk=200, network=SYD, organization=VAXJO, state="pending")
TO_FUNDER_ORG = NetworkInvitation(pk=201, network=SYD, organization=FUNDER, state="pending")

ALL = set(PEOPLE) - {"ystad_admin_deactivated"}
NOBODY: set[str] = set()

# (rule, object, who may) — everybody else may not; a deactivated person may nothing.
TABLE = [
    ("organizations.manage_platform", None, {"platform"}),
    ("organizations.manage_networks", None, {"platform"}),
    (
        "organizations.view_network_invitations",
        None,
        {
            "platform",
            "ystad_admin",
            "ystad_coordinator",
            "ystad_staff",
            "trelleborg_admin",
            "trelleborg_coordinator",
            "vaxjo_admin",
        },
    ),
    ("organizations.found_network", None, {"ystad_coordinator", "trelleborg_coordinator"}),
    ("organizations.invite", YSTAD, {"platform", "ystad_admin"}),
    ("organizations.invite", SUPPLIER, {"platform", "supplier_admin"}),
    ("organizations.invite", FUNDER, {"platform", "funder_admin"}),
    ("organizations.view_users", YSTAD, {"platform", "ystad_admin"}),
    ("organizations.manage_organization", YSTAD, {"platform", "ystad_admin"}),
    ("organizations.manage_organization", VAXJO, {"platform", "vaxjo_admin"}),
    ("organizations.manage_user", PEOPLE["ystad_staff"], {"platform", "ystad_admin"}),
    ("organizations.manage_user", PEOPLE["supplier_user"], {"platform", "supplier_admin"}),
    (
        "organizations.view_organization",
        YSTAD,
        {
            "platform",
            "ystad_admin",
            "ystad_coordinator",
            "ystad_staff",
            "trelleborg_admin",
            "trelleborg_coordinator",
        },
    ),
    ("organizations.view_organization", VAXJO, {"platform", "vaxjo_admin"}),
    ("organizations.view_organization", SUPPLIER, {"platform", "supplier_admin", "supplier_user"}),
    (
        "organizations.manage_network",
        SYD,
        {"platform", "ystad_coordinator", "trelleborg_coordinator"},
    ),
    (
        "organizations.leave_network",
        SYD,
        {"ystad_admin", "ystad_coordinator", "trelleborg_admin", "trelleborg_coordinator"},
    ),
    ("organizations.answer_network_invitation", TO_VAXJO, {"vaxjo_admin"}),
    ("organizations.answer_network_invitation", TO_FUNDER_ORG, {"funder_admin"}),
]


@pytest.mark.parametrize(
    ("rule", "obj", "who", "expected"),
    [
        pytest.param(rule, obj, who, who in allowed, id=f"{rule}-{obj}-{who}")
        for rule, obj, allowed in TABLE
        for who in sorted(PEOPLE)
    ],
)
def test_permission_table(rule, obj, who, expected):
    assert rules.has_perm(rule, PEOPLE[who], obj) is expected


def test_table_rows_name_only_known_people():
    for _rule, _obj, allowed in TABLE:
        assert allowed <= ALL


@pytest.mark.parametrize("state", ["accepted", "declined", "withdrawn"])
def test_answered_invitation_is_refused_by_the_service_not_the_rule(state):
    """The rule says who answers; the state is the service's gate (tested in
    test_setup_pages): an answered invitation still names the same administrator."""
    answered = NetworkInvitation(pk=202, network=SYD, organization=VAXJO, state=state)
    assert rules.has_perm(
        "organizations.answer_network_invitation", PEOPLE["vaxjo_admin"], answered
    )


def test_anonymous_may_nothing():
    from django.contrib.auth.models import AnonymousUser

    for rule, obj, _allowed in TABLE:
        assert rules.has_perm(rule, AnonymousUser(), obj) is False
