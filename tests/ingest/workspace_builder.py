"""A small workspace written in tmp_path: source configs, delivered files, then `wholefamily ingest`."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import xlsxwriter
from click.testing import CliRunner, Result

from wholefamily.cli.ingest import ingest


@dataclass
class Ws:
    root: Path

    def config(self, name: str, text: str) -> None:
        (self.root / "sources" / f"{name}.yaml").write_text(textwrap.dedent(text), "utf-8")

    def file(self, relative: str, data: str | bytes, encoding: str = "utf-8") -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else textwrap.dedent(data).encode(encoding))
        return path

    def ingest(self, *args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(ingest, ["--workspace", str(self.root), *args])
        if ok:
            assert result.exit_code == 0, (result.output, result.exception)
        return result

    def query(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(self.root / "warehouse.duckdb"), read_only=True) as con:
            return con.execute(sql, params).fetchall()

    def one(self, sql: str, params: Any = None) -> Any:
        rows = self.query(sql, params)
        assert len(rows) == 1, rows
        return rows[0][0] if len(rows[0]) == 1 else rows[0]


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A workbook of the sheets' rows from row 1 (dates in date cells; None is an empty cell)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()


def people_config(fmt: str) -> str:
    """A clients source (id, first, last, dob as dd/mm/yyyy) delivered in ``fmt``."""
    return f"""\
        source: clients
        title: Clients
        agency: health
        files: extracts/*/clients.csv
        format: {fmt}
        record_key: [id]
        people:
          - name: client
            fields:
              local_id: {{column: id}}
              first_name: {{column: first}}
              surname: {{column: last}}
              dob: {{column: dob, date_formats: ["%d/%m/%Y"]}}
        """
