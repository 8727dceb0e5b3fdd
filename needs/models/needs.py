"""Needs, their assessors, notes, comments and attachments."""

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from ..enums import Department, NeedStatus
from .challenges import (
    Challenge,
)
from .common import (
    AnswerOption,
    _search_trigger,
)


@pghistory.track(exclude=["search_vector"])
class Need(TimeStampedModel):
    """A problem described by a member of staff, in their own words (not a product)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    title = models.CharField(_("title"), max_length=300)
    problem = models.TextField(_("the problem"))
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.DRAFT
    )
    department = models.CharField(
        _("department"), max_length=30, choices=Department.choices, default=Department.OTHER
    )
    affected = models.TextField(_("who is affected"), blank=True)
    current_cost = models.TextField(_("today's cost or pain"), blank=True)
    desired_effect = models.TextField(_("the effect wished for"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        related_name="merged_needs",
        null=True,
        blank=True,
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.SET_NULL,
        related_name="needs",
        null=True,
        blank=True,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    answer = models.ForeignKey(
        AnswerOption,
        verbose_name=_("answer"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessors"),
        through="NeedAssessor",
        through_fields=("need", "assessor"),
        related_name="needs_to_assess",
        blank=True,
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="needs_need_search", fastupdate=False),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="needs_need_title_trgm"),
            models.Index(fields=["organization", "status"], name="needs_need_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NeedStatus.values), name="needs_need_status_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(title="") & ~models.Q(problem__regex=r"^\s*$"),
                name="needs_need_title_problem_not_empty",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="needs_need_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=models.Q(status=NeedStatus.MERGED, merged_into__isnull=False)
                | (~models.Q(status=NeedStatus.MERGED) & models.Q(merged_into__isnull=True)),
                name="needs_need_merged_has_survivor",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=NeedStatus.REJECTED) | ~models.Q(status_reason=""),
                name="needs_need_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status=NeedStatus.DRAFT) | models.Q(submitted_at__isnull=False),
                name="needs_need_submitted_has_date",
            ),
        ]
        triggers = [
            _search_trigger(
                "need_search_vector",
                [
                    ("coalesce(NEW.title, '')", "A"),
                    ("coalesce(NEW.problem, '')", "B"),
                    (
                        "coalesce(NEW.affected, '') || ' ' || coalesce(NEW.current_cost, '')"
                        " || ' ' || coalesce(NEW.desired_effect, '')",
                        "C",
                    ),
                ],
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:need-detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == NeedStatus.DRAFT

    @property
    def is_assessed(self) -> bool:
        return self.answered_at is not None or self.status == NeedStatus.REJECTED


class NeedAssessor(models.Model):
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.CASCADE,
        related_name="need_assessments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["need", "assessor"], name="needs_assessor_once")
        ]

    def __str__(self) -> str:
        return f"{self.assessor} – {self.need}"


class AssessmentNote(TimeStampedModel):
    """A private note of the assessors on a need; a note may reply to another."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="assessment_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        related_name="replies",
        null=True,
        blank=True,
    )
    body = models.TextField(_("note"))

    class Meta:
        verbose_name = _("assessment note")
        verbose_name_plural = _("assessment notes")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body__regex=r"^\s*$"), name="needs_note_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class NeedComment(TimeStampedModel):
    """A comment on a submitted need, seen by everyone who sees the need."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    body = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(body__regex=r"^\s*$"), name="needs_comment_not_empty"
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]


class NeedAttachment(TimeStampedModel):
    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=RandomUploadTo("needs"))
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("needs:attachment-download", kwargs={"pk": self.pk})
