"""Reads, always scoped to the user.

Municipal users see the projects of their municipality and of its networks; an outside
person (an authority, region, funder, research organisation, consultancy or a supplier)
sees only the projects they manage or whose groups they belong to, and of those only
the groups they are in.
"""

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from core import history
from organizations.enums import OrganizationKind
from organizations.models import Network, Organization, User

from .models import (
    BudgetPeriod,
    CoFinancing,
    FunderReport,
    Grant,
    GroupMember,
    LogEntry,
    Meeting,
    Project,
    ProjectGroup,
    Subproject,
)

ZERO = Decimal("0")


def _invited_project_ids(user) -> QuerySet:
    managed = Project.objects.filter(project_manager=user).values("pk")
    member = GroupMember.objects.filter(user=user).values("group__project_id")
    return managed.union(member)


def projects_for_user(user) -> QuerySet[Project]:
    qs = Project.objects.select_related("organization", "network", "project_manager__organization")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        networks = Network.members.through.objects.filter(
            organization_id=user.organization_id
        ).values("network_id")
        return qs.filter(
            Q(organization_id=user.organization_id)
            | Q(network__in=networks)
            | Q(pk__in=_invited_project_ids(user))
        )
    return qs.filter(pk__in=_invited_project_ids(user))


def project_get_for_user(user, pk) -> Project:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(projects_for_user(user), pk=pk)


def groups_for_user(user) -> QuerySet[ProjectGroup]:
    """Groups of the projects a municipal user sees; an outsider's own groups (and all
    groups of a project they manage)."""
    qs = ProjectGroup.objects.select_related("project")
    if not user or not user.is_authenticated:
        return qs.none()
    if user.is_platform_admin:
        return qs
    if user.is_municipal:
        return qs.filter(project__in=projects_for_user(user).values("pk"))
    return qs.filter(Q(memberships__user=user) | Q(project__project_manager=user)).distinct()


def meetings_for_user(user) -> QuerySet[Meeting]:
    return Meeting.objects.select_related("group__project").filter(
        group__in=groups_for_user(user).values("pk")
    )


def subprojects_for_user(user) -> QuerySet[Subproject]:
    return Subproject.objects.select_related("project").filter(
        project__in=projects_for_user(user).values("pk")
    )


def log_entries_for(project: Project) -> QuerySet[LogEntry]:
    return project.log_entries.select_related("author")


def project_groups_for(user, project: Project) -> QuerySet[ProjectGroup]:
    return (
        groups_for_user(user)
        .filter(project=project)
        .prefetch_related("memberships__user__organization")
    )


def people_for_groups(user, project: Project) -> QuerySet[User]:
    """Whom a group may take as members: people of the project's municipalities and of
    any outside organisation (authorities, regions, funders, research organisations,
    consultancies, suppliers), never the platform operator."""
    municipalities = [project.organization_id]
    if project.network_id:
        municipalities += list(project.network.members.values_list("pk", flat=True))
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(organization_id__in=municipalities)
            | (
                ~Q(
                    organization__kind__in=[
                        OrganizationKind.MUNICIPALITY,
                        OrganizationKind.PLATFORM,
                    ]
                )
                & Q(organization__isnull=False)
            )
        )
        .select_related("organization")
        .order_by("full_name", "email")
    )


def project_manager_choices(user) -> QuerySet[User]:
    """A project manager is a person of the user's networks or of an outside organisation
    that is not a supplier (e.g. an innovation consultant)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(organization_id__in=user.network_organization_ids or [user.organization_id])
            | Q(
                organization__kind__in=[
                    OrganizationKind.AUTHORITY,
                    OrganizationKind.REGION,
                    OrganizationKind.FUNDER,
                    OrganizationKind.RESEARCH,
                    OrganizationKind.CONSULTANCY,
                ]
            )
        )
        .select_related("organization")
        .order_by("full_name", "email")
    )


def funders() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.FUNDER, is_active=True)


def project_municipalities(project: Project) -> QuerySet[Organization]:
    ids = [project.organization_id]
    if project.network_id:
        ids += list(project.network.members.values_list("pk", flat=True))
    return Organization.objects.filter(pk__in=ids, kind=OrganizationKind.MUNICIPALITY)


def funding_summary(project: Project) -> dict:
    """The project's money: per grant what was granted, the co-financing per
    municipality with its share, budget against costs per period; and the totals.

    Shares are of the project's whole co-financing (percent, one decimal). `used` is
    the sum of recorded costs; `remaining` = granted + co-financing − used. Four queries.
    """
    grants = list(Grant.objects.filter(project=project).select_related("funder"))
    cofin = list(CoFinancing.objects.filter(grant__project=project).select_related("organization"))
    periods = list(BudgetPeriod.objects.filter(grant__project=project).order_by("start_date"))
    reports = list(FunderReport.objects.filter(grant__project=project).order_by("due_date"))
    granted = sum((g.amount_granted_sek for g in grants), ZERO)
    cofinancing = sum((c.amount_sek for c in cofin), ZERO)
    budget = sum((p.budget_sek for p in periods), ZERO)
    used = sum((p.cost_sek for p in periods), ZERO)
    per_municipality: dict[int, dict] = {}
    for row in cofin:
        entry = per_municipality.setdefault(
            row.organization_id, {"organization": row.organization, "amount": ZERO}
        )
        entry["amount"] += row.amount_sek
    shares = sorted(per_municipality.values(), key=lambda e: (-e["amount"], e["organization"].name))
    for entry in shares:
        entry["share"] = (
            round(entry["amount"] * 100 / cofinancing, 1) if cofinancing else Decimal("0.0")
        )
    grant_rows = []
    for grant in grants:
        own_periods = [p for p in periods if p.grant_id == grant.pk]
        grant_rows.append(
            {
                "grant": grant,
                "co_financing": [c for c in cofin if c.grant_id == grant.pk],
                "co_financing_total": sum(
                    (c.amount_sek for c in cofin if c.grant_id == grant.pk), ZERO
                ),
                "periods": [
                    {
                        "period": p,
                        "budget": p.budget_sek,
                        "cost": p.cost_sek,
                        "difference": p.budget_sek - p.cost_sek,
                    }
                    for p in own_periods
                ],
                "budget": sum((p.budget_sek for p in own_periods), ZERO),
                "used": sum((p.cost_sek for p in own_periods), ZERO),
                "reports": [r for r in reports if r.grant_id == grant.pk],
            }
        )
    return {
        "grants": grant_rows,
        "granted": granted,
        "co_financing": cofinancing,
        "total": granted + cofinancing,
        "budget": budget,
        "used": used,
        "remaining": granted + cofinancing - used,
        "shares": shares,
    }


def funder_reports_due(*, until) -> QuerySet[FunderReport]:
    """Reports not yet submitted, due on or before `until`, not reminded yet."""
    return FunderReport.objects.select_related("grant__project__project_manager").filter(
        submitted_on__isnull=True, reminded_at__isnull=True, due_date__lte=until
    )


def sum_costs(project: Project) -> Decimal:
    return (
        BudgetPeriod.objects.filter(grant__project=project).aggregate(s=Sum("cost_sek"))["s"]
        or ZERO
    )


history.register(Project, projects_for_user)
history.register(Subproject, subprojects_for_user)
history.register(ProjectGroup, groups_for_user)
history.register(Meeting, meetings_for_user)
