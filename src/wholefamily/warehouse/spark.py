"""Where Spark runs, and how warehouse tables travel to it and results come back (as Arrow).

Needs the optional extra ``wholefamily[spark]`` and Java 17. Splink's similarity-function jar (inside the
Splink wheel) is shipped to the executors with ``spark.jars``, so no network is needed.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Literal

import pyarrow as pa

from wholefamily.errors import WholefamilyError

#: Where a step's heavy queries run (``--engine``): the warehouse's DuckDB, or Spark.
Engine = Literal["duckdb", "spark"]

#: Where Spark runs: ``WHOLEFAMILY_SPARK_MASTER`` (a cluster's master URL, ``local-cluster[2,1,1024]`` for two
#: worker processes on this machine), else in this process on two cores.
DEFAULT_MASTER = "local[2]"


class SparkUnavailable(WholefamilyError):
    """pyspark (the ``spark`` extra) is not installed."""


def spark_session(master: str | None = None) -> Any:
    """A SparkSession set up for Splink and the rules (one per process; getOrCreate reuses it)."""
    try:
        import pyspark
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:
        raise SparkUnavailable(
            "the Spark engine needs pyspark: pip install 'wholefamily[spark]' (and Java 17)"
        ) from exc
    master = master or os.environ.get("WHOLEFAMILY_SPARK_MASTER", DEFAULT_MASTER)
    if master.startswith("local"):
        # on this machine only: a cluster's executors must reach the driver at an address of the network
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    if master.startswith("local-cluster"):
        # its workers are started from a Spark home: the one inside the pyspark package will do
        os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    spark = (
        SparkSession.builder.master(master)
        .appName("wholefamily")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")  # the commands report their own progress
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("WHOLEFAMILY_SPARK_MEMORY", "4g"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="wholefamily-spark-"))
    return spark


def send(session: Any, table: pa.Table, view: str) -> None:
    """Make ``table`` the Spark temporary view ``view``."""
    session.createDataFrame(table).createOrReplaceTempView(view)


def collect(session: Any, sql: str) -> pa.Table:
    """Run Spark SQL; the result as Arrow."""
    result: pa.Table = session.sql(sql).toArrow()
    return result
