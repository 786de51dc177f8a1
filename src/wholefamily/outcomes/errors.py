"""The error of the outcomes step."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class OutcomesError(WholefamilyError):
    """Outcomes cannot run: the casework milestones are wrong, or the warehouse lacks an identify run."""
