"""What every dialogue service shares: the message log, permission checks, dates."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from organizations.enums import OrganizationKind
from organizations.models import User

from .. import selectors
from ..models import (
    SupplierMessage,
)

REMINDER_BEFORE = timedelta(days=2)
ANSWER_FILE_MAX_BYTES = 20 * 1024 * 1024


def _in_default_language(message) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def _log(
    *,
    anchor_of,
    direction: str,
    subject: str,
    body: str = "",
    supplier=None,
    author=None,
    rfi=None,
    activity=None,
) -> SupplierMessage:
    return SupplierMessage.objects.create(
        case_id=anchor_of.case_id,
        challenge_id=anchor_of.challenge_id,
        direction=direction,
        subject=subject[:300],
        body=body,
        supplier=supplier,
        author=author,
        rfi=rfi,
        activity=activity,
    )


def _anchor_fields(anchor) -> dict:
    return selectors.anchor_filter(anchor)


def _require(user, perm: str, obj) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _local(dt) -> str:
    return formats.date_format(timezone.localtime(dt), "DATETIME_FORMAT")


def _supplier_users(organization_ids) -> list[User]:
    return list(
        User.objects.filter(
            organization_id__in=list(organization_ids),
            is_active=True,
            organization__kind=OrganizationKind.SUPPLIER,
        ).order_by("pk")
    )


def _title(user, message, title: str) -> str:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return str(message) % {"title": title}
