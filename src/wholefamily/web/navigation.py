"""The service navigation a user sees, by role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from wholefamily.web.accounts.models import Role
from wholefamily.web.casework import access
from wholefamily.web.directory import access as directory_access
from wholefamily.web.evidence_pages import access as evidence_access
from wholefamily.web.governance import access as governance_access
from wholefamily.web.indicators.access import may_see_indicators
from wholefamily.web.maturity import access as maturity_access
from wholefamily.web.value_for_money import access as value_access
from wholefamily.web.workforce import access as workforce_access


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
    if directory_access.may_read(user):  # type: ignore[arg-type]
        items.append(("Services", reverse("directory:list")))
    if workforce_access.may_use(user):  # type: ignore[arg-type]
        items.append(("Supervision", reverse("workforce:supervisions")))
    if access.may_sign_off_claims(user) or access.may_audit_claims(user):  # type: ignore[arg-type]
        items.append(("Claims", reverse("casework:claims_home")))
    if insight_sections(request):
        items.append(("Insight", reverse("insight:index")))
    if governance_access.may_review_agreements(user):  # type: ignore[arg-type]
        items.append(("Governance", reverse("governance:agreements")))
    if getattr(user, "role", "") == Role.ADMINISTRATOR:
        items.append(("Administration", reverse("admin:index")))
    return [{"href": href, "text": text, "active": _is_current(request.path, href)} for text, href in items]


def insight_sections(request: HttpRequest) -> list[dict[str, str]]:
    """The figures, indicators and assessments ``request``'s user may read, which the one Insight item of the
    navigation leads to (its index lists them)."""
    user: Any = request.user
    sections = [
        (
            access.may_see_insight(user),
            "Dashboards",
            "insight:index",
            "The programme, needs, caseloads and data quality.",
        ),
        (
            may_see_indicators(user),
            "Population indicators",
            "indicators:home",
            "Needs per 1,000 children by area, who is identified and engaged, and demand.",
        ),
        (
            maturity_access.may_read(user),
            "Self-assessment",
            "maturity:home",
            "The early help system and data maturity, scored each quarter.",
        ),
        (
            value_access.may_read(user),
            "Value for money",
            "value_for_money:page",
            "The cost of the work and the value of the needs met, per cohort of closures.",
        ),
        (
            evidence_access.may_read(user),
            "Evidence",
            "evidence:home",
            "The impact of the work against matched families, and the escalation-risk model when it is on.",
        ),
    ]
    return [
        {"title": t, "href": reverse(name), "description": d} for allowed, t, name, d in sections if allowed
    ]


#: Sections that belong to the Insight item of the navigation.
INSIGHT_PATHS = ("/insight/", "/indicators/", "/maturity/", "/value-for-money/", "/evidence/")


def _is_current(path: str, href: str) -> bool:
    """Whether the item at ``href`` is the section the page at ``path`` belongs to: family and person pages
    belong to Families (except the new referral form, an item of its own); case audits and training to
    Supervision, the workforce pages' item."""
    if href == reverse("insight:index"):
        return path.startswith(INSIGHT_PATHS)
    if href == reverse("casework:home"):
        record = path.startswith(("/families/", "/people/")) and path != reverse("casework:family_create")
        return path == href or record
    if href == reverse("workforce:supervisions"):
        return path.startswith("/workforce/")
    if href == reverse("governance:agreements"):
        return path.startswith("/governance/")
    return path.startswith(href)
