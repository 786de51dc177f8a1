"""Ingest's staging tables: one TEMP ``stg_<table>`` per canonical table, and the rows a partial run keeps.

A run that reads only some sources (``--source``) carries the other sources' published rows over into
its staging tables, so that publishing replaces every canonical table whole either way.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.sql import quote_ident
from wholefamily.warehouse.tables import Table, tables_of


def canonical_tables() -> dict[str, Table]:
    """The tables every ingest run rebuilds, in publishing order."""
    return {name: t for name, t in tables_of("ingest").items() if t.kind == "replaced"}


def staged(name: str) -> str:
    return f"stg_{name}"


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    for name, declared in canonical_tables().items():
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident(staged(name))}")
        con.execute(declared.ddl(staged(name), temp=True))


def drop_staging(con: duckdb.DuckDBPyConnection) -> None:
    for name in canonical_tables():
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident(staged(name))}")


def carry_over(con: duckdb.DuckDBPyConnection, replaced: Sequence[str]) -> list[str]:
    """Copy the published rows of sources other than ``replaced`` into staging; the runs they came from."""
    published = published_tables(con)
    for name in canonical_tables():
        if name not in published:
            continue
        columns = [r[0] for r in con.execute(f"DESCRIBE temp.{quote_ident(staged(name))}").fetchall()]
        old = {r[0] for r in con.execute(f"DESCRIBE main.{quote_ident(name)}").fetchall()}
        common = ", ".join(quote_ident(c) for c in columns if c in old)
        con.execute(
            f"INSERT INTO temp.{quote_ident(staged(name))} ({common}) SELECT {common} FROM main.{quote_ident(name)} "  # noqa: S608
            "WHERE NOT list_contains($replaced, source)",
            {"replaced": list(replaced)},
        )
    sql = f"SELECT DISTINCT run_id FROM temp.{quote_ident(staged('mentions'))}"  # noqa: S608
    return sorted(str(r[0]) for r in con.execute(sql).fetchall())
