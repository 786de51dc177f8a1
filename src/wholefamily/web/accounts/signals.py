"""Sign-ins, sign-outs and failed sign-ins go into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit.record(user, AuditEntry.Action.LOGIN, request=request, obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is not None and user is not None:
        audit.record(user, AuditEntry.Action.LOGOUT, request=request, obj=user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit.record(
        None,
        AuditEntry.Action.LOGIN_FAILED,
        request=request,
        summary=f"Failed sign-in as {str(credentials.get('username', ''))[:100]!r}",
    )
