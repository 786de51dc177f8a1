"""Benchmark of the Spark engine beside DuckDB: ``link`` (with family formation) and ``identify`` on an
ingested workspace, each step timed on each engine in one process (one Spark session, whose start is timed
apart), with the share of the whole run family formation takes.

    WHOLEFAMILY_SPARK_MASTER='local-cluster[2,1,1024]' python bench/spark.py /tmp/county-100k
    WHOLEFAMILY_SPARK_MASTER='local-cluster[2,1,6144]' python bench/spark.py /tmp/county-1m --engine spark

The identify date is the latest delivery. Results are appended to ``bench/results/spark.jsonl`` and printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path

import duckdb

from wholefamily.framework.identify import run_identify
from wholefamily.pipeline import link_and_form
from wholefamily.warehouse.spark import DEFAULT_MASTER, Engine, spark_session
from wholefamily.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "spark.jsonl"


def bench_engine(workspace: Workspace, engine: Engine, as_of: dt.date) -> dict[str, float]:
    began = time.perf_counter()
    linked = link_and_form(workspace, engine=engine)
    identify = run_identify(workspace, "sf-2022", as_of, engine=engine).seconds
    total = time.perf_counter() - began
    return {
        "link_seconds": round(linked.people.seconds, 1),
        "families_seconds": round(linked.families.seconds, 1),
        "identify_seconds": round(identify, 1),
        "total_seconds": round(total, 1),
        "families_share": round(linked.families.seconds / total, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workspace", type=Path, help="a generated and ingested workspace")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        action="append",
        help="the engines to time, in order (default: duckdb, then spark)",
    )
    options = parser.parse_args()
    workspace = Workspace(options.workspace)
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        found = con.execute("SELECT max(delivery_date), count(*) FROM mentions").fetchone()
    assert found is not None
    as_of, mentions = found
    started = time.perf_counter()
    session = spark_session()
    session_seconds = time.perf_counter() - started
    RESULTS.parent.mkdir(exist_ok=True)
    engines: list[Engine] = options.engine or ["duckdb", "spark"]
    for engine in engines:
        row = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.node()} ({os.cpu_count()} cores)",
            "workspace": workspace.root.name,
            "mentions": mentions,
            "engine": engine,
            "master": os.environ.get("WHOLEFAMILY_SPARK_MASTER", DEFAULT_MASTER) if engine == "spark" else "",
            "session_start_seconds": round(session_seconds, 1) if engine == "spark" else 0.0,
            **bench_engine(workspace, engine, as_of),
        }
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        print(json.dumps(row))
    session.stop()


if __name__ == "__main__":
    main()
