"""API tokens (django-rest-knox): kept only as a SHA-512 digest, shown once when issued, lasting one working
day; then the client asks again (with the password, so django-axes lock-out applies every time). Signing out
of the site, or ``DELETE /api/token/``, revokes every token of the user."""

from __future__ import annotations

import datetime as dt
import re
from hmac import compare_digest
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.exceptions import AuthenticationFailed

from wholefamily.web.accounts.models import User

LIFETIME = dt.timedelta(hours=10)
_KEY = re.compile(r"[0-9a-f]{64}")


def expires(token: AuthToken) -> dt.datetime:
    expiry: dt.datetime = token.expiry
    return expiry


def issue(user: User) -> tuple[AuthToken, str]:
    """A new token for ``user``: the stored record (its digest only) and the token itself, which is never
    stored and so can be shown only this once. The user's expired tokens go."""
    AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    token, key = AuthToken.objects.create(user=user, expiry=LIFETIME)
    return token, key


class ExpiringTokenAuthentication(TokenAuthentication):  # type: ignore[misc]
    """``Authorization: Token <token>``, refused once the token has expired (and then removed)."""

    def authenticate_credentials(self, token: bytes) -> tuple[User, AuthToken]:
        try:
            key = token.decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed("Invalid token.") from None
        if not _KEY.fullmatch(key):  # junk never reaches the database (PostgreSQL refuses NUL characters)
            raise AuthenticationFailed("Invalid token.")
        digest = hash_token(key)
        candidates = AuthToken.objects.filter(token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH]).select_related(
            "user"
        )
        for stored in candidates:
            if compare_digest(digest, stored.digest):
                if stored.expiry is not None and stored.expiry <= timezone.now():
                    stored.delete()
                    raise AuthenticationFailed("Token has expired: ask for a new one at /api/token/.")
                user, auth = self.validate_user(stored)
                return user, auth
        raise AuthenticationFailed("Invalid token.")


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """How the OpenAPI schema describes the token (as it did DRF's): ``Authorization: Token <token>``."""

    target_class = "wholefamily.web.api.tokens.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition: dict[str, Any] = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
        return definition


def revoke(user: User | Any) -> int:
    """Remove every token of ``user``; how many there were."""
    if not getattr(user, "pk", None):
        return 0
    deleted: int = AuthToken.objects.filter(user=user).delete()[0]
    return deleted
