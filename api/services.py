import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import acting_as

from .models import PersonalAccessToken, TokenScope

MAX_TOKEN_DAYS = 365
TOKEN_PREFIX = "smv_"  # noqa: S105 - a public prefix, not a secret


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user, name: str, scope: str, days: int) -> tuple[PersonalAccessToken, str]:
    """Create a token for `user`; returns the row and the raw token (shown once)."""
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name, e.g. the system that uses it.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose read only or read and write.")})
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {"days": _("A token is valid for 1 to %(max)s days.") % {"max": MAX_TOKEN_DAYS}}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(user, reason="API token created"):
        token = PersonalAccessToken.objects.create(
            user=user,
            name=name.strip(),
            prefix=raw[:10],
            token_hash=hash_token(raw),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
    return token, raw


def token_revoke(*, token: PersonalAccessToken, by) -> PersonalAccessToken:
    with transaction.atomic(), acting_as(by, reason="API token revoked"):
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token
