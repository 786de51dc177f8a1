"""Who may see the population indicators: the coordinator, team managers and the data manager (the
programme's figures, suppressed, with no person in them)."""

from __future__ import annotations

from wholefamily.web.accounts.models import Role, User

ROLES = (Role.COORDINATOR, Role.TEAM_MANAGER, Role.DATA_MANAGER)


def may_see_indicators(user: User) -> bool:
    return user.is_authenticated and user.role in ROLES
