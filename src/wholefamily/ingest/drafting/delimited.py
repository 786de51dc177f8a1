"""Sniffing a delimited text file (CSV, TSV, pipe-separated): encoding, delimiter, quote character, header line."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from wholefamily.ingest.config import CsvFormat
from wholefamily.ingest.drafting.sample import SAMPLE_ROWS, Sample, Table, find_header, header_reason
from wholefamily.ingest.drafting.text import read_text
from wholefamily.ingest.errors import IngestError

DELIMITERS = (",", ";", "\t", "|")
_LOOK = 200  # records read to choose the delimiter
_SHOWN = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def sniff_delimited(path: Path) -> Sample:
    text, encoding, why_encoding = read_text(path)
    if not text.strip():
        raise IngestError(f"{path}: empty file")
    delimiter, why_delimiter = _delimiter(text)
    quotechar = _quotechar(text, delimiter)
    records = list(_records(text, delimiter, quotechar))
    index = find_header([row for _, row in records])
    header_line, header = records[index]
    body = [row for _, row in records[index + 1 :] if row][:SAMPLE_ROWS]
    names = [h.strip() for h in header]
    return Sample(
        CsvFormat(
            type="csv", delimiter=delimiter, encoding=encoding, quotechar=quotechar, header_row=header_line
        ),
        {
            "encoding": why_encoding,
            "delimiter": why_delimiter,
            "quotechar": "values are quoted with '" if quotechar == "'" else "the usual double quotes",
            "header_row": header_reason(header_line, "line"),
        },
        Table.of(names, body),
    )


def _records(text: str, delimiter: str, quotechar: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the physical line it starts on (blank lines are empty records)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quotechar)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error:
        return  # a broken record at the end of the part read: what came before is enough


def _delimiter(text: str) -> tuple[str, str]:
    """The candidate that splits the most lines into the same number (more than one) of fields."""
    best: tuple[float, int, int] = (0.0, 0, 0)
    chosen, why = ",", "no delimiter splits the lines: one column"
    for delimiter in DELIMITERS:
        rows = [row for _, row in itertools.islice(_records(text, delimiter, '"'), _LOOK) if row]
        counts = Counter(len(row) for row in rows if len(row) > 1)
        if not counts:
            continue
        fields, lines = counts.most_common(1)[0]
        score = (lines / len(rows), lines, fields)
        if score > best:
            best, chosen = score, delimiter
            why = f"the {_SHOWN[delimiter]} splits {lines} of the {len(rows)} lines looked at into {fields} fields"
    return chosen, why


def _quotechar(text: str, delimiter: str) -> str:
    """A single quote when values are quoted with it and never with double quotes."""
    if '"' in text:
        return '"'
    starts = len(re.findall(rf"(?:^|{re.escape(delimiter)})'", text, flags=re.MULTILINE))
    return "'" if starts > text.count("\n") else '"'
