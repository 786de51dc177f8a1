"""Records made of related tables: a file joined to the files delivered beside it, and rows grouped into one
record with the others as a nested array.

A case system's extract is several tables keyed on a person id (the Standard Safeguarding Dataset's
``ssd_early_help_episodes``, ``ssd_person``, ``ssd_family``). ``joins`` adds to each row the one row of a
related file whose column matches; ``group`` makes the rows that share values one record (a family) with the
rest of each row in a JSON array for a ``from: nested`` people group, as the JSON reader keeps one. A problem
with a related row does not stop the run: it becomes the record's read problem, naming the related file,
its row and the column, and the record is quarantined with it. A related line repeated exactly is read once.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import duckdb

from wholefamily.ingest.config import Group, Join, SourceConfig
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.readers import (
    META_COLUMNS,
    RAW,
    READ_PROBLEM,
    ROW,
    SHEET,
    FileRows,
    Wanted,
    check_columns,
    read_file,
)
from wholefamily.warehouse.connection import scratch
from wholefamily.warehouse.sql import quote_ident, sql_literal

_KEY, _COUNT, _ROWS = "__wf_key", "__wf_count", "__wf_rows"


def read_delivery(path: Path, relative: str, config: SourceConfig, wanted: Wanted) -> FileRows:
    """One delivery's records: the file itself, or (with ``joins`` or ``group``) its related tables combined."""
    if not config.joins and config.group is None:
        return read_file(path, relative, config.format, wanted)
    main = read_file(path, relative, config.format, Wanted([]))
    con = scratch()
    try:
        con.register("r0", main.table)
        columns = list(main.columns)
        for i, join in enumerate(config.joins):
            columns += _join(con, i, join, path, relative, config, columns)
        current = f"r{len(config.joins)}"
        for keys in wanted.nested.values():
            check_columns(relative, columns, keys)
        if config.group is not None:
            check_columns(relative, columns, config.group.by)
            _group(con, current, config.group, columns)
            current, columns = "grouped", [*config.group.by, config.group.nested_as]
        check_columns(relative, columns, wanted.record)
        table = con.sql(f"SELECT * FROM {current} ORDER BY {ROW}").to_arrow_table()  # noqa: S608
        return FileRows(table, columns)
    finally:
        con.close()


def _join(
    con: duckdb.DuckDBPyConnection,
    i: int,
    join: Join,
    path: Path,
    relative: str,
    config: SourceConfig,
    columns: list[str],
) -> list[str]:
    """Add the related file's matching row to ``r{i}`` as ``r{i+1}``; returns the columns it added."""
    other_relative = str(PurePosixPath(relative).parent / join.file)
    other_path = path.parent / join.file
    if not other_path.is_file():
        raise IngestError(f"{relative}: joins[{i}]: {other_relative} was not delivered with it")
    other = read_file(other_path, other_relative, config.format, Wanted([]))
    ours, theirs = join.columns
    check_columns(relative, columns, [ours])
    check_columns(other_relative, other.columns, [theirs])
    clash = [c for c in other.columns if c in columns]
    if clash:
        raise IngestError(
            f"{other_relative}: column {clash[0]!r} is also in {relative}: a joined file adds new columns only"
        )
    con.register(f"j{i}", other.table)
    added = ", ".join(f"j.{quote_ident(c)}" for c in other.columns)
    every = ", ".join([*(quote_ident(c) for c in other.columns), READ_PROBLEM])
    key = f"nullif(trim(r.{quote_ident(ours)}), '')"
    named = f"{other_relative} (its {theirs})"
    required = (
        f"WHEN {key} IS NULL THEN {sql_literal(f'{ours} is blank: no row of {named} to join')} "
        f"WHEN j.{_KEY} IS NULL THEN {sql_literal(f'no row of {named} matches {ours}')} "
        if join.required
        else ""
    )
    problem = (
        f"coalesce(r.{READ_PROBLEM}, CASE {required}"
        f"WHEN j.{_COUNT} > 1 THEN {sql_literal(f'{other_relative}: rows ')} || j.{_ROWS} || "
        f"{sql_literal(f' have the same {theirs}: which one is meant is not known')} "
        f"WHEN j.{READ_PROBLEM} IS NOT NULL THEN {sql_literal(f'{other_relative} row ')} || j.{ROW} || ': ' "
        f"|| j.{READ_PROBLEM} END)"
    )
    con.execute(
        f"""
        CREATE TEMP TABLE r{i + 1} AS
        WITH keyed AS (
            SELECT *, nullif(trim({quote_ident(theirs)}), '') AS {_KEY} FROM j{i}
            QUALIFY row_number() OVER (PARTITION BY {every} ORDER BY {ROW}) = 1  -- a line repeated exactly is one
        ),
        j AS (
            SELECT *, count(*) OVER w AS {_COUNT}, string_agg({ROW}::VARCHAR, ', ' ORDER BY {ROW}) OVER w AS {_ROWS}
            FROM keyed WHERE {_KEY} IS NOT NULL
            WINDOW w AS (PARTITION BY {_KEY})
            QUALIFY row_number() OVER (PARTITION BY {_KEY} ORDER BY {ROW}) = 1
        )
        SELECT r.* EXCLUDE ({READ_PROBLEM}), {added}, {problem} AS {READ_PROBLEM}
        FROM r{i} r LEFT JOIN j ON j.{_KEY} = {key}
        """  # noqa: S608 - names quoted, texts as literals
    )
    return list(other.columns)


def _group(con: duckdb.DuckDBPyConnection, current: str, group: Group, columns: list[str]) -> None:
    """Rows sharing ``group.by`` as one record: the other columns of each row, in file order, as JSON (a row
    repeated exactly is one member, not two)."""
    if group.nested_as in columns:
        raise IngestError(f"group.nested_as {group.nested_as!r} is a column of the file: choose another name")
    rest = [c for c in columns if c not in group.by and c not in META_COLUMNS]
    member = "struct_pack(" + ", ".join(f"{quote_ident(c)} := {quote_ident(c)}" for c in rest) + ")"
    by = ", ".join(quote_ident(c) for c in group.by)
    every = ", ".join([*(quote_ident(c) for c in columns), READ_PROBLEM])
    con.execute(
        f"""
        CREATE TEMP TABLE grouped AS
        SELECT {by}, to_json(list({member} ORDER BY {ROW}))::VARCHAR AS {quote_ident(group.nested_as)},
               min({ROW}) AS {ROW}, NULL::VARCHAR AS {SHEET}, NULL::VARCHAR AS {RAW},
               string_agg(DISTINCT {READ_PROBLEM}, '; ') AS {READ_PROBLEM}
        FROM (
            SELECT * FROM {current}
            QUALIFY row_number() OVER (PARTITION BY {every} ORDER BY {ROW}) = 1  -- a line repeated exactly is one
        )
        GROUP BY {by}
        """  # noqa: S608 - names quoted
    )
