from django.db import models
from django.utils.translation import gettext_lazy as _


class RfiState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


ALLOWED_RFI_TRANSITIONS = {
    RfiState.DRAFT: {RfiState.PUBLISHED, RfiState.CANCELLED},
    RfiState.PUBLISHED: {RfiState.CANCELLED},
    RfiState.CANCELLED: set(),
}


class InvitationMode(models.TextChoices):
    CHOSEN = "chosen", _("Chosen suppliers")
    CPV = "cpv", _("Suppliers with given CPV codes")
    OPEN = "open", _("Open to all registered suppliers")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    FILE = "file", _("File")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class ActivityKind(models.TextChoices):
    SUPPLIER_MEETING = "supplier_meeting", _("Supplier meeting")
    WORKSHOP = "workshop", _("Workshop with suppliers")
    VISIT = "visit", _("Visit to another municipality")
    DEMONSTRATION = "demonstration", _("Demonstration")
    BID_PRESENTATION = "bid_presentation", _("Bid presentation")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")
    CONSULTATION = "consultation", _("Consultation round (remiss)")


class Direction(models.TextChoices):
    TO_SUPPLIER = "to_supplier", _("To supplier")
    FROM_SUPPLIER = "from_supplier", _("From supplier")
