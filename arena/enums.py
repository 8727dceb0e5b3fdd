from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonSource(models.TextChoices):
    CASE = "case", _("Procurement case")
    SUBPROJECT = "subproject", _("Subproject")
    SPRINT = "sprint", _("Design sprint")
    OTHER = "other", _("Other experience")


class DocumentKind(models.TextChoices):
    METHOD = "method", _("Method description")
    CONTRACT_TEMPLATE = "contract_template", _("Contract template")
    TENDER_TEMPLATE = "tender_template", _("Tender template")
    EVALUATION_MODEL = "evaluation_model", _("Evaluation model")
    OTHER = "other", _("Other document")


class Audience(models.TextChoices):
    """Who may see (and use) a document or an event."""

    NETWORK = "network", _("The network")
    MUNICIPALITIES = "municipalities", _("All municipalities")
    PUBLIC = "public", _("Everyone, also outside organisations")


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    STUDY_VISIT = "study_visit", _("Study visit")
    INNOVATION_WEEK = "innovation_week", _("Innovation week session")
    CONFERENCE = "conference", _("Conference")
    WORKSHOP = "workshop", _("Workshop")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class PostKind(models.TextChoices):
    EXPERIENCE = "experience", _("Experience")
    QUESTION = "question", _("Question")
