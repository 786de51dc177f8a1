"""The error of the insight step."""

from __future__ import annotations

from wholefamily.errors import WholefamilyError


class InsightError(WholefamilyError):
    """Indicators cannot be computed: the population file is wrong, or the warehouse lacks an identify run."""
