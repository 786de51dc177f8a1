"""What scoring on DuckDB (``engine``) and on Spark (``spark``) share, kept apart so neither imports the other."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet_splink() -> Iterator[None]:
    """Splink logs training progress and warnings at INFO/WARNING; a link run reports its own progress."""
    log = logging.getLogger("splink")
    before = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(before)


def pair_columns(columns: list[str]) -> list[tuple[str, str]]:
    """The columns a link run keeps of Splink's output (``columns``), in a fixed order, with their SQL types:
    the pair's ids, its match weight and probability, and the weight of each comparison."""
    weights = [c for c in columns if c.startswith("mw_")]
    kept = [("unique_id_l", "BIGINT"), ("unique_id_r", "BIGINT"), ("match_weight", "DOUBLE")]
    return [*kept, ("match_probability", "DOUBLE"), *((w, "DOUBLE") for w in weights)]
