"""What a column's values look like, counted in DuckDB with ingest's own normalisers and date parsing.

Identifiers and postcodes are counted valid exactly as ingest would accept them (``wf_nhs``, ``wf_upn``,
``wf_ni``, ``wf_postcode``), and a date format counts the values ingest's ``date_expression`` reads with it
(as a date from 1900 to 2100: ``%Y`` reads ``22`` as the year 22, which is no one's date).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from wholefamily.ingest.config import DEFAULT_NULLS
from wholefamily.ingest.drafting.dates import CANDIDATES
from wholefamily.ingest.normalise import TITLES, date_expression
from wholefamily.warehouse.sql import sql_literal

#: The most distinct values a column may have for them to be listed (a code list such as M/F/U).
MAX_CODES = 10

_TITLE = "(?:" + "|".join(TITLES) + r")\.?"
_WORD = r"\p{L}[\p{L}'’\-]*"
#: name patterns (RE2): a whole name forename first, "SURNAME, Forenames", and a name part
NAME_PATTERNS = {
    "person_name": rf"(?i)(?:{_TITLE}\s+)?{_WORD}(?:\s+{_WORD}){{1,5}}",
    "surname_first": rf"(?i){_WORD}(?:[\s\-]+{_WORD})*\s*,\s*(?:{_TITLE}\s+)?{_WORD}(?:\s+{_WORD}){{0,4}}",
    "name_part": rf"{_WORD}(?:\s+{_WORD}){{0,3}}",
    "surname_upper_last": r".*\p{Ll}.*\s\p{Lu}[\p{Lu}'’\-]+",
    "surname_upper_first": r"\p{Lu}[\p{Lu}'’\-]+,?\s+\p{Lu}\p{Ll}.*",
}
_CHECKS = {
    "nhs": "wf_nhs(v) IS NOT NULL",
    "upn": "wf_upn(v) IS NOT NULL",
    "ni": "wf_ni(v) IS NOT NULL",
    "postcode": "wf_postcode(v) IS NOT NULL",
    "integer": r"regexp_full_match(v, '[0-9]+(\.0+)?')",
    "age": r"regexp_full_match(v, '[0-9]{1,3}') AND TRY_CAST(v AS INTEGER) <= 125",
    "digit": "regexp_matches(v, '[0-9]')",
    **{name: f"regexp_full_match(v, {sql_literal(p)})" for name, p in NAME_PATTERNS.items()},
}


@dataclass(frozen=True)
class Profile:
    """Counts over a column's non-blank values (blank: empty, or one of ingest's default null values)."""

    filled: int
    distinct: int
    matches: dict[str, int]  # check name (see _CHECKS) -> values that pass it
    dates: dict[str, set[int]]  # date format -> positions of the values it reads
    top: list[tuple[str, int]]  # the values with their counts, most frequent first, when MAX_CODES or fewer

    def share(self, check: str) -> float:
        return self.matches[check] / self.filled if self.filled else 0.0

    def date_share(self) -> float:
        read = set().union(*self.dates.values()) if self.dates else set()
        return len(read) / self.filled if self.filled else 0.0


def profile_values(con: duckdb.DuckDBPyConnection, values: list[str | None]) -> Profile:
    """Profile one list of values (the connection has ingest's macros registered)."""
    return profile_columns(con, {"": values})[""]


def profile_columns(
    con: duckdb.DuckDBPyConnection, columns: dict[str, list[str | None]]
) -> dict[str, Profile]:
    """Profile every column in one pass (one query: DuckDB plans the checks once, not once a column)."""
    names = list(columns)
    long = pa.table(
        {
            "col": pa.array([n for n, values in enumerate(columns.values()) for _ in values], pa.int32()),
            "i": pa.array([i for values in columns.values() for i in range(len(values))], pa.int64()),
            "raw": pa.array([v for values in columns.values() for v in values], pa.string()),
        }
    )
    con.register("draft_values", long)
    try:
        base = (
            "SELECT col, i, CASE WHEN list_contains($nulls, t) THEN NULL ELSE t END AS v "
            "FROM (SELECT col, i, wf_text(raw) AS t FROM draft_values)"
        )
        checks = ", ".join(f"count(*) FILTER ({sql})" for sql in _CHECKS.values())
        dates = ", ".join(
            f"list(i) FILTER ({date_expression('v', [fmt])} BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')"
            for fmt in CANDIDATES
        )
        found = con.execute(
            f"SELECT col, count(v), count(DISTINCT v), {checks}, {dates} "  # noqa: S608
            f"FROM ({base}) GROUP BY col",
            {"nulls": list(DEFAULT_NULLS)},
        ).fetchall()
        tops: dict[int, list[tuple[str, int]]] = {}
        for col, value, n in con.execute(
            f"SELECT col, v, count(*) AS n FROM ({base}) WHERE v IS NOT NULL GROUP BY col, v "  # noqa: S608
            f"QUALIFY count(*) OVER (PARTITION BY col) <= {MAX_CODES} ORDER BY col, n DESC, v",
            {"nulls": list(DEFAULT_NULLS)},
        ).fetchall():
            tops.setdefault(int(col), []).append((str(value), int(n)))
    finally:
        con.unregister("draft_values")
    profiles = {name: Profile(0, 0, dict.fromkeys(_CHECKS, 0), {}, []) for name in names}
    for col, filled, distinct, *counts in found:
        matches = dict(zip(_CHECKS, (int(x) for x in counts[: len(_CHECKS)]), strict=True))
        read = {
            f: set(positions)
            for f, positions in zip(CANDIDATES, counts[len(_CHECKS) :], strict=True)
            if positions
        }
        profiles[names[col]] = Profile(filled, distinct, matches, read, tops.get(col, []))
    return profiles
