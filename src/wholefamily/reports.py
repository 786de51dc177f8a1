"""HTML reports (ingest's data quality, the coordinator's identify summary) from packaged Jinja2 templates,
and text cells of the CSV files people open in a spreadsheet.

The pages are self-contained (inline CSS, no JavaScript) so they can be sent on, and they carry text a
partner supplied (file names, raw values, reasons), so autoescaping is always on. A package's own
``templates`` folder is searched first, then ``wholefamily/templates``: the base page and the table macro.

A CSV cell is the same risk in a spreadsheet: one starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula (``=HYPERLINK(...)``). Every CSV wholefamily writes for people to open passes
its text cells through ``spreadsheet_text`` (or ``spreadsheet_text_sql`` for DuckDB's ``COPY``), which puts a
single quote in front, as the OWASP guidance on CSV injection advises. The warehouse keeps values as
delivered; only what is written out is changed.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

#: What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """The text as a CSV cell safe to open in a spreadsheet: a leading quote when it could start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_csv_atomically(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Replace the file in one step (so a reader never sees half of it), its cells spreadsheet-safe."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows([spreadsheet_text(cell) for cell in row] for row in rows)
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
