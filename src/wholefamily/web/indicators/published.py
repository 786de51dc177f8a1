"""The indicator tables as written by ``wholefamily insight indicators`` (``insight/report.py``), read from
the workspace's ``reports/insight/<date>/``. Only the five known tables of a folder named by a date are
read, and a file whose header is not its dictionary's fields is refused, so nothing else in the workspace
can be served."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from wholefamily.insight.report import DICTIONARIES

TITLES = {
    "needs": "Children in families with each need, per 1,000 children",
    "trend": "Children with each need over time",
    "engagement": "Eligible families worked with",
    "equity": "Who is identified and engaged, against the population",
    "demand": "Families approaching eligibility",
}


class NotPublished(Exception):
    """No such date or table, or a file that is not what the command writes."""


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class Table:
    date: str
    name: str
    title: str
    fields: list[Field]
    rows: list[list[str]]


def folder() -> Path:
    return Path(settings.INDICATORS_FOLDER)


def dates() -> list[str]:
    """The dates indicators were written for, newest first."""
    root = folder()
    if not root.is_dir():
        return []
    return sorted(
        (
            p.name
            for p in root.iterdir()
            if p.is_dir() and _is_date(p.name) and any(_file(p.name, n).is_file() for n in TITLES)
        ),
        reverse=True,
    )


def csv_path(date: str, name: str) -> Path:
    """The table's CSV, checked to exist under a date's folder."""
    if name not in TITLES or not _is_date(date) or not _file(date, name).is_file():
        raise NotPublished(f"no {name} table for {date}")
    return _file(date, name)


def read_table(date: str, name: str) -> Table:
    with csv_path(date, name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    fields = DICTIONARIES[name]
    if not rows or rows[0] != list(fields):
        raise NotPublished(f"{name}.csv for {date} does not have the fields of its dictionary")
    return Table(date, name, TITLES[name], [Field(f, k, m) for f, (k, m) in fields.items()], rows[1:])


#: a table's first column, when it is one of these, groups its rows (a page can show one group)
GROUPED_BY = ("level", "period", "dimension")


def groups(table: Table) -> list[str]:
    """The groups of the table's rows in their order (authority, district, sector), or none."""
    if table.fields[0].name not in GROUPED_BY:
        return []
    return list(dict.fromkeys(row[0] for row in table.rows))


def _file(date: str, name: str) -> Path:
    return folder() / date / f"{name}.csv"


def _is_date(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
