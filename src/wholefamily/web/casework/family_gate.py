"""How a page opens a family: the one page-side gate. A family the user may not open answers 404 (the page never
reveals that it exists), an action their role may not take 403; both are written to the audit trail as
"denied" before the error page is shown. The API has its own gate with the same rules (``api/family_gate.py``).
"""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Permission, Section
from wholefamily.web.casework.models import Family


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (LoginRequiredMiddleware sends everyone else to the sign-in page first)."""
    user = request.user
    assert isinstance(user, User)
    return user


def open_family(
    request: HttpRequest,
    pk: int,
    *,
    journey: bool = False,
    section: Section = Section.JOURNEY,
    change: tuple[Permission, str] | None = None,
) -> tuple[User, Family]:
    """The signed-in user and the family ``pk``, if they may open it (else audited 404); with ``journey``, only
    for roles that read casework (``section``: the journey, or only the plan or the closure), and with
    ``change`` (a permission and, in words, what it allows) only if the permission holds (else audited 403)."""
    user = acting_user(request)
    family = access.families_for(user).select_related("team", "lead_practitioner").filter(pk=pk).first()
    if family is None:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            obj=Family(pk=pk),
            family_id=pk,
            summary=f"Not allowed to open family {pk}",
        )
        raise Http404("No such family")
    action = access.refused(user, family, journey=journey, section=section, change=change)
    if action is not None:
        refuse(request, family, action)
    return user, family


def refuse(request: HttpRequest, family: Family, action: str) -> NoReturn:
    """Audit and answer 403 for an ``action`` (e.g. "allocate") the user's role may not take on ``family``."""
    audit.record(
        acting_user(request),
        AuditEntry.Action.DENIED,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Not allowed to {action} {family.reference}",
    )
    raise PermissionDenied(f"Your role does not allow you to {action} this family.")


def viewed(request: HttpRequest, user: User, family: Family, what: str) -> None:
    """Audit that ``user`` viewed ``what`` (e.g. "the family plan") of ``family``."""
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Viewed {what} of {family.reference}",
    )
