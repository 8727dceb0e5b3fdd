"""Requests for information: the RFI, its questions and its invitations."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.arrival import arrived_in_time

from ..enums import (
    InvitationMode,
    QuestionKind,
    RfiState,
)
from .base import AnchoredModel


@pghistory.track()
class Rfi(AnchoredModel):
    """A Request for Information: background, the need, questions, a deadline, invitees."""

    title = models.CharField(_("title"), max_length=300)
    background = models.TextField(_("background"))
    need = models.TextField(
        _("the need"), help_text=_("Describe the need in neutral words, not a solution.")
    )
    deadline = models.DateTimeField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=20, choices=RfiState.choices, default=RfiState.DRAFT
    )
    invitation_mode = models.CharField(
        _("who is invited"),
        max_length=20,
        choices=InvitationMode.choices,
        default=InvitationMode.CHOSEN,
    )
    chosen_suppliers = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("chosen suppliers"),
        related_name="+",
        blank=True,
        limit_choices_to={"kind": "supplier"},
    )
    invited_cpv_codes = models.ManyToManyField(
        "core.CpvCode", verbose_name=_("CPV codes"), related_name="+", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for information")
        verbose_name_plural = _("requests for information")
        ordering = ["-deadline", "-pk"]
        constraints = [
            *AnchoredModel.Meta.constraints,
            models.CheckConstraint(
                condition=~models.Q(state=RfiState.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="dialogue_rfi_published_has_date",
            ),
        ]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialogue:rfi-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.open_at(timezone.now())

    @property
    def is_past_deadline(self) -> bool:
        return not arrived_in_time(timezone.now(), self.deadline)

    def open_at(self, moment) -> bool:
        """Whether an answer or a question arriving at `moment` is in time (the same
        rule as for bids: at or before the deadline)."""
        return self.state == RfiState.PUBLISHED and arrived_in_time(moment, self.deadline)


class RfiQuestion(models.Model):
    rfi = models.ForeignKey(
        Rfi, verbose_name=_("RFI"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("question"))
    help_text = models.CharField(_("guidance"), max_length=500, blank=True)
    kind = models.CharField(
        _("kind of answer"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = ArrayField(
        models.CharField(max_length=200), verbose_name=_("options"), default=list, blank=True
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("RFI question")
        verbose_name_plural = _("RFI questions")
        ordering = ["rfi", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=["single", "multiple"]) | models.Q(choices__len__gt=1),
                name="dialogue_question_choices_need_options",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


@pghistory.track()
class RfiInvitation(models.Model):
    """One supplier invited to an RFI. Written when the RFI is published."""

    rfi = models.ForeignKey(
        Rfi, verbose_name=_("RFI"), on_delete=models.CASCADE, related_name="invitations"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="rfi_invitations",
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("invitation e-mailed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("RFI invitation")
        verbose_name_plural = _("RFI invitations")
        ordering = ["supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["rfi", "supplier"], name="dialogue_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.rfi} → {self.supplier}"
