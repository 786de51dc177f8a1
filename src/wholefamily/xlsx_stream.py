"""A streamed XLSX writer for long tables: one sheet, written row by row into the zip, in constant memory.

Text goes in as inline strings, which a spreadsheet shows and never runs (a formula needs an ``<f>``
element, which this writer never writes); numbers as numbers. It writes the parts of the format a table
needs and nothing else (no styles, no shared strings), several times faster than a general writer that
builds every cell as an object.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from xml.sax.saxutils import escape

#: The longest text a cell holds (Excel's limit); longer text is cut.
MAX_TEXT = 32_767
#: Characters XML 1.0 cannot hold, and the carriage return (an XML reader turns it into a line feed),
#: written as Excel's ``_xHHHH_`` escapes.
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
#: Text that already looks like such an escape, kept as written by escaping its underscore.
_LOOKS_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
#: Text with nothing to escape.
_PLAIN = re.compile(r"(?:[^&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?!x))*")
_ROWS_PER_WRITE = 1_000

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def _xml_text(text: str) -> str:
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if _PLAIN.fullmatch(text):  # most cells: nothing to escape
        return text
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    if _NOT_XML.search(text):
        text = _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return escape(text)


def _number(value: float) -> str:
    """As short as it reads back exactly; whole numbers without ``.0`` (as spreadsheets write them)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


class XlsxStream:
    """``with XlsxStream(path) as sheet: sheet.write_row(...)``: cells are ``str`` (text), ``float`` (a
    number) or ``None`` (empty); the caller decides which, so nothing is guessed from the text."""

    def __init__(self, path: Path, sheet_name: str = "Sheet1") -> None:
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet_name, {'"': "&quot;"})))
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self._sheet.write(_SHEET_START.encode())
        self._rows = 0
        self._pending: list[str] = []

    def write_row(self, cells: Sequence[str | float | None]) -> None:
        self._rows += 1
        parts = [f'<row r="{self._rows}">']
        for cell in cells:  # cells in order, so the column is implied (an empty one is written empty)
            if cell is None:
                parts.append("<c/>")
            elif type(cell) is str:
                space = ' xml:space="preserve"' if cell[:1].isspace() or cell[-1:].isspace() else ""
                parts.append(f'<c t="inlineStr"><is><t{space}>{_xml_text(cell)}</t></is></c>')
            else:
                parts.append(f"<c><v>{_number(float(cell))}</v></c>")
        parts.append("</row>")
        self._pending.append("".join(parts))
        if len(self._pending) >= _ROWS_PER_WRITE:
            self._flush()

    def _flush(self) -> None:
        self._sheet.write("".join(self._pending).encode())
        self._pending.clear()

    def __enter__(self) -> XlsxStream:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        try:
            self._flush()
            self._sheet.write(_SHEET_END.encode())
            self._sheet.close()
        finally:
            self._zip.close()
