"""Dialogue activities (meetings, workshops, visits, consultation rounds), their files and
the consultation's sections and comments."""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo

from ..enums import (
    ActivityKind,
)
from .base import AnchoredModel


@pghistory.track()
class DialogueActivity(AnchoredModel):
    """A supplier meeting, a workshop, a visit, a demonstration, a consultation round..."""

    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    internal_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("internal participants"),
        related_name="dialogue_activities",
        blank=True,
    )
    supplier_organizations = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("supplier organisations"),
        related_name="dialogue_activities",
        blank=True,
        limit_choices_to={"kind": "supplier"},
    )
    supplier_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supplier participants"),
        related_name="dialogue_activities_as_supplier",
        blank=True,
    )
    other_participants = models.TextField(
        _("other participants"),
        blank=True,
        help_text=_("People without an account, e.g. hosts at the visited municipality."),
    )
    comments_until = models.DateTimeField(
        _("comments until"),
        null=True,
        blank=True,
        help_text=_("For a consultation round: the last moment to comment."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The calendar file's SEQUENCE: raised on every change of the activity.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)

    class Meta:
        verbose_name = _("dialogue activity")
        verbose_name_plural = _("dialogue activities")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            *AnchoredModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="dialogue_activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="consultation") | models.Q(comments_until__isnull=False),
                name="dialogue_consultation_has_end",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:activity-detail", kwargs={"pk": self.pk})

    @property
    def is_consultation(self) -> bool:
        return self.kind == ActivityKind.CONSULTATION

    @property
    def accepts_comments(self) -> bool:
        return self.is_consultation and self.comments_until and timezone.now() < self.comments_until


@pghistory.track()
class ActivityFile(models.Model):
    activity = models.ForeignKey(
        DialogueActivity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("dialogue/activities"), max_length=200
    )
    name = models.CharField(_("file name"), max_length=255)
    description = models.CharField(_("description"), max_length=300, blank=True)
    shared_with_suppliers = models.BooleanField(
        _("shared with the supplier participants"), default=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class ConsultationSection(models.Model):
    """A named section of the draft document in a consultation round."""

    activity = models.ForeignKey(
        DialogueActivity,
        verbose_name=_("consultation round"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    heading = models.CharField(_("section"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("document section")
        verbose_name_plural = _("document sections")
        ordering = ["activity", "position", "pk"]

    def __str__(self) -> str:
        return self.heading


@pghistory.track()
class ConsultationComment(models.Model):
    section = models.ForeignKey(
        ConsultationSection,
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
