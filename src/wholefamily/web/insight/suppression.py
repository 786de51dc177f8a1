"""Small-number suppression for counts of families shown by area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")

#: Counts of families below this are not shown in a cell by area.
THRESHOLD = 5


def suppress_small(counts: Mapping[K, int], threshold: int = THRESHOLD) -> dict[K, int | None]:
    """Each count, or None where it is below ``threshold`` (zero included: an empty cell is also a count)."""
    return {key: (None if count < threshold else count) for key, count in counts.items()}
