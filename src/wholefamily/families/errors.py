"""The error of family formation and its corrections."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class FormationError(WholefamilyError):
    """Family formation cannot run on this warehouse, or a correction names what the build lacks."""
