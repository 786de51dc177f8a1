"""Signing out of the site revokes the user's API tokens too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.api import tokens


@receiver(user_logged_out)
def _revoke_tokens(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        tokens.revoke(user)
