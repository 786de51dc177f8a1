"""Stage, then swap in: the one way any step publishes its tables.

A step builds its output in TEMP tables, then calls ``publish_run``, which checks each staged table's
columns against the registry (``warehouse.tables``) and, in ONE transaction, replaces or extends the
published tables and records the run with its lineage in ``step_runs``. Readers see the old run or the
new one, never a mixture; a failure anywhere leaves the warehouse exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb

from wholefamily.warehouse.connection import WarehouseError
from wholefamily.warehouse.runs import StepRun
from wholefamily.warehouse.sql import quote_ident, used_params
from wholefamily.warehouse.tables import Table, table

Rows = Sequence[Mapping[str, object]]


def publish_run(
    con: duckdb.DuckDBPyConnection,
    run: StepRun,
    *,
    replace: Mapping[str, str] | None = None,
    append: Mapping[str, str] | None = None,
    rows: Mapping[str, Rows] | None = None,
    params: Mapping[str, object] | None = None,
) -> None:
    """Publish one run in one transaction.

    ``replace``: published table → the TEMP table staged to take its place (a ``kept`` register is created
    again with its declared constraints). ``append``: table → a SELECT whose rows
    are added, in the declared column order, with named ``params``. ``rows``: table → rows to insert.
    """
    replace, append, rows = replace or {}, append or {}, rows or {}
    for name, staged in replace.items():
        check_staged(con, table(name), staged)
    con.execute("BEGIN TRANSACTION")
    try:
        for name in (*replace, *append, *rows, "step_runs"):
            ensure_table(con, table(name))
        for name, staged in replace.items():
            _replace(con, table(name), staged)
        for name, select in append.items():
            con.execute(f"INSERT INTO main.{quote_ident(name)} {select}", used_params(params or {}, select))
        for name, values in rows.items():
            insert_rows(con, name, values)
        insert_rows(con, "step_runs", [run.row()])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def ensure_table(con: duckdb.DuckDBPyConnection, declared: Table) -> None:
    """Create the table when the warehouse lacks it, and add the declared columns an older version of
    wholefamily did not have (left empty in older runs' rows), so a council's warehouse upgrades in place."""
    con.execute(declared.ddl(if_not_exists=True))
    target = f"main.{quote_ident(declared.name)}"
    have = {str(r[0]) for r in con.execute(f"DESCRIBE {target}").fetchall()}
    for column in declared.columns:
        if column not in have:
            con.execute(f"ALTER TABLE {target} ADD COLUMN {quote_ident(column)} {declared.base_type(column)}")


def check_staged(con: duckdb.DuckDBPyConnection, declared: Table, staged: str) -> None:
    """Refuse a staged table whose columns are not the declared ones (name and type)."""
    described = con.execute(f"DESCRIBE temp.{quote_ident(staged)}").fetchall()
    have = {str(r[0]): str(r[1]) for r in described}
    extra = [c for c in have if c not in declared.columns]
    if declared.open_prefix is not None:
        extra = [c for c in extra if not c.startswith(declared.open_prefix)]
    missing = [c for c in declared.columns if c not in have]
    wrong = [
        f"{c} is {have[c]}, declared {declared.base_type(c)}"
        for c in declared.columns
        if c in have and have[c] != declared.base_type(c)
    ]
    if extra or missing or wrong:
        problems = [
            *(["undeclared columns " + ", ".join(extra)] if extra else []),
            *(["missing columns " + ", ".join(missing)] if missing else []),
            *wrong,
        ]
        raise WarehouseError(
            f"the staged {declared.name} does not match its declaration in wholefamily.warehouse.tables: "
            + "; ".join(problems)
        )


def _replace(con: duckdb.DuckDBPyConnection, declared: Table, staged: str) -> None:
    target, source = f"main.{quote_ident(declared.name)}", f"temp.{quote_ident(staged)}"
    if declared.kind == "kept":
        # created again with its declared constraints, then filled: deleting and re-inserting every row
        # under a primary key in one transaction costs DuckDB far more at commit (12 s against under 1 s
        # for a county's 740,000 person ids)
        con.execute(f"DROP TABLE {target}")
        con.execute(declared.ddl())
        con.execute(f"INSERT INTO {target} BY NAME FROM {source}")
    else:
        con.execute(f"CREATE OR REPLACE TABLE {target} AS FROM {source}")


def insert_rows(con: duckdb.DuckDBPyConnection, name: str, values: Rows) -> None:
    """Insert rows given as mappings of column to value into a published table."""
    if not values:
        return
    names = list(values[0])
    unknown = [n for n in names if n not in table(name).columns]
    if unknown:
        raise WarehouseError(f"{name} has no column {', '.join(unknown)}")
    placeholders = ", ".join("?" for _ in names)
    con.executemany(
        f"INSERT INTO main.{quote_ident(name)} ({', '.join(quote_ident(n) for n in names)}) "  # noqa: S608
        f"VALUES ({placeholders})",
        [[row[n] for n in names] for row in values],
    )
