"""Who may use the self-assessment: the coordinator keeps it; team managers may read it."""

from __future__ import annotations

from wholefamily.web.accounts.models import Role, User

EDITS = frozenset({Role.COORDINATOR})
READS = EDITS | {Role.TEAM_MANAGER}


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def may_edit(user: User) -> bool:
    """Edit the template and score the quarters."""
    return _active(user) and user.role in EDITS


def may_read(user: User) -> bool:
    """Read the template, the scores, the change over time and the export."""
    return _active(user) and user.role in READS
