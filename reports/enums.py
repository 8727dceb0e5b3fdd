from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# What the build task may move a report between (the task is the only writer of state).
ALLOWED_TRANSITIONS = {
    ReportState.QUEUED: {ReportState.RUNNING, ReportState.FAILED},
    ReportState.RUNNING: {ReportState.DONE, ReportState.FAILED, ReportState.QUEUED},
    ReportState.DONE: set(),
    ReportState.FAILED: set(),
}
