"""The error of the governance commands: a register, a rule file or a request that cannot be used."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class GovernanceError(WholefamilyError):
    """A governance file or request that cannot be used; the message names the file and field."""
