"""Opening a family for an API call: 404 for a family the caller may not open, 403 for what their role may not
do to it; both refusals are audited. Every journey endpoint starts here."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.models import Family

Permission = Callable[[User, Family], bool]
_MAX_ID = 2**63 - 1


def record_id(text: str) -> int | None:
    """An id from the URL, or None for anything that cannot be one (which then answers 404)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    number = int(text)
    return number if number <= _MAX_ID else None


def open_family(
    request: Request, id: str, *, journey: bool = True, change: tuple[Permission, str] | None = None
) -> Family:
    """The family if the caller may open it; with ``journey``, only for roles that read casework; with
    ``change`` (a permission and what it allows, in words), only if the permission holds."""
    user, pk = cast(User, request.user), record_id(id)
    family = None if pk is None else access.families_for(user).filter(pk=pk).first()
    if family is None:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            family_id=pk,
            summary="Family not found or not one this user may open",
        )
        raise NotFound()
    refused = None
    if journey and Section.JOURNEY not in access.sections_for(user):
        refused = "read the casework of"
    elif change is not None and not change[0](user, family):
        refused = change[1]
    if refused:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Not allowed to {refused} {family.reference}",
        )
        raise PermissionDenied(f"Your role does not allow you to {refused} this family.")
    return family
