"""Scoring on Splink's Spark backend, with parameters trained on DuckDB (the session: ``warehouse.spark``)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pyarrow as pa

from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.splink_common import pair_columns, quiet_splink
from wholefamily.warehouse.spark import spark_session


def predict_spark(
    mentions: pa.Table,
    params: ModelParameters,
    threshold: float,
    spark: Any = None,
    blocking: list[Any] | None = None,
) -> pa.Table:
    from splink import Linker
    from splink.backends.spark import SparkAPI

    session = spark if spark is not None else spark_session()
    frame = session.createDataFrame(mentions)
    db_api = SparkAPI(spark_session=session, break_lineage_method="persist")  # type: ignore[no-untyped-call]
    # a temporary view of its own: a run scores twice (with companions the second time) in one session
    view = f"mentions_{uuid.uuid4().hex}"
    sdf = db_api.register(frame, dataset_display_name="mentions", table_name=view)
    try:
        with quiet_splink():
            linker = Linker(sdf, params.settings_dict("spark", blocking), log_level=logging.ERROR)
            scored = linker.inference.predict(threshold_match_weight=threshold)
            # only the kept columns travel to the driver: Splink's output has every level and factor too
            frame = scored.as_spark_dataframe()
            kept = [frame[c].cast(t).alias(c) for c, t in pair_columns(frame.columns)]
            return frame.select(kept).toArrow()
    finally:
        session.catalog.dropTempView(view)
