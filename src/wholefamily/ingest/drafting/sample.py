"""What a sniffer returns: the format it found (with why) and a sample of the file's values as text, and the
header-finding the sniffers share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wholefamily.ingest.config import FileFormat
from wholefamily.ingest.errors import IngestError

#: Records looked at: enough to see the patterns, few enough to sniff a large file in a moment.
SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class Table:
    """Values as ingest reads them (text; None where a JSON key is missing), column by column."""

    columns: dict[str, list[str | None]]
    rows: int

    @staticmethod
    def of(names: Sequence[str], rows: Sequence[Sequence[str | None]]) -> Table:
        return Table(
            {n: [r[i] if i < len(r) else None for r in rows] for i, n in enumerate(names)}, len(rows)
        )


@dataclass(frozen=True)
class Sample:
    """A file's format (a config ``format``), why each option was chosen, its records and nested people."""

    format: FileFormat
    reasons: dict[str, str]
    records: Table
    nested: dict[str, Table] = field(default_factory=dict)  # JSON: path of an array of objects -> its items
    notes: list[str] = field(default_factory=list)  # what the draft leaves out, for the comments


def find_header(rows: list[list[str]], look: int = 50) -> int:
    """Index of the header row: the first with (nearly) as many filled cells as the fullest of the first rows.

    Title rows above a header ("Wexcombe Homes", "Run date: ...") fill one or two cells, so they are passed.
    """
    filled = [sum(1 for cell in row if cell.strip()) for row in rows[:look]]
    most = max(filled, default=0)
    if most == 0:
        raise IngestError("no row with any value: the file or sheet is empty")
    need = most if most <= 2 else -(-most * 4 // 5)
    return next(i for i, n in enumerate(filled) if n >= need)


def header_reason(row_number: int, unit: str) -> str:
    if row_number == 1:
        return f"{unit} 1 holds the column names"
    return f"{unit} {row_number} holds the column names; the {unit}s above it are titles"
