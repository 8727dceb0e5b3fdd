"""Helpers the need services share, and the default answer options."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from ..enums import (
    DEFAULT_ANSWER_OPTIONS,
)
from ..models import (
    AnswerOption,
)

NEED_TEXT_FIELDS = ("title", "problem", "affected", "current_cost", "desired_effect")


def _lazy(message, params: dict):
    """A message translated (and filled in) only when rendered, in the reader's language."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in params.items()}, str)()


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do that."))


def _clean_need_fields(fields: dict) -> dict:
    cleaned = {key: (fields.get(key) or "").strip() for key in NEED_TEXT_FIELDS if key in fields}
    errors = {}
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = _("Give the need a short title.")
    if "problem" in cleaned and not cleaned["problem"]:
        errors["problem"] = _("Describe the problem in your own words.")
    if errors:
        raise ValidationError(errors)
    if "department" in fields:
        cleaned["department"] = fields["department"]
    return cleaned


def answer_options_ensure() -> None:
    """Make sure the default answer options exist (they are configurable afterwards)."""
    for code, label_sv, label_en, status, order in DEFAULT_ANSWER_OPTIONS:
        AnswerOption.objects.get_or_create(
            code=code,
            defaults={
                "label_sv": label_sv,
                "label_en": label_en,
                "resulting_status": status,
                "order": order,
            },
        )


def _option_for(status: str) -> AnswerOption:
    option = AnswerOption.objects.filter(resulting_status=status, is_active=True).first()
    if option is None:
        answer_options_ensure()
        option = AnswerOption.objects.filter(resulting_status=status).first()
    return option


def _network_org_ids(organization_id: int) -> set[int]:
    from organizations.models import Network

    through = Network.members.through
    ids = set(
        through.objects.filter(
            network__in=through.objects.filter(organization_id=organization_id).values("network_id")
        ).values_list("organization_id", flat=True)
    )
    return ids | {organization_id}
