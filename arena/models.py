"""The network arena: lessons learned, a library of documents with versions, events with
registration and a waiting list, and a researcher's follow-along evaluation space."""

import uuid

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import RandomUploadTo
from core.models import TimeStampedModel

from .enums import (
    Audience,
    DocumentKind,
    EventKind,
    LessonSource,
    PostKind,
    RegistrationStatus,
)


@pghistory.track(exclude=["search_vector"])
class Lesson(TimeStampedModel):
    """Experience shared in a network – or, opted in, with every network."""

    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("what we learned"))
    source = models.CharField(
        _("learned from"), max_length=20, choices=LessonSource.choices, default=LessonSource.OTHER
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="lessons",
        null=True,
        blank=True,
    )
    across_networks = models.BooleanField(
        _("share with every network"),
        default=False,
        help_text=_("Other networks' municipalities may read it too."),
    )
    case = models.ForeignKey(
        "procurements.ProcurementCase",
        verbose_name=_("procurement case"),
        on_delete=models.SET_NULL,
        related_name="arena_lessons",
        null=True,
        blank=True,
    )
    subproject = models.ForeignKey(
        "projects.Subproject",
        verbose_name=_("subproject"),
        on_delete=models.SET_NULL,
        related_name="arena_lessons",
        null=True,
        blank=True,
    )
    call_off = models.ForeignKey(
        "sprints.CallOff",
        verbose_name=_("sprint call-off"),
        on_delete=models.SET_NULL,
        related_name="arena_lessons",
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["-created_at"]
        indexes = [GinIndex(fields=["search_vector"], name="lesson_search_gin")]

    def __str__(self) -> str:
        return self.title


@pghistory.track(exclude=["search_vector"])
class Document(TimeStampedModel):
    """A method description, template or evaluation model in the shared library."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    audience = models.CharField(
        _("who may use it"), max_length=20, choices=Audience.choices, default=Audience.NETWORK
    )
    terms = models.CharField(
        _("terms of use"),
        max_length=300,
        blank=True,
        help_text=_("E.g. free to adapt; name the source."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]
        indexes = [GinIndex(fields=["search_vector"], name="document_search_gin")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("arena:document-detail", kwargs={"pk": self.pk})


@pghistory.track()
class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=RandomUploadTo("arena/documents"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="arena_document_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


@pghistory.track()
class Event(TimeStampedModel):
    """A seminar, study visit, innovation-week session or conference."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place or link"), max_length=300)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    audience = models.CharField(
        _("open to"), max_length=20, choices=Audience.choices, default=Audience.NETWORK
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="arena_events",
        null=True,
        blank=True,
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        related_name="arena_events",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(_("calendar version"), default=0)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["audience", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("arena:event-detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.cancelled_at is None


@pghistory.track()
class Registration(TimeStampedModel):
    """A place at an event (or on its waiting list): a signed-in person, or an outside
    person with name and e-mail."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    attended = models.BooleanField(_("took part"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~models.Q(status="cancelled"),
                name="registration_once_per_email",
            ),
            models.CheckConstraint(
                condition=~models.Q(name="") & ~models.Q(email=""),
                name="registration_has_name_and_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"


@pghistory.track()
class EvaluationSpace(TimeStampedModel):
    """A follow-along researcher's space in a project: material collected along the way
    (seen by the researcher and the project's managers) and, once published, the report
    (seen by everyone who sees the project)."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="evaluation_space",
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("researcher"),
        on_delete=models.PROTECT,
        related_name="evaluation_spaces",
    )
    report_title = models.CharField(_("report title"), max_length=300, blank=True)
    report_summary = models.TextField(_("summary"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation space")
        verbose_name_plural = _("evaluation spaces")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (~models.Q(report_title="") & ~models.Q(report_summary="")),
                name="evaluation_published_has_report",
            ),
        ]

    def __str__(self) -> str:
        return str(self.project)

    def get_absolute_url(self) -> str:
        return reverse("arena:evaluation-detail", kwargs={"pk": self.pk})


@pghistory.track()
class EvaluationMaterial(TimeStampedModel):
    space = models.ForeignKey(
        EvaluationSpace,
        verbose_name=_("evaluation space"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    title = models.CharField(_("title"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("material")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


@pghistory.track(exclude=["search_vector"])
class Post(TimeStampedModel):
    """A post in the arena: an experience to share or a question to the network, with
    replies. Seen like lessons: the network's municipalities – or, opted in, every
    network's."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=PostKind.choices, default=PostKind.EXPERIENCE
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="arena_posts",
        null=True,
        blank=True,
    )
    across_networks = models.BooleanField(
        _("share with every network"),
        default=False,
        help_text=_("Other networks' municipalities may read it too."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at"]
        indexes = [GinIndex(fields=["search_vector"], name="post_search_gin")]
        constraints = [models.CheckConstraint(condition=~models.Q(title=""), name="post_title")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("arena:post-detail", kwargs={"pk": self.pk})


@pghistory.track()
class Reply(TimeStampedModel):
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("reply"))
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"
