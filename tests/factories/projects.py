import datetime
from decimal import Decimal

import factory

from organizations.enums import OrganizationKind, Role
from organizations.models import Organization
from projects.enums import GroupKind
from projects.models import (
    BudgetPeriod,
    CoFinancing,
    FunderReport,
    Goal,
    Grant,
    GroupMember,
    LogEntry,
    Meeting,
    Milestone,
    Project,
    ProjectGroup,
    Subproject,
)
from tests.factories.organizations import MunicipalityFactory, UserFactory


class ExternalOrganizationFactory(factory.django.DjangoModelFactory):
    """An authority, region, funder, research organisation or consultancy."""

    class Meta:
        model = Organization

    kind = OrganizationKind.REGION
    name = factory.Sequence(lambda n: f"Extern organisation {n}")
    slug = factory.Sequence(lambda n: f"extern-{n}")


def external_user(kind: str = OrganizationKind.REGION, **kwargs):
    org = ExternalOrganizationFactory(kind=kind)
    return UserFactory(organization=org, roles=[Role.EXTERNAL], **kwargs)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projekt {n}")
    organization = factory.SubFactory(MunicipalityFactory)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    project_manager = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization"), roles=["coordinator"]
    )
    created_by = factory.SelfAttribute("project_manager")


class SubprojectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subproject

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Delprojekt {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    text = factory.Sequence(lambda n: f"Mål {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milstolpe {n}")
    due_date = datetime.date(2026, 6, 30)


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    project = factory.SubFactory(ProjectFactory)
    kind = "risk"
    title = factory.Sequence(lambda n: f"Risk {n}")
    probability = 3
    impact = 4
    author = factory.SelfAttribute("project.project_manager")


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(ExternalOrganizationFactory, kind=OrganizationKind.FUNDER)
    reference = factory.Sequence(lambda n: f"2026-{n:05d}")
    amount_granted_sek = Decimal("380000")


class CoFinancingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoFinancing

    grant = factory.SubFactory(GrantFactory)
    organization = factory.SelfAttribute("grant.project.organization")
    amount_sek = Decimal("100000")


class BudgetPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetPeriod

    grant = factory.SubFactory(GrantFactory)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 6, 30)
    budget_sek = Decimal("200000")
    cost_sek = Decimal("150000")


class FunderReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunderReport

    grant = factory.SubFactory(GrantFactory)
    title = "Lägesrapport"
    due_date = datetime.date(2026, 6, 30)


class ProjectGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectGroup

    project = factory.SubFactory(ProjectFactory)
    kind = GroupKind.REFERENCE
    name = factory.Sequence(lambda n: f"Referensgrupp {n}")


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(ProjectGroupFactory)
    user = factory.SubFactory(UserFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(ProjectGroupFactory)
    title = "Styrgruppsmöte"
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    )
    ends_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.UTC)
    )
    agenda = "1. Läget"
    minutes = "Hemligt protokoll"
