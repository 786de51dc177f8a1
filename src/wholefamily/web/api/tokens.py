"""API tokens that expire: a token lasts one working day from when it was issued, then the client asks again
(with the password, so django-axes lock-out applies every time)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from wholefamily.web.accounts.models import User

LIFETIME = dt.timedelta(hours=10)
_KEY = re.compile(r"[0-9a-f]{40}")


def expires(token: Token) -> dt.datetime:
    created: dt.datetime = token.created
    return created + LIFETIME


def issue(user: User) -> Token:
    """The user's current token, or a new one when they have none or it has expired."""
    token, _ = Token.objects.get_or_create(user=user)
    if expires(token) <= timezone.now():
        token.delete()
        token, _ = Token.objects.get_or_create(user=user)
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, refused once the token is older than ``LIFETIME``."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        if not _KEY.fullmatch(key):  # junk never reaches the database (PostgreSQL refuses NUL characters)
            raise AuthenticationFailed("Invalid token.")
        user, token = super().authenticate_credentials(key)
        if expires(token) <= timezone.now():
            token.delete()
            raise AuthenticationFailed("Token has expired: ask for a new one at /api/token/.")
        return user, token


def revoke(user: User) -> None:
    Token.objects.filter(user=user).delete()
