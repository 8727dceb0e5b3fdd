import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import Notification
from organizations.enums import OrganizationKind
from projects import services
from projects.enums import SubprojectState
from projects.models import FunderReport
from projects.selectors import funding_summary
from tests.factories.organizations import MunicipalityFactory, NetworkFactory, UserFactory
from tests.factories.projects import (
    BudgetPeriodFactory,
    CoFinancingFactory,
    ExternalOrganizationFactory,
    FunderReportFactory,
    GrantFactory,
    ProjectFactory,
    ProjectGroupFactory,
    SubprojectFactory,
    external_user,
)

pytestmark = pytest.mark.django_db


def test_funding_summary_granted_used_per_period_and_shares():
    ystad, skurup = MunicipalityFactory(), MunicipalityFactory()
    project = ProjectFactory(organization=ystad, network=NetworkFactory(members=[ystad, skurup]))
    grant = GrantFactory(project=project, amount_granted_sek=Decimal("380000"))
    CoFinancingFactory(grant=grant, organization=ystad, amount_sek=Decimal("150000"))
    CoFinancingFactory(grant=grant, organization=skurup, amount_sek=Decimal("50000"))
    BudgetPeriodFactory(
        grant=grant,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 6, 30),
        budget_sek=Decimal("300000"),
        cost_sek=Decimal("280000"),
    )
    BudgetPeriodFactory(
        grant=grant,
        start_date=datetime.date(2026, 7, 1),
        end_date=datetime.date(2026, 12, 31),
        budget_sek=Decimal("280000"),
        cost_sek=Decimal("120000"),
    )

    summary = funding_summary(project)

    assert summary["granted"] == Decimal("380000")
    assert summary["co_financing"] == Decimal("200000")
    assert summary["total"] == Decimal("580000")
    assert summary["budget"] == Decimal("580000")
    assert summary["used"] == Decimal("400000")
    assert summary["remaining"] == Decimal("180000")
    assert [(s["organization"], s["amount"], s["share"]) for s in summary["shares"]] == [
        (ystad, Decimal("150000"), Decimal("75.0")),
        (skurup, Decimal("50000"), Decimal("25.0")),
    ]
    periods = summary["grants"][0]["periods"]
    assert [(p["budget"], p["cost"], p["difference"]) for p in periods] == [
        (Decimal("300000"), Decimal("280000"), Decimal("20000")),
        (Decimal("280000"), Decimal("120000"), Decimal("160000")),
    ]


def test_funding_summary_without_grants_is_zero():
    summary = funding_summary(ProjectFactory())
    assert (summary["granted"], summary["used"], summary["shares"]) == (0, 0, [])


def test_cofinancing_set_replaces_the_municipality_amount():
    project = ProjectFactory()
    grant = GrantFactory(project=project)
    pm = project.project_manager
    services.cofinancing_set(
        user=pm, grant=grant, organization=project.organization, amount_sek=Decimal("10")
    )
    services.cofinancing_set(
        user=pm, grant=grant, organization=project.organization, amount_sek=Decimal("25")
    )
    assert funding_summary(project)["co_financing"] == Decimal("25")


def test_cofinancing_set_refuses_municipality_outside_the_project():
    project = ProjectFactory()
    grant = GrantFactory(project=project)
    with pytest.raises(ValidationError):
        services.cofinancing_set(
            user=project.project_manager,
            grant=grant,
            organization=MunicipalityFactory(),
            amount_sek=Decimal("10"),
        )


def test_budget_period_set_same_start_updates_costs():
    project = ProjectFactory()
    grant = GrantFactory(project=project)
    kwargs = {
        "user": project.project_manager,
        "grant": grant,
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2026, 6, 30),
        "budget_sek": Decimal("100"),
    }
    services.budget_period_set(**kwargs, cost_sek=Decimal("10"))
    services.budget_period_set(**kwargs, cost_sek=Decimal("60"))
    assert funding_summary(project)["used"] == Decimal("60")


def test_grant_add_refuses_a_municipality_as_funder():
    project = ProjectFactory()
    with pytest.raises(ValidationError):
        services.grant_add(
            user=project.project_manager,
            project=project,
            funder=MunicipalityFactory(),
            amount_granted_sek=Decimal("1"),
        )


def test_project_create_by_coordinator_with_external_manager_and_goals():
    ystad = MunicipalityFactory()
    network = NetworkFactory(members=[ystad])
    coordinator = UserFactory(organization=ystad, roles=["coordinator"])
    consultant = external_user(OrganizationKind.CONSULTANCY)
    project = services.project_create(
        user=coordinator,
        title="Innovationsupphandling Syd",
        network=network,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 6, 30),
        project_manager=consultant,
        goals=["Fyra upphandlingar", "", "Ett arbetssätt"],
    )
    assert project.organization == ystad
    assert [g.text for g in project.goals.all()] == ["Fyra upphandlingar", "Ett arbetssätt"]


