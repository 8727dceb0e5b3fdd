from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import PersonalAccessToken
from .services import hash_token


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer smv_...`: a personal access token from the user's profile."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0] != self.keyword:
            return None
        token = (
            PersonalAccessToken.objects.select_related("user", "user__organization")
            .filter(token_hash=hash_token(parts[1]))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("The token has been revoked."))
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired."))
        if not token.user.may_sign_in:  # deactivated, or their organisation is
            raise exceptions.AuthenticationFailed(_("The account is not active."))
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        # A system calling with a token has no language cookie: answer in the token
        # owner's language (messages, labels), as the pages do for a signed-in person.
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(token.user.language)
            request.LANGUAGE_CODE = token.user.language
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
