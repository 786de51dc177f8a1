"""What scoring on DuckDB (``engine``) and on Spark (``spark``) share, kept apart so neither imports the other."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa


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


def select_pair_columns(scored: pa.Table) -> pa.Table:
    """The columns a link run keeps of Splink's output, in a fixed order and with fixed types."""
    weights = [c for c in scored.column_names if c.startswith("mw_")]
    table = scored.select(["unique_id_l", "unique_id_r", "match_weight", "match_probability", *weights])
    casts = [
        pa.field(c, pa.int64() if c.startswith("unique_id") else pa.float64()) for c in table.column_names
    ]
    return table.cast(pa.schema(casts))
