"""Early market dialogue: supplier profiles, RFIs with questions and answers, questions
and answers on RFIs, dialogue activities (meetings, workshops, visits, consultation
rounds) and the log of every message to or from a supplier.

Everything except the supplier profile belongs to a procurement case or, before a case
exists, to a challenge: exactly one of the two is set (a check constraint says so).
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.arrival import arrived_in_time
from core.files import RandomUploadTo
from core.models import TimeStampedModel

from .enums import (
    ActivityKind,
    Direction,
    InvitationMode,
    QuestionKind,
    ResponseState,
    RfiState,
)


@pghistory.track()
class SupplierProfile(TimeStampedModel):
    """What a supplier company offers: a presentation and its areas (CPV codes)."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="supplier_profile",
        limit_choices_to={"kind": "supplier"},
    )
    description = models.TextField(_("presentation"), blank=True)
    cpv_codes = models.ManyToManyField(
        "core.CpvCode", verbose_name=_("areas (CPV codes)"), related_name="supplier_profiles"
    )

    class Meta:
        verbose_name = _("supplier profile")
        verbose_name_plural = _("supplier profiles")

    def __str__(self) -> str:
        return str(self.organization)

    def get_absolute_url(self) -> str:
        return reverse("dialogue:profile-edit")


class AnchoredModel(TimeStampedModel):
    """Belongs to a procurement case or, before one exists, to a challenge."""

    case = models.ForeignKey(
        "procurements.ProcurementCase",
        verbose_name=_("procurement case"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    challenge = models.ForeignKey(
        "needs.Challenge",
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(case__isnull=False) & models.Q(challenge__isnull=True))
                | (models.Q(case__isnull=True) & models.Q(challenge__isnull=False)),
                name="%(app_label)s_%(class)s_one_anchor",
            )
        ]

    @property
    def anchor(self):
        return self.case if self.case_id else self.challenge

    @property
    def owner_organization_id(self) -> int:
        if self.case_id:
            return self.case.lead_organization_id
        return self.challenge.owner_organization_id


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


@pghistory.track()
class RfiResponse(TimeStampedModel):
    """A supplier's answer to an RFI: a draft until submitted; one per supplier."""

    rfi = models.ForeignKey(
        Rfi, verbose_name=_("RFI"), on_delete=models.CASCADE, related_name="responses"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="rfi_responses",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("RFI answer")
        verbose_name_plural = _("RFI answers")
        ordering = ["supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["rfi", "supplier"], name="dialogue_response_once"),
            models.CheckConstraint(
                condition=~models.Q(state="submitted")
                | (models.Q(submitted_at__isnull=False) & models.Q(submitted_by__isnull=False)),
                name="dialogue_response_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.rfi}"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:response-detail", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.state == ResponseState.SUBMITTED


@pghistory.track()
class RfiAnswer(models.Model):
    response = models.ForeignKey(
        RfiResponse, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        RfiQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("text"), blank=True)
    selected = ArrayField(
        models.CharField(max_length=200), verbose_name=_("chosen options"), default=list, blank=True
    )
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("dialogue/answers"), blank=True, max_length=200
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="dialogue_answer_once")
        ]

    def __str__(self) -> str:
        return self.display_value

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.selected or self.number is not None or self.file)

    @property
    def display_value(self) -> str:
        kind = self.question.kind
        if kind == QuestionKind.NUMBER:
            return "" if self.number is None else f"{self.number.normalize():f}"
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return "; ".join(self.selected)
        if kind == QuestionKind.FILE:
            return self.file_name
        return self.text


@pghistory.track()
class Clarification(TimeStampedModel):
    """A supplier's question on an RFI and the officer's answer.

    The answer is published to every invited supplier at once; the asking supplier is
    never shown to the others (equal treatment).
    """

    rfi = models.ForeignKey(
        Rfi, verbose_name=_("RFI"), on_delete=models.CASCADE, related_name="clarifications"
    )
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("asked by (supplier)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (~models.Q(answer="") & models.Q(answered_by__isnull=False)),
                name="dialogue_clarification_published_has_answer",
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]

    def get_absolute_url(self) -> str:
        return reverse("dialogue:rfi-detail", kwargs={"pk": self.rfi_id}) + f"#qa-{self.pk}"


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


class SupplierMessage(AnchoredModel):
    """The log of every message to or from a supplier (documentation duty). Append-only:
    the database refuses updates and deletes."""

    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    supplier = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty when the message went to every invited supplier."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    rfi = models.ForeignKey(
        Rfi,
        verbose_name=_("RFI"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    activity = models.ForeignKey(
        DialogueActivity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("message to or from a supplier")
        verbose_name_plural = _("messages to and from suppliers")
        ordering = ["-created_at", "-pk"]
        constraints = [*AnchoredModel.Meta.constraints]
        triggers = [
            pgtrigger.Protect(
                name="dialogue_message_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            )
        ]

    def __str__(self) -> str:
        return self.subject
