"""Reads, scoped to the user."""

from django.db.models import Q, QuerySet

from core.registry import ReportKind, report_kinds
from organizations.models import Network

from .models import Report


def _may_use_reports(user) -> bool:
    from .permissions import can_use_reports

    return can_use_reports(user)


def reports_for_user(user) -> QuerySet[Report]:
    """Reports of the user's own organisation; for coordinators also the reports of the
    networks their municipality belongs to. Nothing for anyone else (platform admins all)."""
    qs = Report.objects.select_related("requested_by", "organization", "network")
    if not _may_use_reports(user):
        return qs.none()
    if user.is_platform_admin:
        return qs
    visible = Q(organization_id=user.organization_id)
    if user.has_role("coordinator"):
        visible |= Q(
            network_id__in=Network.members.through.objects.filter(
                organization_id=user.organization_id
            ).values("network_id")
        )
    return qs.filter(visible)


def report_viewable(user, report: Report) -> bool:
    """Whether `user` may see everything in the built file: every permission the report
    was built under (`Report.requires`) holds for them too. A report of a case with
    evaluation results is for those who may see the bids, not the whole organisation."""
    from django.apps import apps

    for perm, label, pk in report.requires or []:
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            return False
        obj = model.objects.filter(pk=pk).first()
        if obj is None or not user.has_perm(perm, obj):
            return False
    return True


def report_kinds_for_user(user) -> list[ReportKind]:
    """The kinds of report this user may ask for, in title order."""
    if not _may_use_reports(user):
        return []
    kinds = [kind for kind in report_kinds().values() if kind.may_request(user)]
    return sorted(kinds, key=lambda kind: str(kind.title))


def report_kind_for_user(user, key: str) -> ReportKind | None:
    for kind in report_kinds_for_user(user):
        if kind.key == key:
            return kind
    return None
