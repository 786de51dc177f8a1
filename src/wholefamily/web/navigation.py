"""The service navigation a user sees, by role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from wholefamily.web.accounts.models import Role
from wholefamily.web.casework import access
from wholefamily.web.governance import access as governance_access
from wholefamily.web.indicators.access import may_see_indicators
from wholefamily.web.maturity import access as maturity_access
from wholefamily.web.value_for_money import access as value_access


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    items: list[tuple[str, str]] = []
    if access.may_see_my_work(user):  # type: ignore[arg-type]
        items.append(("My work", reverse("casework:my_work")))
    if access.sections_for(user):  # type: ignore[arg-type]
        items += [("Families", reverse("casework:home")), ("Search", reverse("casework:search"))]
    if access.may_create_family(user):  # type: ignore[arg-type]
        items.append(("New referral", reverse("casework:family_create")))
    if getattr(user, "role", "") in access.ALLOCATES:
        items.append(("Dashboard", reverse("casework:front_door_dashboard")))
    if access.may_see_insight(user):  # type: ignore[arg-type]
        items.append(("Insight", reverse("insight:index")))
    if access.may_sign_off_claims(user) or access.may_audit_claims(user):  # type: ignore[arg-type]
        items.append(("Claims", reverse("casework:claims_home")))
    if may_see_indicators(user):  # type: ignore[arg-type]
        items.append(("Indicators", reverse("indicators:home")))
    if maturity_access.may_read(user):  # type: ignore[arg-type]
        items.append(("Self-assessment", reverse("maturity:home")))
    if value_access.may_read(user):  # type: ignore[arg-type]
        items.append(("Value for money", reverse("value_for_money:page")))
    if governance_access.may_review_agreements(user):  # type: ignore[arg-type]
        items.append(("Governance", reverse("governance:agreements")))
    if getattr(user, "role", "") == Role.ADMINISTRATOR:
        items.append(("Administration", reverse("admin:index")))
    return [{"href": href, "text": text, "active": _is_current(request.path, href)} for text, href in items]


def _is_current(path: str, href: str) -> bool:
    """Whether the item at ``href`` is the section the page at ``path`` belongs to: family and person pages
    belong to Families (except the new referral form, an item of its own)."""
    if href == reverse("casework:home"):
        record = path.startswith(("/families/", "/people/")) and path != reverse("casework:family_create")
        return path == href or record
    return path.startswith(href)
