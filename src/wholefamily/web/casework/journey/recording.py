"""Recording one step of the journey: the audit entry and the family's timeline event that go with every change."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import Family
from wholefamily.web.casework.timeline import add_casework_event


def record_step(
    request: HttpRequest | None,
    user: User,
    family: Family,
    obj: Model,
    *,
    kind: str,
    title: str,
    created: bool = True,
    detail: dict[str, Any] | None = None,
) -> None:
    """One timeline event (``kind``, ``title``) and one audit entry (create or change of ``obj``)."""
    add_casework_event(family, user, kind, title)
    audit.record(
        user,
        AuditEntry.Action.CREATE if created else AuditEntry.Action.CHANGE,
        request=request,
        obj=obj,
        family_id=family.pk,
        summary=f"{title} ({family.reference})",
        detail=detail,
    )
