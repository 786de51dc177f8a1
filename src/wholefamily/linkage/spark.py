"""Scoring on Splink's Spark backend (pyspark in local mode), with parameters trained on DuckDB.

Needs the optional extra ``wholefamily[spark]`` and Java 17. The similarity-function jar ships inside the
Splink wheel, so no network is needed.
"""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from typing import Any

import pyarrow as pa

from wholefamily.linkage.errors import LinkageError
from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.splink_common import quiet_splink, select_pair_columns

#: Where Spark runs: ``WHOLEFAMILY_SPARK_MASTER`` (a cluster's master URL, ``local-cluster[2,1,1024]`` for two
#: worker processes on this machine), else in this process on two cores.
DEFAULT_MASTER = "local[2]"


def spark_session(master: str | None = None) -> Any:
    """A SparkSession set up for Splink (one per process; getOrCreate reuses it)."""
    try:
        import pyspark
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise LinkageError(
            "the Spark engine needs pyspark: pip install 'wholefamily[spark]' (and Java 17)"
        ) from exc
    master = master or os.environ.get("WHOLEFAMILY_SPARK_MASTER", DEFAULT_MASTER)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if master.startswith("local-cluster"):
        # its workers are started from a Spark home: the one inside the pyspark package will do
        os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    spark = (
        SparkSession.builder.master(master)
        .appName("wholefamily-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("WHOLEFAMILY_SPARK_MEMORY", "4g"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="wholefamily-spark-"))
    return spark


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
            return select_pair_columns(scored.as_spark_dataframe().toArrow())
    finally:
        session.catalog.dropTempView(view)
