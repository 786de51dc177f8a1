"""Who may see value for money: the coordinator and team managers (a manager over their own team's families)."""

from __future__ import annotations

from wholefamily.web.accounts.models import Role, User

READS = frozenset({Role.COORDINATOR, Role.TEAM_MANAGER})


def may_read(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in READS)
