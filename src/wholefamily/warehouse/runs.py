"""Runs: ids, staging tables and the one transaction that publishes a run.

A run builds its output in TEMP staging tables (``stg_<table>``), then publishes in one transaction:
each canonical table is replaced by its staging table and the register rows are added. Anything that
fails before the commit leaves the warehouse exactly as it was; failed runs are not recorded in the
warehouse (the error is reported to the user instead), so the register lists published runs only.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from wholefamily.ingest.normalise import quote_ident
from wholefamily.ingest.vocabulary import Vocabulary
from wholefamily.warehouse.schema import REGISTER_TABLES, canonical_tables, create_table_sql

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_run_id(now: float | None = None) -> str:
    """A ULID: 48-bit milliseconds then 80 random bits, Crockford base 32; sorts by start time."""
    millis = int((time.time() if now is None else now) * 1000)
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


@dataclass(frozen=True)
class RegisterRows:
    run: dict[str, object]
    sources: list[dict[str, object]]
    files: list[dict[str, object]]


def create_staging(con: duckdb.DuckDBPyConnection, vocab: Vocabulary) -> None:
    for name, columns in canonical_tables(vocab).items():
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident('stg_' + name)}")
        con.execute(create_table_sql(f"stg_{name}", columns, temp=True))


def drop_staging(con: duckdb.DuckDBPyConnection, vocab: Vocabulary) -> None:
    for name in canonical_tables(vocab):
        con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident('stg_' + name)}")


def publish(
    con: duckdb.DuckDBPyConnection,
    vocab: Vocabulary,
    replaced_sources: Sequence[str] | None,
    register: RegisterRows,
) -> None:
    """Swap the staged tables in and write the register rows, all in one transaction.

    ``replaced_sources`` None: the run covers every source and replaces the tables outright; otherwise
    rows of the other sources are carried over from the published tables.
    """
    tables = canonical_tables(vocab)
    if replaced_sources is not None:
        _carry_over(con, list(tables), replaced_sources)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, columns in REGISTER_TABLES.items():
            con.execute(create_table_sql(name, columns, if_not_exists=True))
        for name in tables:
            con.execute(
                f"CREATE OR REPLACE TABLE main.{quote_ident(name)} AS FROM temp.{quote_ident('stg_' + name)}"
            )
        _insert(con, "runs", [register.run])
        _insert(con, "run_sources", register.sources)
        _insert(con, "run_files", register.files)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _carry_over(con: duckdb.DuckDBPyConnection, tables: list[str], replaced: Sequence[str]) -> None:
    published = {
        r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary").fetchall()
    }
    for name in tables:
        if name not in published:
            continue
        staged = [r[0] for r in con.execute(f"DESCRIBE temp.{quote_ident('stg_' + name)}").fetchall()]
        old = {r[0] for r in con.execute(f"DESCRIBE main.{quote_ident(name)}").fetchall()}
        common = ", ".join(quote_ident(c) for c in staged if c in old)
        con.execute(
            f"INSERT INTO temp.{quote_ident('stg_' + name)} ({common}) SELECT {common} FROM main.{quote_ident(name)} "  # noqa: S608
            "WHERE NOT list_contains($replaced, source)",
            {"replaced": list(replaced)},
        )


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    placeholders = ", ".join("?" for _ in names)
    con.executemany(
        f"INSERT INTO {quote_ident(table)} ({', '.join(quote_ident(n) for n in names)}) VALUES ({placeholders})",  # noqa: S608
        [[row[n] for n in names] for row in rows],
    )


def utc_now() -> dt.datetime:
    """Now in UTC, without a zone (the register's timestamps are all UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
