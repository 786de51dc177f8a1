"""Signing out ends the user's offline copies on the server too, as the page deletes them from the browser: a
copy is taken again, on whichever device, by keeping the family for offline use once more."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.offline import copies


@receiver(user_logged_out)
def _end_offline_copies(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        copies.end_all(user)
