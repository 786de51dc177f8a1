"""CSV reader (pyarrow.csv): every value as text, any Python codec, title lines above the header.

Row numbers are physical line numbers: the header line plus one for each record before, plus the line
breaks inside quoted values of earlier records. Lines with the wrong number of fields are kept as
unreadable rows (quarantined later) rather than stopping the run.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from wholefamily.ingest.config import CsvFormat
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.readers import FileRows, text_table


def read_csv(path: Path, relative: str, fmt: CsvFormat) -> FileRows:
    header = _header(path, relative, fmt)
    table, bad = _parse(path, relative, fmt, header, use_threads=True)
    if any(row.number is None for row in bad):  # pyarrow numbers bad rows only when reading serially
        table, bad = _parse(path, relative, fmt, header, use_threads=False)
    lines = _line_numbers(table, bad, fmt.header_row)
    columns = {name: table.column(name) for name in table.column_names}
    good = text_table(columns, pa.array(lines[_good_positions(table.num_rows, bad, fmt.header_row)]), None)
    if not bad:
        return FileRows(good, list(table.column_names))
    bad_positions = np.array([row.number - fmt.header_row - 1 for row in bad], dtype=np.int64)
    unreadable = text_table(
        {},
        pa.array(lines[bad_positions]),
        None,
        raw=pa.array([json.dumps({"line": row.text}, ensure_ascii=False) for row in bad]),
        problem=pa.array(
            [f"{row.actual_columns} fields where the header has {row.expected_columns}" for row in bad]
        ),
    )
    both = pa.concat_tables([good, unreadable], promote_options="permissive")
    return FileRows(both, list(table.column_names))


def _header(path: Path, relative: str, fmt: CsvFormat) -> list[str]:
    """The header names, read with the csv module so that every column can be typed as text."""
    encoding = "utf-8-sig" if codecs.lookup(fmt.encoding).name == "utf-8" else fmt.encoding
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=fmt.delimiter, quotechar=fmt.quotechar)
            header = next(itertools.islice(reader, fmt.header_row - 1, None), None)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{relative}: not valid {fmt.encoding} text near byte {exc.start}: {exc.reason}"
        ) from exc
    except (OSError, csv.Error) as exc:
        raise IngestError(f"{relative}: cannot read the CSV header: {exc}") from exc
    if not header or not any(h.strip() for h in header):
        raise IngestError(f"{relative}: empty file (no header on line {fmt.header_row})")
    return header


def _parse(
    path: Path, relative: str, fmt: CsvFormat, header: list[str], *, use_threads: bool
) -> tuple[pa.Table, list[Any]]:
    bad: list[Any] = []

    def keep_bad(row: Any) -> str:
        bad.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding=fmt.encoding, skip_rows=fmt.header_row - 1, use_threads=use_threads
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=fmt.delimiter,
                quote_char=fmt.quotechar,
                newlines_in_values=True,
                invalid_row_handler=keep_bad,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"{relative}: not valid {fmt.encoding} text near byte {exc.start}: {exc.reason}"
        ) from exc
    except (pa.ArrowInvalid, OSError) as exc:
        message = str(exc).splitlines()[0]
        if "invalid UTF8" in message or "UTF-8" in message or "UTF8" in message:
            message = f"not valid {fmt.encoding} text ({message}); set format.encoding (e.g. cp1252)"
        raise IngestError(f"{relative}: cannot read as CSV: {message}") from exc
    return table, bad


def _good_positions(n_good: int, bad: list[Any], header_row: int) -> np.ndarray[Any, Any]:
    """Positions of the parsed records among all data records (parsed and unreadable)."""
    mask = np.ones(n_good + len(bad), dtype=bool)
    mask[[row.number - header_row - 1 for row in bad]] = False
    return np.flatnonzero(mask)


def _line_numbers(table: pa.Table, bad: list[Any], header_row: int) -> np.ndarray[Any, Any]:
    """Physical first line of every data record, parsed or not, in file order."""
    total = table.num_rows + len(bad)
    breaks = np.zeros(total, dtype=np.int64)
    good_breaks = np.zeros(table.num_rows, dtype=np.int64)
    for column in table.columns:
        if pc.any(pc.match_substring(column, "\n")).as_py():
            good_breaks += pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy(zero_copy_only=False)
    breaks[_good_positions(table.num_rows, bad, header_row)] = good_breaks
    for row in bad:
        breaks[row.number - header_row - 1] = row.text.count("\n")
    before = np.concatenate(([0], np.cumsum(breaks)[:-1])) if total else breaks
    result: np.ndarray[Any, Any] = header_row + 1 + np.arange(total, dtype=np.int64) + before
    return result
