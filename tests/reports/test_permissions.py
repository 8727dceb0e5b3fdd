import pytest

from organizations.models import Network, Organization, User
from reports.models import Report

pytestmark = pytest.mark.django_db


def _user(roles, org_pk=1, kind="municipality"):
    org = Organization(pk=org_pk, kind=kind, name="X")
    user = User(pk=org_pk * 10, roles=roles, organization=org)
    user.__dict__["network_organization_ids"] = [org_pk]
    return user


@pytest.mark.parametrize(
    ("roles", "kind", "expected"),
    [
        (["officer"], "municipality", True),
        (["coordinator"], "municipality", True),
        (["staff"], "municipality", False),
        (["logistics", "evaluator"], "municipality", False),
        (["supplier"], "supplier", False),
    ],
)
def test_use_reports(roles, kind, expected):
    assert _user(roles, kind=kind).has_perm("reports.use") is expected


@pytest.mark.parametrize(
    ("roles", "org_pk", "expected"),
    [
        (["officer"], 1, True),
        (["coordinator"], 1, True),
        (["staff"], 1, False),
        (["officer"], 2, False),
    ],
)
def test_view_own_organisation_report(roles, org_pk, expected):
    report = Report(organization=Organization(pk=1, kind="municipality"), network=None)
    assert _user(roles, org_pk).has_perm("reports.view_report", report) is expected


def test_view_network_report_needs_membership(db, network, ystad, trelleborg, vaxjo):
    report = Report(organization=ystad, network=network)
    member = User(pk=1, roles=["coordinator"], organization=trelleborg)
    member_officer = User(pk=2, roles=["officer"], organization=trelleborg)
    stranger = User(pk=3, roles=["coordinator"], organization=vaxjo)
    assert member.has_perm("reports.view_report", report)
    assert not member_officer.has_perm("reports.view_report", report)
    assert not stranger.has_perm("reports.view_report", report)
    assert isinstance(network, Network)
