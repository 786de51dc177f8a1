"""Readers: one per ``format.type``, one interface.

Every reader turns a delivered file into an Arrow table of text: the delivered columns (named as in the
file; for JSON, the dotted keys the config asks for, and each nested people array as JSON text), plus
``ROW`` (the row number a person would look up: CSV physical line, Excel row with ``SHEET``, JSON record
position), ``RAW`` (the original record as JSON text where the reader has it, else null) and
``READ_PROBLEM`` (why a row could not be parsed, e.g. a CSV line with too many fields; such rows are
counted and quarantined, never dropped). A file that cannot be read at all raises IngestError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from wholefamily.ingest.config import CsvFormat, ExcelFormat, FileFormat, JsonFormat
from wholefamily.ingest.errors import IngestError

#: Every column wholefamily adds to a partner's rows starts with this; no delivered column may.
RESERVED_PREFIX = "__wf_"
ROW = "__wf_row"
SHEET = "__wf_sheet"
RAW = "__wf_raw"
READ_PROBLEM = "__wf_read_problem"
META_COLUMNS = (ROW, SHEET, RAW, READ_PROBLEM)


@dataclass(frozen=True)
class Wanted:
    """The columns a config reads: record-level columns, and the keys read inside each nested people array."""

    record: Sequence[str]
    nested: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FileRows:
    table: pa.Table
    columns: list[str]  # the delivered (or extracted) columns, in file order


def read_file(path: Path, relative: str, fmt: FileFormat, wanted: Wanted) -> FileRows:
    """Read one delivered file with the reader its format names; check the config's columns are there."""
    if wanted.nested and not isinstance(fmt, JsonFormat):
        raise IngestError(f"{relative}: people 'from: nested' need a JSON source, this one is {fmt.type}")
    if isinstance(fmt, CsvFormat):
        from wholefamily.ingest.readers.delimited import read_csv

        rows = read_csv(path, relative, fmt)
    elif isinstance(fmt, ExcelFormat):
        from wholefamily.ingest.readers.workbook import read_excel

        rows = read_excel(path, relative, fmt)
    else:
        from wholefamily.ingest.readers.jsondoc import read_json

        rows = read_json(path, relative, fmt, wanted)
    check_columns(relative, rows.columns, wanted.record)
    return rows


def check_columns(relative: str, columns: Sequence[str], wanted: Sequence[str]) -> None:
    """Every column the config names must be in the file, header names must be distinct and none ours."""
    seen: set[str] = set()
    for name in columns:
        if name.startswith(RESERVED_PREFIX):
            raise IngestError(
                f"{relative}: column {name!r}: names starting {RESERVED_PREFIX!r} are wholefamily's own"
            )
        if name.casefold() in seen:
            raise IngestError(f"{relative}: two columns are called {name!r} (names are not case-sensitive)")
        seen.add(name.casefold())
    missing = [c for c in dict.fromkeys(wanted) if c not in columns]
    if missing:
        shown = ", ".join(repr(c) for c in columns[:40])
        raise IngestError(
            f"{relative}: column {', '.join(repr(m) for m in missing)} named in the source config is not in "
            f"the file (columns: {shown})"
        )


def text_table(
    columns: dict[str, pa.Array | pa.ChunkedArray],
    rows: pa.Array,
    sheet: str | None,
    raw: pa.Array | None = None,
    problem: pa.Array | None = None,
) -> pa.Table:
    """The common output shape: delivered text columns plus the meta columns."""
    n = len(rows)
    data = dict(columns)
    data[ROW] = pa.array(rows, pa.int64())
    data[SHEET] = pa.array([sheet] * n, pa.string()) if sheet is not None else pa.nulls(n, pa.string())
    data[RAW] = raw if raw is not None else pa.nulls(n, pa.string())
    data[READ_PROBLEM] = problem if problem is not None else pa.nulls(n, pa.string())
    return pa.table(data)
