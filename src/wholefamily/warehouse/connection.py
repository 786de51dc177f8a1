"""Opening the warehouse: the one place that connects to DuckDB, so every step opens it the same way."""

from __future__ import annotations

from pathlib import Path

import duckdb

from wholefamily.errors import WholefamilyError
from wholefamily.warehouse.memory import memory_settings
from wholefamily.workspace import MARKER


class WarehouseError(WholefamilyError):
    """The warehouse is missing, cannot be opened, or lacks what a step needs."""


def open_warehouse(path: Path, *, read_only: bool = False, create: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file at ``path``; ``create`` allows a new, empty one (ingest only)."""
    if not create and not path.is_file():
        raise WarehouseError(f"no warehouse at {path}: run `wholefamily ingest` first")
    try:
        con = _quiet(duckdb.connect(str(path), read_only=read_only))
    except duckdb.Error as exc:
        raise WarehouseError(f"{path}: cannot open the warehouse ({str(exc).splitlines()[0]})") from exc
    if (path.parent / MARKER).is_file():  # a workspace's warehouse: its memory limit and spill directory
        memory_settings(path.parent).apply(con)
    return con


def scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory database for work that publishes nothing (reading a partner file, say)."""
    return _quiet(duckdb.connect())


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Steps report their own progress; DuckDB's bar would write into a command's output (or a script's)."""
    con.execute("SET enable_progress_bar = false")
    return con


def published_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The names of the warehouse's published (not temporary) tables."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND schema_name = 'main'"
    ).fetchall()
    return {str(r[0]) for r in rows}


def require_tables(con: duckdb.DuckDBPyConnection, needed: dict[str, str]) -> None:
    """Stop with the command to run first when a table a step reads is missing (``needed``: table → command)."""
    present = published_tables(con)
    missing = [name for name in needed if name not in present]
    if missing:
        first = needed[missing[0]]
        raise WarehouseError(f"the warehouse has no {', '.join(missing)}: run `{first}` first")
