"""Writes for projects. Keyword-only, validated here, history attached (`acting_as`).

Cut by aggregate: `project` (the project and its goals), `subprojects` (subprojects,
milestones, the risk and decision log), `funding` (grants, co-financing, budget periods,
reports to funders) and `groups` (groups, members, meetings). Callers import from
`projects.services`.

Side effects: a person added to a group and the members of a group whose meeting is
called are notified (in the app and by e-mail, after commit); `funder_reports_remind`
(beat, daily) notifies the project manager 14 days before a report to a funder is due,
once per report.
"""

from ._common import ProjectError
from .funding import (
    REMIND_DAYS_BEFORE,
    budget_period_set,
    cofinancing_set,
    funder_report_add,
    funder_report_submit,
    funder_reports_remind,
    grant_add,
)
from .groups import (
    group_create,
    group_member_add,
    meeting_cancel,
    meeting_create,
    meeting_record,
)
from .project import (
    goal_add,
    goal_assess,
    goal_update,
    project_create,
    project_transition,
    project_update,
)
from .subprojects import (
    log_entry_add,
    log_entry_close,
    log_entry_update,
    milestone_add,
    milestone_reach,
    milestone_update,
    subproject_create,
    subproject_transition,
    subproject_update,
)

__all__ = [
    "REMIND_DAYS_BEFORE",
    "ProjectError",
    "budget_period_set",
    "cofinancing_set",
    "funder_report_add",
    "funder_report_submit",
    "funder_reports_remind",
    "goal_add",
    "goal_assess",
    "goal_update",
    "grant_add",
    "group_create",
    "group_member_add",
    "log_entry_add",
    "log_entry_close",
    "log_entry_update",
    "meeting_cancel",
    "meeting_create",
    "meeting_record",
    "milestone_add",
    "milestone_reach",
    "milestone_update",
    "project_create",
    "project_transition",
    "project_update",
    "subproject_create",
    "subproject_transition",
    "subproject_update",
]
