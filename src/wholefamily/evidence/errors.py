"""The error of the evidence step."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class EvidenceError(WholefamilyError):
    """An evaluation cannot run: a missing run or file, or too few families to compare."""
