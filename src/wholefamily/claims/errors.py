"""The error of the claims step."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class ClaimsError(WholefamilyError):
    """Claims cannot run: a bad period, rules or claims file, or the warehouse lacks an outcomes run."""
