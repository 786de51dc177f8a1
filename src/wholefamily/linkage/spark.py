"""Scoring on Splink's Spark backend, with parameters trained on DuckDB (the session: ``warehouse.spark``)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.splink_common import pair_columns, quiet_splink
from wholefamily.warehouse.spark import spark_session


def predict_spark(
    rows: Path,
    params: ModelParameters,
    threshold: float,
    spark: Any,
    blocking: list[Any],
    frequencies: Path,
) -> pa.Table:
    """The pairs of the rows in Parquet file ``rows`` that ``blocking`` gives at or above ``threshold``,
    weighed with the term-frequency tables in folder ``frequencies`` (one Parquet file per column). The
    driver reads the files and sends them to the cluster, so they need not be where the workers are."""
    from splink import Linker
    from splink.backends.spark import SparkAPI

    session = spark if spark is not None else spark_session()
    db_api = SparkAPI(spark_session=session, break_lineage_method="persist")  # type: ignore[no-untyped-call]
    # temporary views of their own: a run scores several times in one session
    suffix = uuid.uuid4().hex
    view = f"mentions_{suffix}"
    lookups = {path.stem: f"tf_{path.stem}_{suffix}" for path in sorted(frequencies.glob("*.parquet"))}
    try:
        frame = session.createDataFrame(pq.read_table(rows))
        sdf = db_api.register(frame, dataset_display_name="mentions", table_name=view)
        with quiet_splink():
            linker = Linker(sdf, params.settings_dict("spark", blocking), log_level=logging.ERROR)
            for column, name in lookups.items():
                table = session.createDataFrame(pq.read_table(frequencies / f"{column}.parquet"))
                lookup = db_api.register(table, table_name=name)
                linker.table_management.register_term_frequency_lookup(lookup, column)
            scored = linker.inference.predict(threshold_match_weight=threshold)
            # only the kept columns travel to the driver: Splink's output has every level and factor too
            frame = scored.as_spark_dataframe()
            kept = [frame[c].cast(t).alias(c) for c, t in pair_columns(frame.columns)]
            return frame.select(kept).toArrow()
    finally:
        for name in [view, *lookups.values()]:
            session.catalog.dropTempView(name)
