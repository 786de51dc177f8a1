"""HTML reports (ingest's data quality, the coordinator's identify summary) from packaged Jinja2 templates,
and text cells of the CSV files people open in a spreadsheet.

The pages are self-contained (inline CSS, no JavaScript) so they can be sent on, and they carry text a
partner supplied (file names, raw values, reasons), so autoescaping is always on. A package's own
``templates`` folder is searched first, then ``wholefamily/templates``: the base page and the table macro.

A CSV cell is the same risk in a spreadsheet: one starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula (``=HYPERLINK(...)``). Every CSV wholefamily writes for people to open passes
its text cells through ``spreadsheet_text`` (or ``spreadsheet_text_sql`` for DuckDB's ``COPY``), which puts a
single quote in front, as the OWASP guidance on CSV injection advises. The warehouse keeps values as
delivered; only what is written out is changed. A workbook is the same: ``write_table`` writes a list as CSV
or XLSX a row at a time (a million rows in bounded memory), every text cell neutralised and written as a
string, never as something the spreadsheet could take for a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from wholefamily.errors import WholefamilyError
from wholefamily.xlsx_stream import XlsxStream

#: What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """The text as a CSV cell safe to open in a spreadsheet: a leading quote when it could start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class TableFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @classmethod
    def of(cls, path: Path) -> TableFormat:
        """The format a file name asks for by its suffix."""
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in {f.value for f in cls}:
            raise WholefamilyError(f"{path.name}: name a .csv or an .xlsx file")
        return cls(suffix)


#: A cell of a written table: text (neutralised), a number, a date, or nothing.
Cell = str | int | float | Decimal | dt.date | None

#: How many rows are written between two calls of ``write_table``'s ``progress``.
PROGRESS_EVERY = 5_000


def spreadsheet_row(cells: Iterable[Cell]) -> list[str]:
    """A row of CSV cells: text neutralised (``spreadsheet_text``), numbers and dates as text, nothing empty."""
    return [_text(cell) for cell in cells]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return spreadsheet_text(cell)
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


def write_table(
    path: Path,
    fmt: TableFormat,
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` under ``header`` to ``path`` as CSV or XLSX, one row at a time; ``progress`` is told the
    rows written every ``PROGRESS_EVERY``. Returns how many rows were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = _write_csv if fmt == TableFormat.CSV else _write_xlsx
    return writer(path, header, rows, progress or (lambda _: None))


def _write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], progress: Callable[[int], None]
) -> int:
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(spreadsheet_row(header))
        for row in rows:
            writer.writerow(spreadsheet_row(row))
            written += 1
            if written % PROGRESS_EVERY == 0:
                progress(written)
    return written


def _write_xlsx(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], progress: Callable[[int], None]
) -> int:
    """Streamed XLSX: text cells as text (never a formula), numbers as numbers, dates as ISO text."""
    written = 0
    with XlsxStream(path) as sheet:
        sheet.write_row([spreadsheet_text(name) for name in header])
        for written, row in enumerate(rows, start=1):
            sheet.write_row([_xlsx_cell(cell) for cell in row])
            if written % PROGRESS_EVERY == 0:
                progress(written)
    return written


def _xlsx_cell(cell: Cell) -> str | float | None:
    if type(cell) is str:  # the usual cell first
        return spreadsheet_text(cell)
    if cell is None:
        return None
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        number = float(cell)
        return number if math.isfinite(number) else str(cell)  # XLSX has no NaN or infinity
    return _text(cell)


def write_csv_atomically(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Replace the file in one step (so a reader never sees half of it), its cells spreadsheet-safe."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(spreadsheet_row(row) for row in rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def spreadsheet_text_sql(expression: str) -> str:
    """``spreadsheet_text`` in DuckDB SQL, for a VARCHAR expression."""
    starts = ", ".join(f"'{c}'" for c in FORMULA_STARTS)  # none of them is a quote
    quote = "'" * 4  # a SQL string literal holding one single quote
    return f"CASE WHEN left({expression}, 1) IN ({starts}) THEN {quote} || {expression} ELSE {expression} END"


def render(package: str, template: str, **context: Any) -> str:
    """``template`` from ``package``'s templates folder, rendered with ``context``."""
    return _environment(package).get_template(template).render(**context)


@cache
def _environment(package: str) -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader(package), PackageLoader("wholefamily")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = "{:,}".format
    env.filters["percent"] = "{:.1%}".format
    return env
