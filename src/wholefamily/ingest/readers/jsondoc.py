"""JSON reader: the array at ``records_path``, one record per element, flattened in DuckDB.

Dotted column names reach into nested objects; each nested people array is kept as JSON text for the
people step to unnest. Values come out as text (numbers as written). Row numbers are 1-based positions
in the array; RAW is the record's own JSON.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from wholefamily.ingest.config import JsonFormat
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.readers import RAW, READ_PROBLEM, ROW, SHEET, FileRows, Wanted
from wholefamily.warehouse.connection import scratch


def json_path(dotted: str) -> str:
    """A DuckDB JSON path for a dotted key, each part quoted: ``a.b`` -> ``$."a"."b"``."""
    if not dotted:
        return "$"
    parts = (p.replace("\\", "\\\\").replace('"', '\\"') for p in dotted.split("."))
    return "$" + "".join(f'."{p}"' for p in parts)


def read_json(path: Path, relative: str, fmt: JsonFormat, wanted: Wanted) -> FileRows:
    try:
        text = path.read_bytes().decode(fmt.encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{relative}: not valid {fmt.encoding} text near byte {exc.start}: {exc.reason}"
        ) from exc
    except OSError as exc:
        raise IngestError(f"{relative}: cannot read: {exc.strerror}") from exc
    if not text.strip():
        raise IngestError(f"{relative}: empty file")
    con = scratch()
    try:
        return _flatten(con, text, relative, fmt, wanted)
    finally:
        con.close()


def _flatten(
    con: duckdb.DuckDBPyConnection, text: str, relative: str, fmt: JsonFormat, wanted: Wanted
) -> FileRows:
    records = json_path(fmt.records_path)
    try:
        con.execute("CREATE TEMP TABLE doc AS SELECT json($text) AS d", {"text": text.removeprefix("\ufeff")})
    except duckdb.Error as exc:
        raise IngestError(f"{relative}: not valid JSON ({str(exc).splitlines()[0]})") from exc
    found = con.execute("SELECT json_type(d, $p) FROM doc", {"p": records}).fetchall()
    kind = found[0][0] if found else None
    if kind != "ARRAY":
        where = f"records_path {fmt.records_path!r}" if fmt.records_path else "the top level"
        problem = "not found" if kind is None else f"is {kind.lower()}, not an array of records"
        raise IngestError(f"{relative}: {where} {problem}")
    con.execute(
        "CREATE TEMP TABLE recs AS SELECT unnest(l) AS r, unnest(range(1, len(l) + 1)) AS n "
        "FROM (SELECT json_extract(d, $p) AS l FROM doc)",
        {"p": records + "[*]"},
    )
    record_cols = list(dict.fromkeys(wanted.record))
    nested = dict(wanted.nested)
    _check_present(con, relative, record_cols, nested)
    params: dict[str, object] = {"paths": [json_path(c) for c in record_cols]}
    selects = [f"v[{i + 1}] AS c{i}" for i in range(len(record_cols))]
    for j, group_path in enumerate(nested):
        params[f"n{j}"] = json_path(group_path)
        selects.append(f"json_extract(r, $n{j})::VARCHAR AS g{j}")
    sql = (
        f"SELECT {', '.join([*selects, f'n AS {ROW}', f'r::VARCHAR AS {RAW}'])} "  # noqa: S608
        "FROM (SELECT r, n, json_extract_string(r, $paths) AS v FROM recs) ORDER BY n"
    )
    table = con.sql(sql, params=params).to_arrow_table()
    names = [*record_cols, *nested, ROW, RAW]
    table = table.rename_columns(names)
    n = table.num_rows
    table = table.append_column(SHEET, pa.nulls(n, pa.string())).append_column(
        READ_PROBLEM, pa.nulls(n, pa.string())
    )
    if n == 0:
        raise IngestError(f"{relative}: the array of records is empty")
    return FileRows(table, record_cols + [p for p in nested if p not in record_cols])


def _check_present(
    con: duckdb.DuckDBPyConnection, relative: str, record_cols: list[str], nested: dict[str, list[str]]
) -> None:
    """A key named in the config that no record (or no nested person) has is a config or file error."""
    missing = _absent(con, "SELECT r AS x FROM recs", [*record_cols, *nested], {})
    for group_path, keys in nested.items():
        people = "SELECT unnest(json_extract(r, $g)) AS x FROM recs"
        missing += [
            f"{group_path}[].{k}" for k in _absent(con, people, keys, {"g": json_path(group_path) + "[*]"})
        ]
    if missing:
        raise IngestError(
            f"{relative}: key {', '.join(repr(m) for m in missing)} named in the source config is in no record"
        )


def _absent(
    con: duckdb.DuckDBPyConnection, rows_sql: str, keys: list[str], bound: dict[str, str]
) -> list[str]:
    """The keys that no JSON value of ``rows_sql`` (one column ``x``) has, in one scan."""
    if not keys:
        return []
    tests = ", ".join(f"bool_or(json_exists(x, $k{i}))" for i in range(len(keys)))
    params = {**bound, **{f"k{i}": json_path(k) for i, k in enumerate(keys)}}
    (found,) = con.execute(f"SELECT {tests} FROM ({rows_sql})", params).fetchall()  # noqa: S608
    return [k for k, hit in zip(keys, found, strict=True) if not hit]
