"""A requested PDF report: who asked, for what, its build state and the stored file.

The build state lives in the database (not only in Redis), so the progress page keeps
working whatever happens to the broker, and a report is never left spinning: the sweeper
re-enqueues queued reports and fails reports whose worker died.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo

from .enums import ReportState


class Report(models.Model):
    kind = models.CharField(_("kind of report"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports_requested",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to=RandomUploadTo("reports"), blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, blank=True)
    rebuilt_from = models.ForeignKey(
        "self",
        verbose_name=_("rebuilt from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rebuilds",
    )
    # What a viewer must be allowed to see everything in the built file, stored with it:
    # [[permission, "app.model", pk], ...] from the kind's context (`report_requires`).
    requires = models.JSONField(_("required permissions"), default=list, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Touched every few seconds while a worker builds: a build whose heartbeat stopped
    # (its worker died) is taken over by the next run instead of waiting for the sweep.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    claim_token = models.CharField(_("build claim"), max_length=32, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"]),
            models.Index(fields=["network", "-created_at"]),
            models.Index(
                fields=["created_at"],
                condition=models.Q(state__in=["queued", "running"]),
                name="report_unfinished_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_percent"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="done") | ~models.Q(file=""),
                name="report_done_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="failed") | ~models.Q(error_message=""),
                name="report_failed_has_message",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.state in (ReportState.DONE, ReportState.FAILED)

    @property
    def kind_object(self):
        from core.registry import report_kinds

        return report_kinds().get(self.kind)

    @property
    def kind_label(self) -> str:
        kind = self.kind_object
        return str(kind.title) if kind else self.kind

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        date = (self.finished_at or self.created_at).strftime("%Y-%m-%d")
        return f"{slugify(self.title)[:80] or 'rapport'}-{date}.pdf"
