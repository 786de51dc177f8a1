"""Guessing the record key: a column (else a pair of columns) filled and unique in every record looked at."""

from __future__ import annotations

from itertools import combinations

from wholefamily.ingest.drafting import headers
from wholefamily.ingest.drafting.profile import Profile
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
    }
)
_PAIRS_FROM = 12  # the first columns tried in pairs
#: A key may repeat in this few records (a duplicated row): ingest quarantines the repeats.
NEARLY_UNIQUE = 0.99


def guess_record_key(
    table: Table, profiles: dict[str, Profile], fields: dict[str, str]
) -> tuple[list[str] | None, str]:
    """(key columns, why); None when no column or pair is unique (then ingest keys records by a hash)."""
    candidates = [c for c in table.columns if fields.get(c) not in _NOT_KEYS]
    ranked = sorted(candidates, key=lambda c: 0 if _id_like(c, fields) else 2 if c in fields else 1)
    if not table.rows:
        named = [c for c in ranked if _id_like(c, fields)]
        if named:
            return [named[0]], "the header names a reference; no records to check it is unique"
        return None, "no records to look at"
    complete = [c for c in ranked if profiles[c].filled == table.rows]
    singles: dict[tuple[str, ...], int] = {(c,): profiles[c].distinct for c in complete}
    pairs: dict[tuple[str, ...], int] = {
        (a, b): len(set(zip(_keys(table, a), _keys(table, b), strict=True)))
        for a, b in combinations([c for c in candidates if c in complete][:_PAIRS_FROM], 2)
    }
    nearly = int(table.rows * NEARLY_UNIQUE)
    for found, least, what in (
        (singles, table.rows, "filled and unique"),
        (pairs, table.rows, "no column is unique; this pair is filled and unique"),
        ({c: n for c, n in singles.items() if _id_like(c[0], fields)}, nearly, "filled and nearly unique"),
        (pairs, nearly, "no column is unique; this pair is filled and nearly unique"),
    ):
        best = next((k for k, n in found.items() if n >= least), None)
        if best is not None:
            repeats = table.rows - found[best]
            check = f" ({repeats} repeated: those records would be quarantined)" if repeats else ""
            return list(best), f"{what} in the {table.rows} records looked at{check}"
    return None, f"no column or pair of columns is unique in the {table.rows} records looked at"


def _id_like(column: str, fields: dict[str, str]) -> bool:
    """A reference of the record: id words in the header, and not a person's own id."""
    return headers.is_identifier(headers.words(column)) and column not in fields


def _keys(table: Table, column: str) -> list[str]:
    return [" ".join((v or "").split()) for v in table.columns[column]]
