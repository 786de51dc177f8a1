"""Opening a family for a request: 404 for families the user may not open, 403 for actions the role may not
take; both are written to the audit trail as "denied" before the error page is shown."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.access import families_for
from wholefamily.web.casework.models import Family


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (LoginRequiredMiddleware sends everyone else to the sign-in page first)."""
    user = request.user
    assert isinstance(user, User)
    return user


def visible_family(request: HttpRequest, pk: int, families: QuerySet[Family] | None = None) -> Family:
    """The family ``pk`` if the user may open it (from ``families``, a narrowing of ``families_for``), else
    audit the refusal and answer 404 so the page never reveals that the family exists."""
    user = acting_user(request)
    queryset = families if families is not None else families_for(user)
    family = queryset.filter(pk=pk).first()
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
    return family


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
