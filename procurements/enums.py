from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    NEED = "need", _("Need")
    DIALOGUE = "dialogue", _("Dialogue")
    TENDER = "tender", _("Tender")
    EVALUATION = "evaluation", _("Evaluation")
    AWARD = "award", _("Award")
    CONTRACT = "contract", _("Contract")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Procedure(models.TextChoices):
    INNOVATION_PARTNERSHIP = "innovation_partnership", _("Innovation partnership")
    COMPETITIVE_DIALOGUE = "competitive_dialogue", _("Competitive dialogue")
    NEGOTIATED = "negotiated", _("Negotiated procedure with prior publication")
    OPEN = "open", _("Open procedure")
    PRE_COMMERCIAL = "pre_commercial", _("Pre-commercial procurement")
    DESIGN_CONTEST = "design_contest", _("Design contest")
    DIRECT_AWARD = "direct_award", _("Direct award")
