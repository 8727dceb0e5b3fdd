"""Reads for the reports over many cases (the network portfolio): which cases an
organisation leads, who takes part at which stage, and how long cases stay in a stage.

These are not scoped to a user: the report checks that its reader may see the network
(`reports`), and shows counts and the cases of the network's own municipalities.
"""

from datetime import date

from django.db import connection
from django.db.models import Count, QuerySet

from ..models import ProcurementCase


def cases_led_by(
    organization_ids, *, created_from: date | None = None, created_until: date | None = None
) -> QuerySet[ProcurementCase]:
    """The cases led by one of `organization_ids`, created in the period (bounds included)."""
    cases = ProcurementCase.objects.filter(lead_organization_id__in=organization_ids)
    if created_from:
        cases = cases.filter(created_at__date__gte=created_from)
    if created_until:
        cases = cases.filter(created_at__date__lte=created_until)
    return cases


def participations_by_stage(cases, organization_ids) -> dict[int, dict[str, int]]:
    """{organisation id: {stage: number of `cases` it takes part in}} (every organisation
    of `organization_ids` present, with {} when it takes part in none)."""
    through = ProcurementCase.participating_organizations.through
    rows = (
        through.objects.filter(procurementcase__in=cases, organization_id__in=organization_ids)
        .values("organization_id", "procurementcase__stage")
        .annotate(n=Count("id"))
    )
    grid: dict[int, dict[str, int]] = {pk: {} for pk in organization_ids}
    for row in rows:
        grid[row["organization_id"]][row["procurementcase__stage"]] = row["n"]
    return grid


def participations_count(cases, organization_ids) -> dict[int, int]:
    """{organisation id: number of `cases` it takes part in} (absent when none)."""
    through = ProcurementCase.participating_organizations.through
    return dict(
        through.objects.filter(procurementcase__in=cases, organization_id__in=organization_ids)
        .values_list("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )


def _stage_event_model():
    """The pghistory event model of ProcurementCase that records the stage."""
    from django.apps import apps

    for model in apps.get_app_config("procurements").get_models():
        try:
            obj_field = model._meta.get_field("pgh_obj")
            model._meta.get_field("stage")
        except Exception:  # noqa: S112 - not an event model of the case
            continue
        if obj_field.related_model is ProcurementCase:
            return model
    return None


_DURATIONS_SQL = """
    WITH ev AS (
        SELECT pgh_obj_id AS case_id, stage, pgh_created_at AS at, pgh_id,
               LAG(stage) OVER (PARTITION BY pgh_obj_id ORDER BY pgh_created_at, pgh_id)
                   AS prev
        FROM {table}
        WHERE pgh_obj_id = ANY(%s)
    ), stays AS (
        SELECT case_id, stage, at,
               LEAD(at) OVER (PARTITION BY case_id ORDER BY at, pgh_id) AS left_at
        FROM ev WHERE prev IS NULL OR prev <> stage
    )
    SELECT stage,
           COUNT(*) FILTER (WHERE left_at IS NOT NULL),
           AVG(EXTRACT(EPOCH FROM (left_at - at))) FILTER (WHERE left_at IS NOT NULL),
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (left_at - at)))
               FILTER (WHERE left_at IS NOT NULL),
           COUNT(*) FILTER (WHERE left_at IS NULL),
           AVG(EXTRACT(EPOCH FROM (NOW() - at))) FILTER (WHERE left_at IS NULL)
    FROM stays GROUP BY stage
"""


def _days(seconds) -> float | None:
    return round(float(seconds) / 86400.0, 1) if seconds is not None else None


def stage_durations(case_ids: list[int]) -> dict[str, dict]:
    """Per stage: completed stays (count, average and median days) and ongoing stays,
    from the case history (a stage stay starts when the stage changes)."""
    model = _stage_event_model()
    if model is None or not case_ids:
        return {}
    # the table name comes from the model, values are parameters
    sql = _DURATIONS_SQL.format(table=connection.ops.quote_name(model._meta.db_table))
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(case_ids)])
        for stage, finished, avg, median, ongoing, ongoing_avg in cursor.fetchall():
            result[stage] = {
                "finished": finished,
                "avg_days": _days(avg),
                "median_days": _days(median),
                "ongoing": ongoing,
                "ongoing_avg_days": _days(ongoing_avg),
            }
    return result
