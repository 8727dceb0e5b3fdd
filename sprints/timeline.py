"""What design sprints add to a procurement case's timeline: sprint outcomes that led to it."""

from django.utils.translation import gettext as _

from procurements.timeline import TimelineEntry

from .selectors import call_offs_for_user


def entries(case, user) -> list:
    call_offs = (
        call_offs_for_user(user)
        .filter(outcome__procurement_case=case)
        .select_related("outcome", "supplier")
    )
    return [
        TimelineEntry(
            when=call_off.outcome.created_at,
            title=_("Design sprint: %(title)s") % {"title": call_off.title},
            kind="sprint",
            actor=str(call_off.supplier or ""),
            detail=call_off.outcome.next_steps,
            url=call_off.get_absolute_url(),
        )
        for call_off in call_offs
    ]
