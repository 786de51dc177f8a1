"""The warehouse's tables are declared once, and the pipeline's SQL and published tables keep to them."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from sql_columns import Statement, problems_in, statements

import wholefamily
from wholefamily.warehouse.connection import WarehouseError
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, recorded_runs, run_inputs
from wholefamily.warehouse.tables import table, warehouse_tables

SOURCE = Path(wholefamily.__file__).parent


def _pipeline_sql() -> list[Statement]:
    return [s for s in statements(SOURCE) if not s.where.startswith("wholefamily/web/")]


def test_every_column_the_pipeline_names_is_declared() -> None:
    found = _pipeline_sql()
    parsed = [problems_in(s.sql) for s in found]
    problems = [f"{s.where}: {p}" for s, (_, ps) in zip(found, parsed, strict=True) for p in ps]
    assert not problems, "columns no warehouse table declares:\n" + "\n".join(problems)
    # The check has teeth only where sqlglot reads the SQL: keep the fallback for the odd DuckDB-only form.
    assert len(found) > 150 and sum(ok for ok, _ in parsed) / len(found) > 0.9


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT f.family_idx FROM main.families AS f",  # qualified
        "SELECT family_idx FROM main.families WHERE run_id = $run",  # the query's one table
        "INSERT INTO main.link_runs (run_id, secs) VALUES (1, 2)",  # an insert's column list
        "SELECT p.nme, list_transform(p.sources, lambda s: s) FROM main.persons p",  # fallback too
        "CREATE TEMP TABLE x AS SELECT person_id, lst FROM main.persons QUALIFY row_number() OVER () = 1",
    ],
)
def test_a_renamed_column_fails_the_check(sql: str) -> None:
    _, problems = problems_in(sql)
    assert problems and all(p.split(".")[0] in warehouse_tables() for p in problems), problems


def test_columns_of_other_tables_subqueries_and_aliases_are_not_confused() -> None:
    sql = """SELECT headline AS h, count(*) FILTER (WHERE family_id IN (
                 SELECT family_id FROM main.family_eligibility WHERE run_id = $run AND eligible))
             FROM main.family_needs WHERE run_id = $run GROUP BY h ORDER BY h"""
    assert problems_in(sql) == (True, [])


def _staged(con: duckdb.DuckDBPyConnection, extra: str = "") -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stg AS SELECT 'M1' AS mention_key, 'P1' AS person_id, 'R1' AS run_id"
        + extra
    )


def test_publish_refuses_a_staged_table_that_differs_from_its_declaration(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    run = StepRun("R1", "link", dt.datetime(2026, 1, 1), None, ["I1"])
    _staged(con, ", 1 AS surprise")
    with pytest.raises(WarehouseError, match="undeclared columns surprise"):
        publish_run(con, run, replace={"person_mentions": "stg"})
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stg AS SELECT 'M1' AS mention_key, 1 AS person_id, 'R1' AS run_id"
    )
    with pytest.raises(WarehouseError, match="person_id is INTEGER, declared VARCHAR"):
        publish_run(con, run, replace={"person_mentions": "stg"})
    assert recorded_runs(con) == []  # nothing was published
    _staged(con)
    publish_run(con, run, replace={"person_mentions": "stg"})
    assert con.execute("SELECT * FROM main.person_mentions").fetchall() == [("M1", "P1", "R1")]
    assert run_inputs(con, "R1") == ("I1",)
    assert [r.step for r in recorded_runs(con)] == ["link"]


def test_a_failed_publish_changes_nothing(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    _staged(con)
    publish_run(con, StepRun("R1", "link", dt.datetime(2026, 1, 1), None), replace={"person_mentions": "stg"})
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stg AS SELECT 'M2' AS mention_key, 'P2' AS person_id, 'R2' AS run_id"
    )
    with pytest.raises(duckdb.Error):
        publish_run(
            con,
            StepRun("R2", "link", dt.datetime(2026, 2, 1), None),
            replace={"person_mentions": "stg"},
            append={"person_aliases": "SELECT no_such_column FROM stg"},
        )
    assert con.execute("SELECT * FROM main.person_mentions").fetchall() == [("M1", "P1", "R1")]
    assert [r.run_id for r in recorded_runs(con)] == ["R1"]


def test_a_warehouse_from_an_older_version_gains_the_new_columns(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("CREATE TABLE main.person_aliases (alias_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL)")
    con.execute("INSERT INTO main.person_aliases VALUES ('P1', 'P2')")
    _staged(con)
    publish_run(
        con,
        StepRun("R1", "link", dt.datetime(2026, 1, 1), None),
        append={"person_aliases": "SELECT 'P3', 'P4', $run FROM stg"},
        params={"run": "R1"},
    )
    rows = con.execute("SELECT alias_id, person_id, run_id FROM main.person_aliases ORDER BY 1").fetchall()
    assert rows == [("P1", "P2", None), ("P3", "P4", "R1")]


def test_every_table_has_a_key_among_its_columns() -> None:
    for name, declared in warehouse_tables().items():
        assert declared.key and set(declared.key) <= set(declared.columns), name
        assert table(name) is declared
    with pytest.raises(KeyError, match="not a warehouse table"):
        table("familes")
