"""What the market dialogue adds to a procurement case's timeline: activities, RFIs
(published, deadline, number of answers) and questions and answers."""

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procurements.timeline import TimelineEntry

from . import selectors
from .enums import ResponseState, RfiState


def entries(case, user) -> list[TimelineEntry]:
    return entries_for_anchor(selectors.anchor_filter(case), user)


def entries_for_anchor(where: dict, user) -> list[TimelineEntry]:
    result: list[TimelineEntry] = []
    is_supplier = user.is_supplier_user
    activities = selectors.activities_for_user(user).filter(**where).select_related("created_by")
    for activity in activities:
        result.append(
            TimelineEntry(
                when=activity.starts_at,
                title=f"{activity.get_kind_display()}: {activity.title}",
                kind="dialogue",
                actor="" if is_supplier else str(activity.created_by),
                detail=activity.purpose[:300],
                url=activity.get_absolute_url(),
            )
        )
    rfis = (
        selectors.rfis_for_user(user)
        .filter(**where)
        .exclude(state=RfiState.DRAFT)
        .select_related("published_by")
        .annotate(submitted=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)))
    )
    now = timezone.now()
    for rfi in rfis:
        result.append(
            TimelineEntry(
                when=rfi.published_at,
                title=_("Request for information published: %(title)s") % {"title": rfi.title},
                kind="rfi",
                actor=str(rfi.published_by or ""),
                detail=_("Deadline %(deadline)s")
                % {
                    "deadline": formats.date_format(
                        timezone.localtime(rfi.deadline), "DATETIME_FORMAT"
                    )
                },
                url=rfi.get_absolute_url(),
            )
        )
        if rfi.deadline <= now and rfi.state == RfiState.PUBLISHED:
            detail = (
                ngettext("%(n)s answer submitted.", "%(n)s answers submitted.", rfi.submitted)
                % {"n": rfi.submitted}
                if not is_supplier
                else ""
            )
            result.append(
                TimelineEntry(
                    when=rfi.deadline,
                    title=_("Deadline of the request for information: %(title)s")
                    % {"title": rfi.title},
                    kind="rfi",
                    detail=detail,
                    url=rfi.get_absolute_url(),
                )
            )
    clarifications = selectors.clarifications_for_user(user).filter(
        published_at__isnull=False, **{f"rfi__{k}": v for k, v in where.items()}
    )
    for item in clarifications:
        result.append(
            TimelineEntry(
                when=item.published_at,
                title=_("Answer published to all invited suppliers: %(question)s")
                % {"question": item.question[:120]},
                kind="question",
                detail=item.answer[:300],
                url=item.get_absolute_url(),
            )
        )
    return sorted(result, key=lambda entry: entry.when, reverse=True)
