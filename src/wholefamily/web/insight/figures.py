"""A figure on a dashboard: a tidy table (its columns and rows), a sentence summing it up and the chart drawn
from it. The page shows all three, and its CSV download is the same table."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from wholefamily.reports import spreadsheet_text
from wholefamily.web.charts import ChartSpec, render_svg
from wholefamily.web.insight.suppression import THRESHOLD, suppress_small

#: How a suppressed count reads in a table and in a CSV file.
SUPPRESSED_TEXT = f"Fewer than {THRESHOLD}"
SUPPRESSED_CSV = f"<{THRESHOLD}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    #: A count that may be suppressed (None in the rows): shown as "Fewer than 5".
    suppressible: bool = False


@dataclass(frozen=True)
class TableView:
    #: Each heading, and whether its column holds numbers.
    head: list[tuple[str, bool]]
    rows: list[list[str]]


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Any]]
    summary: str
    chart: ChartSpec
    note: str = ""
    #: The rows the chart draws when they differ from the table's (one row per mark, the table's wide).
    chart_rows: list[dict[str, Any]] | None = None
    #: Show the table wide: (the column whose values head the rows, the column whose values head the
    #: columns, the column of the values). The CSV stays one row per cell.
    pivot: tuple[str, str, str] | None = None

    def svg(self) -> Markup:
        rows = self.rows if self.chart_rows is None else self.chart_rows
        return render_svg(rows, self.chart, title=self.title, description=self.summary)

    def cell(self, row: Mapping[str, Any], column: Column) -> str:
        value = row.get(column.key)
        if value is None:
            return SUPPRESSED_TEXT if column.suppressible else "–"
        if isinstance(value, float):
            return f"{value:+.1f}" if column.key.endswith("change") else f"{value:.1f}"
        return f"{value:,}" if isinstance(value, int) else str(value)

    def table(self) -> TableView:
        """The table as the page shows it: one row per row, or wide when the figure is ``pivot``ed."""
        if self.pivot is None:
            head = [(column.label, column.numeric) for column in self.columns]
            return TableView(head, [[self.cell(row, column) for column in self.columns] for row in self.rows])
        down, across, value = self.pivot
        by_key = {column.key: column for column in self.columns}
        tops = list(dict.fromkeys(str(row[across]) for row in self.rows))
        sides = list(dict.fromkeys(str(row[down]) for row in self.rows))
        cells = {(str(row[down]), str(row[across])): self.cell(row, by_key[value]) for row in self.rows}
        head = [(by_key[down].label, False), *((top, True) for top in tops)]
        return TableView(head, [[side, *(cells.get((side, top), "–") for top in tops)] for side in sides])

    def csv(self) -> str:
        """The table as CSV: text cells made safe to open in a spreadsheet (``reports.spreadsheet_text``)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([spreadsheet_text(column.label) for column in self.columns])
        writer.writerows(
            [_csv_cell(row.get(column.key), column) for column in self.columns] for row in self.rows
        )
        return out.getvalue()


def _csv_cell(value: Any, column: Column) -> str:
    if value is None:
        return SUPPRESSED_CSV if column.suppressible else ""
    if isinstance(value, (int, float)):
        return str(round(value, 2) if isinstance(value, float) else value)
    return spreadsheet_text(str(value))


def monthly_figure(
    slug: str,
    title: str,
    *,
    series: Column,
    count: Column,
    rows: list[dict[str, Any]],
    summary: str,
    series_title: str,
    note: str,
    pivot: tuple[str, str, str],
) -> Figure:
    """A figure of ``count`` by month and ``series``: the table's columns and a chart of columns by month,
    stacked by ``series``."""
    return Figure(
        slug=slug,
        title=title,
        columns=(Column("month", "Month"), series, count),
        rows=rows,
        summary=summary,
        chart=ChartSpec(
            "stacked",
            "month",
            count.key,
            series.key,
            category_title="Month",
            value_title=count.label,
            series_title=series_title,
        ),
        note=note,
        pivot=pivot,
    )


def suppress_columns(rows: list[dict[str, Any]], keys: Sequence[str]) -> list[dict[str, Any]]:
    """``rows`` with the counts under ``keys`` suppressed below the threshold (``suppress_small``)."""
    return [{**row, **suppress_small({key: row[key] for key in keys})} for row in rows]


def number(count: int | None) -> str:
    """A count in words' company: ``1,234``, or "fewer than 5" when it is suppressed."""
    return f"fewer than {THRESHOLD}" if count is None else f"{count:,}"


def plural(count: int | None, one: str, many: str | None = None) -> str:
    return f"{number(count)} {one if count == 1 else (many or one + 's')}"
