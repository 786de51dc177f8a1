"""Allocating a family to a team and a lead practitioner, which opens the case.

A family is allocated once the front door has accepted it (``transitions.check_allocation``); an open case can
be re-allocated. The page shows the caseloads of the workers to choose from, and a worker pushed past their
limit gives a warning, never a refusal: limits are guidance for supervision (see ``caseload.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, Role, Team, User
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.front_door.caseload import Caseload, caseload_of
from wholefamily.web.casework.models import Family
from wholefamily.web.casework.timeline import add_casework_event


def practitioners() -> QuerySet[User]:
    """Who can lead a family or sit in the team around it: active keyworkers and partner practitioners."""
    return (
        User.objects.filter(is_active=True, role__in=[Role.KEYWORKER, Role.PARTNER])
        .select_related("team")
        .order_by("first_name", "last_name", "username")
    )


def _allocation(family: Family) -> dict[str, Any]:
    lead = family.lead_practitioner
    return {
        "status": family.status,
        "team": family.team.name if family.team else None,
        "team_id": family.team_id,
        "lead_practitioner": lead.username if lead else None,
        "lead_practitioner_id": family.lead_practitioner_id,
    }


def lead_problem(team: Team, lead: User) -> str | None:
    """Why ``lead`` cannot lead a family allocated to ``team``, or None: a keyworker leads their own team's
    families only; a partner practitioner (who belongs to an agency, not a team) may lead any."""
    if lead.role == Role.PARTNER or lead.team_id == team.pk:
        return None
    where = f"the {lead.team} team" if lead.team_id else "no team"
    return f"Choose a lead practitioner in the {team} team: {lead} is in {where}"


def over_limit_warning(load: Caseload) -> str | None:
    """The warning for a worker past their limit, or None."""
    if load.state != "over":
        return None
    return (
        f"{load.worker} now leads {load.families} families weighing {load.points:g} points, over their limit "
        f"of {load.limit:g}. Talk it through in supervision, or choose someone else."
    )


def allocate_family(
    family: Family, team: Team, lead: User, user: User, request: HttpRequest | None = None
) -> Caseload:
    """Allocate (or re-allocate) and open the case; returns the lead practitioner's caseload afterwards.
    Raises ``TransitionError`` when the family has not been accepted at triage, ``ValueError`` when the lead
    practitioner cannot lead the team's family (the forms check ``lead_problem`` first)."""
    transitions.check_allocation(family)
    problem = lead_problem(team, lead)
    if problem is not None:
        raise ValueError(problem)
    before = _allocation(family)
    with transaction.atomic():
        family.team = team
        family.lead_practitioner = lead
        family.status = Family.Status.OPEN
        family.save(update_fields=["team", "lead_practitioner", "status", "updated_at"])
        add_casework_event(family, user, "allocation", f"Allocated to {lead} ({team})")
        load = caseload_of(lead)
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Allocated {family.reference} to {lead} ({team})",
            detail={
                "before": before,
                "after": _allocation(family),
                "caseload": {"points": load.points, "limit": load.limit, "state": load.state},
            },
        )
    return load
