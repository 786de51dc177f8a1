"""Who may use the directory: everyone who works with families reads it (it holds services, not families); the
coordinator and the data manager keep it."""

from __future__ import annotations

from wholefamily.web.accounts.models import Role, User

EDITS = frozenset({Role.COORDINATOR, Role.DATA_MANAGER})
READS = EDITS | {Role.KEYWORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.PARTNER}


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_read(user: User) -> bool:
    """The list, a service's page and the export."""
    return _active(user) and user.role in READS


def may_edit(user: User) -> bool:
    """Add and change services."""
    return _active(user) and user.role in EDITS
