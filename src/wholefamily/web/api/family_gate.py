"""Opening a family for an API call: 404 for a family the caller may not open, 403 for what their role may not
do to it (the rules of ``casework/access.py``, as the pages' gate asks them); both refusals are audited. Every
family endpoint starts here."""

from __future__ import annotations

from typing import NoReturn, cast

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Permission, Section
from wholefamily.web.casework.models import Family

_MAX_ID = 2**63 - 1


def record_id(text: str) -> int | None:
    """An id from the URL, or None for anything that cannot be one (which then answers 404)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    number = int(text)
    return number if number <= _MAX_ID else None


def path_id(name: str = "id", of: str = "record") -> OpenApiParameter:
    """How the schema describes an id in the URL (``name``): the id of a ``of``."""
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=f"The {of}'s id.")


def open_family(
    request: Request,
    id: str,
    *,
    journey: bool = True,
    section: Section = Section.JOURNEY,
    change: tuple[Permission, str] | None = None,
) -> Family:
    """The family if the caller may open it; with ``journey``, only for roles that read casework
    (``section``: the journey, or only the plan or the closure); with ``change`` (a permission and what it
    allows, in words), only if the permission holds."""
    user, pk = cast(User, request.user), record_id(id)
    families = access.families_for(user).select_related("team", "lead_practitioner")
    family = None if pk is None else families.filter(pk=pk).first()
    if family is None:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            family_id=pk,
            summary="Family not found or not one this user may open",
        )
        raise NotFound()
    refused = access.refused(user, family, journey=journey, section=section, change=change)
    if refused is not None:
        refuse(request, family, refused)
    return family


def refuse(request: Request, family: Family, action: str) -> NoReturn:
    """Audit and answer 403 for an ``action`` (e.g. "amend this note of") the caller may not take on ``family``."""
    audit.record(
        request.user,
        AuditEntry.Action.DENIED,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Not allowed to {action} {family.reference}",
    )
    raise PermissionDenied(f"Your role does not allow you to {action} this family.")


def viewed(request: Request, family: Family, what: str) -> None:
    """Audit that the caller read ``what`` (e.g. "the family plan") of ``family``."""
    audit.record(
        request.user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Read {what} of {family.reference}",
    )
