"""Who may read the evidence pages (the coordinator and team managers), and who sees a family's risk factors
beside its record: the coordinator, a team manager and the family's own keyworker, on families they may open."""

from __future__ import annotations

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework import access as casework_access
from wholefamily.web.casework.models import Family

READS = frozenset({Role.COORDINATOR, Role.TEAM_MANAGER})


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_read(user: User) -> bool:
    return _active(user) and user.role in READS


def may_see_family_factors(user: User, family: Family) -> bool:
    if not _active(user):
        return False
    own = family.lead_practitioner_id == user.pk
    allowed = own if user.role == Role.KEYWORKER else user.role in READS
    return allowed and casework_access.families_for(user).filter(pk=family.pk).exists()
