"""Pages for projects. Thin: every object comes from a selector taking the user (a
foreign project answers 404), every write goes through a service. Cut by aggregate like
the services; `urls.py` uses the names re-exported here."""

from .funding import cofinancing_add, funder_report_add, funder_report_submit, grant_add, period_add
from .groups import (
    group_create,
    group_detail,
    meeting_cancel,
    meeting_create,
    meeting_detail,
    meeting_ics_download,
)
from .project import (
    goal_add,
    goal_assess,
    goal_edit,
    project_close,
    project_create,
    project_detail,
    project_edit,
    project_list,
)
from .subprojects import (
    log_add,
    log_close,
    log_edit,
    milestone_add,
    milestone_edit,
    milestone_reach,
    subproject_create,
    subproject_edit,
    subproject_end,
)

__all__ = [
    "cofinancing_add",
    "funder_report_add",
    "funder_report_submit",
    "goal_add",
    "goal_assess",
    "goal_edit",
    "grant_add",
    "group_create",
    "group_detail",
    "log_add",
    "log_close",
    "log_edit",
    "meeting_cancel",
    "meeting_create",
    "meeting_detail",
    "meeting_ics_download",
    "milestone_add",
    "milestone_edit",
    "milestone_reach",
    "period_add",
    "project_close",
    "project_create",
    "project_detail",
    "project_edit",
    "project_list",
    "subproject_create",
    "subproject_edit",
    "subproject_end",
]
