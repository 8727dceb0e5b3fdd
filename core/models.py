"""Cross-cutting model bases."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class CpvCode(models.Model):
    """Common Procurement Vocabulary (CPV 2008) main codes, in Swedish and English."""

    code = models.CharField(_("CPV code"), max_length=10, primary_key=True)
    label_sv = models.CharField(_("label (Swedish)"), max_length=400)
    label_en = models.CharField(_("label (English)"), max_length=400)

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        from django.utils import translation

        return self.label_en if translation.get_language() == "en" else self.label_sv

    @property
    def division(self) -> str:
        """The first two digits: the division (e.g. 39 furniture)."""
        return self.code[:2]


class JobState(models.TextChoices):
    PENDING = "pending", _("waiting to be published")
    PUBLISHING = "publishing", _("being published")
    PUBLISHED = "published", _("published")


class OutboxJob(models.Model):
    """One background job, stored in the same transaction as the change that asks for it.

    `core.tasks.enqueue_on_commit` writes the row; after commit the web process publishes
    it to Celery, and the sweeper (`core.sweep_jobs`, beat, and at worker start)
    publishes whatever is still waiting, e.g. because Redis was down. The tasks
    themselves are idempotent, so a rare second publish does no harm.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=JobState.choices, default=JobState.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts to publish"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(state__in=["pending", "publishing"]),
                name="outbox_job_waiting_idx",
            ),
            models.Index(
                fields=["published_at"],
                condition=models.Q(state="published"),
                name="outbox_job_published_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "publishing", "published"]),
                name="outbox_job_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="outbox_job_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.args}"