def test_project_create_refused_for_staff():
    staff = UserFactory(roles=["staff"])
    with pytest.raises(PermissionDenied):
        services.project_create(
            user=staff,
            title="X",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 2, 1),
            project_manager=staff,
        )


def test_subproject_cancel_needs_reason_and_lessons():
    sub = SubprojectFactory()
    pm = sub.project.project_manager
    with pytest.raises(ValidationError):
        services.subproject_transition(user=pm, subproject=sub, to=SubprojectState.CANCELLED)
    sub = services.subproject_transition(
        user=pm,
        subproject=sub,
        to=SubprojectState.CANCELLED,
        reason="Ingen leverantör",
        lessons="Ett misslyckande är också ett resultat",
    )
    assert sub.state == SubprojectState.CANCELLED
    with pytest.raises(ValidationError):
        services.subproject_transition(user=pm, subproject=sub, to=SubprojectState.COMPLETED)


def test_project_close_refused_while_a_subproject_runs():
    sub = SubprojectFactory()
    with pytest.raises(ValidationError):
        services.project_transition(
            user=sub.project.project_manager, project=sub.project, to="closed"
        )


def test_group_member_add_notifies_external_person():
    group = ProjectGroupFactory()
    person = external_user(OrganizationKind.REGION)
    services.group_member_add(
        user=group.project.project_manager, group=group, person=person, role="member"
    )
    assert (
        Notification.objects.filter(recipient=person, event="projects.group_member_added").count()
        == 1
    )
    with pytest.raises(ValidationError):
        services.group_member_add(
            user=group.project.project_manager, group=group, person=person, role="member"
        )


def test_group_member_add_refuses_platform_people():
    from tests.factories.organizations import PlatformFactory

    group = ProjectGroupFactory()
    admin = UserFactory(organization=PlatformFactory(), roles=["admin"])
    with pytest.raises(ValidationError):
        services.group_member_add(
            user=group.project.project_manager, group=group, person=admin, role="member"
        )


def test_funder_reports_remind_once_within_14_days():
    due_soon = FunderReportFactory(due_date=datetime.date(2026, 6, 10))
    FunderReportFactory(due_date=datetime.date(2026, 8, 1))
    FunderReportFactory(due_date=datetime.date(2026, 6, 5), submitted_on=datetime.date(2026, 6, 1))
    assert services.funder_reports_remind(today=datetime.date(2026, 6, 1)) == 1
    assert services.funder_reports_remind(today=datetime.date(2026, 6, 1)) == 0
    pm = due_soon.grant.project.project_manager
    assert (
        Notification.objects.filter(recipient=pm, event="projects.funder_report_due").count() == 1
    )
    assert FunderReport.objects.get(pk=due_soon.pk).reminded_at is not None


def test_meeting_create_and_record_attendance():
    group = ProjectGroupFactory()
    pm = group.project.project_manager
    a, b = external_user(), UserFactory(organization=group.project.organization)
    for person in (a, b):
        services.group_member_add(user=pm, group=group, person=person, role="member")
    start = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    meeting = services.meeting_create(
        user=pm,
        group=group,
        title="Möte",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    assert Notification.objects.filter(event="projects.meeting_called").count() == 2
    services.meeting_record(
        user=pm, meeting=meeting, minutes="Protokoll", decisions="Beslut", present_ids=[a.pk]
    )
    assert {(x.user_id, x.present) for x in meeting.attendance.all()} == {
        (a.pk, True),
        (b.pk, False),
    }
    with pytest.raises(PermissionDenied):
        services.meeting_record(user=a, meeting=meeting, minutes="x", decisions="", present_ids=[])


def test_external_funder_cannot_write():
    project = ProjectFactory()
    funder_person = external_user(OrganizationKind.FUNDER)
    with pytest.raises(PermissionDenied):
        services.goal_add(user=funder_person, project=project, text="x")
    assert ExternalOrganizationFactory().is_external


def test_meeting_cancel_raises_sequence_and_tells_members():
    from tests.factories.projects import GroupMemberFactory, MeetingFactory

    meeting = MeetingFactory()
    member = GroupMemberFactory(group=meeting.group).user
    pm = meeting.group.project.project_manager
    meeting = services.meeting_cancel(user=pm, meeting=meeting)
    assert (meeting.state, meeting.sequence) == ("cancelled", 1)
    assert (
        Notification.objects.filter(recipient=member, event="projects.meeting_cancelled").count()
        == 1
    )
    with pytest.raises(ValidationError):
        services.meeting_cancel(user=pm, meeting=meeting)
    from projects.ics import meeting_ics

    assert b"METHOD:CANCEL" in meeting_ics(meeting)
