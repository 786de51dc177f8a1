"""The Spark engine, given the parameters trained on DuckDB, forms exactly the same people (on two worker
processes: the ``spark`` fixture of tests/spark_fixture.py)."""

from __future__ import annotations

import importlib.util
import os
from typing import Any

import duckdb
import pytest
from tests_linkage_helpers import invoke_ok

from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace

# The test set-up (`scripts/setup.sh --dev`) installs the spark extra: under CI a missing pyspark fails.
_SKIP = importlib.util.find_spec("pyspark") is None and os.environ.get("CI") != "true"
#: the shared Spark session (two worker processes)
pytest_plugins = ["spark_fixture"]

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.skipif(_SKIP, reason="pyspark is not installed (extra `spark`)"),
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Spark takes seconds per query whatever the size: a tiny authority keeps this test short."""
    out = tmp_path_factory.mktemp("spark") / "authority"
    invoke_ok("generate", "--residents", "1000", "--seed", "3", "--out", str(out))
    invoke_ok("ingest", "--workspace", str(out))
    return Workspace(out)


def groups(ws: Workspace) -> set[frozenset[str]]:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        rows = con.execute("SELECT list(mention_key) FROM person_mentions GROUP BY person_id").fetchall()
    return {frozenset(r[0]) for r in rows}


def test_duckdb_and_spark_give_the_same_clusters(tiny: Workspace, spark: Any) -> None:
    duck = run_link(tiny)
    on_duckdb = groups(tiny)
    assert len(on_duckdb) < duck.mentions, "some mentions were linked"

    on_spark_run = run_link(tiny, engine="spark", params=duck.params, spark=spark)

    assert groups(tiny) == on_duckdb
    # string-similarity functions differ in the last float bits between engines, so a few pairs near the
    # low floor of link_pairs may differ; the people formed may not
    assert abs(on_spark_run.pairs - duck.pairs) <= 0.002 * duck.pairs
    assert on_spark_run.new_ids == 0, "the same people keep the same ids whichever engine scored them"
