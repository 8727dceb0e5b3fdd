from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import PersonalAccessToken, TokenScope


class TokenScopeAllows(permissions.BasePermission):
    """A read-only token may only read (403 on any write)."""

    message = _("This token is read-only.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if isinstance(token, PersonalAccessToken) and token.scope == TokenScope.READ:
            return request.method in permissions.SAFE_METHODS
        return True
