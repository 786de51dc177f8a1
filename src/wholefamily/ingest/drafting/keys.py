"""Guessing the record key: a column (else a pair of columns) filled and unique in every record looked at.

Rows that repeat an earlier row exactly are left out, as ingest drops them. With no unique column or pair,
records are keyed by their line in the file (``{line_number: true}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from wholefamily.ingest.drafting import headers
from wholefamily.ingest.drafting.sample import Table

#: Person fields that never identify a record (ids do: a pupil id with the term, say).
_NOT_KEYS = frozenset(
    {
        "full_name",
        "first_name",
        "middle_names",
        "surname",
        "title",
        "dob",
        "age",
        "sex",
        "ethnicity",
        "address",
        "postcode",
        "role",
        "cell",
    }
)
_PAIRS_FROM = 12  # the first columns tried in pairs
#: A key may repeat in this few records: ingest quarantines the repeats.
NEARLY_UNIQUE = 0.99
LINE_NUMBER = {"line_number": True}

Key = list[str] | dict[str, bool]


def guess_record_key(table: Table, fields: dict[str, str]) -> tuple[Key, str, str]:
    """(``record_key``, why, what to check); ``fields`` gives the person field of each column that has one."""
    candidates = [c for c in table.columns if fields.get(c) not in _NOT_KEYS]
    ranked = sorted(candidates, key=lambda c: 0 if _id_like(c, fields) else 2 if c in fields else 1)
    if not table.rows:
        named = [c for c in ranked if _id_like(c, fields)]
        if named:
            return [named[0]], "the header names a reference; no records to check it is unique", _ACROSS
        return LINE_NUMBER, "no records to look at", _LINES
    values = {c: _texts(table.columns[c]) for c in table.columns}
    rows = _distinct_rows(list(table.columns.values()))
    complete = [c for c in ranked if all(values[c][i] for i in rows)]
    singles: dict[tuple[str, ...], int] = {(c,): len({values[c][i] for i in rows}) for c in complete}
    in_order = [c for c in candidates if c in complete][:_PAIRS_FROM]
    pairs: dict[tuple[str, ...], int] = {
        (a, b): len({(values[a][i], values[b][i]) for i in rows}) for a, b in combinations(in_order, 2)
    }
    nearly = int(len(rows) * NEARLY_UNIQUE)
    for found, least, what in (
        (singles, len(rows), "filled and unique"),
        (pairs, len(rows), "no column is unique; this pair is filled and unique"),
        ({c: n for c, n in singles.items() if _id_like(c[0], fields)}, nearly, "filled and nearly unique"),
        (pairs, nearly, "no column is unique; this pair is filled and nearly unique"),
    ):
        best = next((k for k, n in found.items() if n >= least), None)
        if best is not None:
            repeats = len(rows) - found[best]
            quarantined = f" ({repeats} repeated: those records would be quarantined)" if repeats else ""
            return list(best), f"{what} in the {len(rows)} different records looked at{quarantined}", _ACROSS
    return LINE_NUMBER, f"no column or pair of columns is unique in the {len(rows)} records looked at", _LINES


_ACROSS = "it identifies the record in every delivery"
_LINES = (
    "a record is keyed by its line: stable within one delivery only (a partner's reference is better: "
    "ask for one)"
)


def _id_like(column: str, fields: dict[str, str]) -> bool:
    """A reference of the record: id words in the header, and not a person's own id."""
    return headers.is_identifier(headers.words(column)) and column not in fields


def _texts(values: list[str | None]) -> list[str]:
    """Values as ingest compares keys: spaces tidied, blank as empty."""
    return [" ".join((v or "").split()) for v in values]


def _distinct_rows(columns: Sequence[list[str | None]]) -> list[int]:
    """The rows that are not an exact copy of an earlier row (ingest drops those)."""
    seen: set[tuple[str | None, ...]] = set()
    kept = []
    for i, row in enumerate(zip(*columns, strict=True)):
        if row not in seen:
            seen.add(row)
            kept.append(i)
    return kept
