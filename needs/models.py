"""Needs, challenges, workshops and prioritisation rounds.

Need and Challenge were created by the foundation as anchors (procurements refers to
them); this app extends them. Rules live in services.py; the database refuses what must
never happen (see each Meta.constraints).
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from .enums import Department, NeedStatus, RoundStatus

SCALE_LIMIT = 10  # no round may score above this


def _search_trigger(name: str, weighted: list[tuple[str, str]]) -> pgtrigger.Trigger:
    """A BEFORE trigger that keeps `search_vector` in step with the text columns (Swedish)."""
    parts = " || ".join(
        f"setweight(to_tsvector('pg_catalog.swedish', {expr}), '{weight}')"
        for expr, weight in weighted
    )
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"NEW.search_vector := {parts}; RETURN NEW;",
    )


class AnswerOption(models.Model):
    """A configurable answer an assessor gives a need (e.g. "not now"), with its effect."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label_sv = models.CharField(_("label (Swedish)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    resulting_status = models.CharField(
        _("resulting status"),
        max_length=20,
        choices=[
            (NeedStatus.IN_CHALLENGE.value, NeedStatus.IN_CHALLENGE.label),
            (NeedStatus.MERGED.value, NeedStatus.MERGED.label),
            (NeedStatus.SOLVED_OTHERWISE.value, NeedStatus.SOLVED_OTHERWISE.label),
            (NeedStatus.DEFERRED.value, NeedStatus.DEFERRED.label),
        ],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if translation.get_language() == "en" else self.label_sv


@pghistory.track(exclude=["search_vector"])
class Challenge(TimeStampedModel):
    """A sharpened description of a problem that several needs and municipalities share."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("need owner"),
        on_delete=models.PROTECT,
        related_name="owned_challenges",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="challenges",
        null=True,
        blank=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("need owner (person)"),
        on_delete=models.PROTECT,
        related_name="owned_challenges",
        null=True,
        blank=True,
    )
    expected_effect = models.TextField(_("expected effect"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="needs_challenge_search", fastupdate=False)
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title=""), name="needs_challenge_title_not_empty"
            )
        ]
        triggers = [
            _search_trigger(
                "challenge_search_vector",
                [
                    ("coalesce(NEW.title, '')", "A"),
                    ("coalesce(NEW.description, '')", "B"),
                    ("coalesce(NEW.expected_effect, '')", "C"),
                ],
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:challenge-detail", kwargs={"pk": self.pk})


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


class ChallengeParticipation(TimeStampedModel):
    """A municipality declares "we have this need too" for a challenge."""

    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="challenge_participations",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("we have this need too")
        verbose_name_plural = _("we have this need too")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organization"], name="needs_participation_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.challenge}"


@pghistory.track()
class Workshop(TimeStampedModel):
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("link to the meeting"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organized_workshops",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        through="WorkshopParticipant",
        related_name="workshops",
        blank=True,
    )
    needs = models.ManyToManyField(
        Need, verbose_name=_("needs raised"), related_name="workshops", blank=True
    )
    challenges = models.ManyToManyField(
        Challenge, verbose_name=_("challenges raised"), related_name="workshops", blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The calendar file's SEQUENCE: raised on every change of the time, place or title.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="needs_workshop_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_link=""),
                name="needs_workshop_has_place_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:workshop-detail", kwargs={"pk": self.pk})


class WorkshopParticipant(models.Model):
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="workshop_participations",
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    invitation_sent_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="needs_workshop_user_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.workshop}"


@pghistory.track()
class PriorityRound(TimeStampedModel):
    """A coordinator's round in which participants score challenges on criteria."""

    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="priority_rounds",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    challenges = models.ManyToManyField(
        Challenge,
        verbose_name=_("challenges"),
        through="RoundChallenge",
        related_name="priority_rounds",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        related_name="priority_rounds",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("scoring deadline"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("prioritisation round")
        verbose_name_plural = _("prioritisation rounds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_min__gte=0)
                & models.Q(scale_max__gt=models.F("scale_min"))
                & models.Q(scale_max__lte=SCALE_LIMIT),
                name="needs_round_scale_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=RoundStatus.DECIDED)
                | (~models.Q(decision="") & models.Q(decided_at__isnull=False)),
                name="needs_round_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("needs:round-detail", kwargs={"pk": self.pk})

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class RoundChallenge(models.Model):
    round = models.ForeignKey(
        PriorityRound,
        verbose_name=_("prioritisation round"),
        on_delete=models.CASCADE,
        related_name="round_challenges",
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.PROTECT,
        related_name="round_entries",
    )
    selected = models.BooleanField(_("chosen"), default=False)

    class Meta:
        verbose_name = _("challenge in a round")
        verbose_name_plural = _("challenges in a round")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "challenge"], name="needs_round_challenge_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.challenge}"


class PriorityCriterion(models.Model):
    round = models.ForeignKey(
        PriorityRound,
        verbose_name=_("prioritisation round"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="needs_criterion_name_once"),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="needs_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PriorityScore(models.Model):
    """One participant's score of one challenge on one criterion.

    The score's bounds are copied from the round (a check constraint cannot look into
    another table); a trigger refuses a copy that differs from the round's scale, and the
    check constraint refuses a value outside the bounds.
    """

    round = models.ForeignKey(
        PriorityRound,
        verbose_name=_("prioritisation round"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.ForeignKey(
        PriorityCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="priority_scores",
    )
    value = models.SmallIntegerField(_("score"))
    scale_min = models.SmallIntegerField(_("lowest score"))
    scale_max = models.SmallIntegerField(_("highest score"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "challenge", "participant"], name="needs_score_once"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=models.F("scale_min"))
                & models.Q(value__lte=models.F("scale_max")),
                name="needs_score_within_scale",
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="score_scale_matches_round",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=(
                    "IF NOT EXISTS (SELECT 1 FROM needs_priorityround r WHERE r.id = NEW.round_id"
                    " AND r.scale_min = NEW.scale_min AND r.scale_max = NEW.scale_max) THEN"
                    " RAISE EXCEPTION 'score scale differs from its round'"
                    " USING ERRCODE = 'check_violation'; END IF; RETURN NEW;"
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.challenge} / {self.criterion}: {self.value}"
