"""Indicator tables as ``wholefamily insight indicators`` writes them, for the pages' tests."""

from __future__ import annotations

from pathlib import Path

from wholefamily.insight.report import DICTIONARIES
from wholefamily.reports import write_csv_atomically

DATE = "2026-03-15"


def write_tables(folder: Path) -> None:
    """Each table: a row with figures, a row with a suppressed count."""
    for name, fields in DICTIONARIES.items():
        first = [f"{name}-{field}" if kind == "text" else "12" for field, (kind, _) in fields.items()]
        second = ["[c]" if kind != "text" else "WX9" for kind, _ in fields.values()]
        write_csv_atomically(folder / DATE / f"{name}.csv", list(fields), [first, second])
