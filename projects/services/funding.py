"""Grants, co-financing, budget periods and reports to funders (with reminders)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import acting_as
from notifications.events import register_event
from notifications.services import notify

from ..models import (
    BudgetPeriod,
    CoFinancing,
    FunderReport,
    Grant,
    Project,
)
from ._common import ProjectError, _require_manage

register_event("projects.funder_report_due", gettext_lazy("A report to a funder is due soon"))

REMIND_DAYS_BEFORE = 14


# --- funding -------------------------------------------------------------------------


def grant_add(
    *,
    user,
    project: Project,
    funder,
    amount_granted_sek: Decimal,
    programme: str = "",
    reference: str = "",
    decided_on: datetime.date | None = None,
) -> Grant:
    _require_manage(user, project)
    if not funder.is_external:
        raise ProjectError({"funder": _("Choose a funder.")})
    if amount_granted_sek < 0:
        raise ProjectError({"amount_granted_sek": _("The amount cannot be negative.")})
    with acting_as(user):
        return Grant.objects.create(
            project=project,
            funder=funder,
            amount_granted_sek=amount_granted_sek,
            programme=programme,
            reference=reference,
            decided_on=decided_on,
        )


def cofinancing_set(
    *, user, grant: Grant, organization, amount_sek: Decimal, in_kind: bool = False
) -> CoFinancing:
    """Record (or change) one municipality's co-financing under a grant."""
    _require_manage(user, grant.project)
    from ..selectors import project_municipalities

    if not project_municipalities(grant.project).filter(pk=organization.pk).exists():
        raise ProjectError({"organization": _("Choose a municipality of the project.")})
    if amount_sek < 0:
        raise ProjectError({"amount_sek": _("The amount cannot be negative.")})
    with acting_as(user):
        row, _created = CoFinancing.objects.update_or_create(
            grant=grant,
            organization=organization,
            defaults={"amount_sek": amount_sek, "in_kind": in_kind},
        )
    return row


def budget_period_set(
    *,
    user,
    grant: Grant,
    start_date: datetime.date,
    end_date: datetime.date,
    budget_sek: Decimal,
    cost_sek: Decimal = Decimal("0"),
    note: str = "",
) -> BudgetPeriod:
    """Budget and recorded costs for a period (keyed by its start)."""
    _require_manage(user, grant.project)
    if end_date < start_date:
        raise ProjectError({"end_date": _("The end must be on or after the start.")})
    if budget_sek < 0 or cost_sek < 0:
        raise ProjectError(_("Amounts cannot be negative."))
    with acting_as(user):
        period, _created = BudgetPeriod.objects.update_or_create(
            grant=grant,
            start_date=start_date,
            defaults={
                "end_date": end_date,
                "budget_sek": budget_sek,
                "cost_sek": cost_sek,
                "note": note,
            },
        )
    return period


def funder_report_add(*, user, grant: Grant, title: str, due_date: datetime.date) -> FunderReport:
    _require_manage(user, grant.project)
    with acting_as(user):
        return FunderReport.objects.create(grant=grant, title=title, due_date=due_date)


def funder_report_submit(
    *, user, report: FunderReport, on: datetime.date | None = None
) -> FunderReport:
    _require_manage(user, report.grant.project)
    with acting_as(user):
        report.submitted_on = on or timezone.localdate()
        report.save(update_fields=["submitted_on"])
    return report


def funder_reports_remind(*, today: datetime.date | None = None) -> int:
    """Notify project managers of reports to funders due within 14 days; each report once
    (claimed with a conditional update, so two beat runs never remind twice)."""
    from ..selectors import funder_reports_due

    today = today or timezone.localdate()
    count = 0
    for report in funder_reports_due(until=today + datetime.timedelta(days=REMIND_DAYS_BEFORE)):
        with transaction.atomic():
            claimed = FunderReport.objects.filter(pk=report.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            project = report.grant.project
            notify(
                recipient=project.project_manager,
                event="projects.funder_report_due",
                title=gettext_lazy("A report to a funder is due soon"),
                body=f"{report.title} ({report.grant.funder}): {report.due_date:%Y-%m-%d}",
                url=project.get_absolute_url() + "#funding",
                dedupe_key=f"projects.funder_report:{report.pk}",
            )
            count += 1
    return count
