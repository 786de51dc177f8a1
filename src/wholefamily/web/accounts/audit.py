"""Write the audit trail: who saw or changed what, when, from where.

Views call ``record(request.user, ..., request=request)``; the command line passes the acting user or none. Entries are
never updated or deleted by the application.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from wholefamily.web.accounts.models import AuditEntry, User


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def record(
    actor: Any,
    action: str,
    *,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    family_id: int | None = None,
    summary: str = "",
    detail: dict[str, Any] | None = None,
    channel: str | None = None,
) -> AuditEntry:
    """Add one audit entry for ``actor`` (a user, or anonymous); ``request`` gives the channel, path and
    address. ``obj`` names the record; ``family_id`` files the entry under a family's log."""
    known = actor if isinstance(actor, User) and actor.is_authenticated else None
    if request is not None:
        channel = channel or ("api" if request.path.startswith("/api/") else "web")
    return AuditEntry.objects.create(
        user=known,
        username=known.username if known else "",
        role=known.role if known else "",
        action=action,
        object_type=obj._meta.model_name or "" if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        family_id=family_id,
        summary=summary[:300],
        detail=detail or {},
        channel=channel or "cli",
        path=request.get_full_path()[:300] if request is not None else "",
        ip_address=_client_ip(request) if request is not None else None,
    )


def require(request: HttpRequest, may: Callable[[User], bool], what: str) -> User:
    """The signed-in user, if ``may(user)``; else an audited 403 naming ``what`` they may not do."""
    user = request.user
    if not isinstance(user, User) or not may(user):
        record(user, AuditEntry.Action.DENIED, request=request, summary=f"Not allowed to {what}")
        raise PermissionDenied(f"Your role does not allow you to {what}.")
    return user
