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

    rows: int
    filled: int
    distinct: int
    longest: int
    matches: dict[str, int]  # check name (see _CHECKS) -> values that pass it
    dates: dict[str, set[int]]  # date format -> positions of the values it reads
    top: list[tuple[str, int]]  # the values with their counts, most frequent first, when MAX_CODES or fewer

    def share(self, check: str) -> float:
        return self.matches[check] / self.filled if self.filled else 0.0

    def date_share(self) -> float:
        read = set().union(*self.dates.values()) if self.dates else set()
        return len(read) / self.filled if self.filled else 0.0


def profile_values(con: duckdb.DuckDBPyConnection, values: list[str | None]) -> Profile:
    """Profile one column (the connection has ingest's macros registered)."""
    con.register("draft_values", pa.table({"raw": pa.array(values, pa.string())}))
    try:
        base = (
            "SELECT i, CASE WHEN list_contains($nulls, t) THEN NULL ELSE t END AS v "
            "FROM (SELECT row_number() OVER () AS i, wf_text(raw) AS t FROM draft_values)"
        )
        checks = ", ".join(f"count(*) FILTER ({sql})" for sql in _CHECKS.values())
        dates = ", ".join(
            f"list(i) FILTER ({date_expression('v', [fmt])} BETWEEN DATE '1900-01-01' AND DATE '2100-12-31')"
            for fmt in CANDIDATES
        )
        (row,) = con.execute(
            f"SELECT count(*), count(v), count(DISTINCT v), coalesce(max(length(v)), 0), {checks}, {dates} "  # noqa: S608
            f"FROM ({base})",
            {"nulls": list(DEFAULT_NULLS)},
        ).fetchall()
        rows, filled, distinct, longest = (int(x) for x in row[:4])
        matches = dict(zip(_CHECKS, (int(x) for x in row[4 : 4 + len(_CHECKS)]), strict=True))
        read = {
            fmt: set(found) for fmt, found in zip(CANDIDATES, row[4 + len(_CHECKS) :], strict=True) if found
        }
        top: list[tuple[str, int]] = []
        if 0 < distinct <= MAX_CODES:
            top = [
                (str(v), int(n))
                for v, n in con.execute(
                    f"SELECT v, count(*) AS n FROM ({base}) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v",  # noqa: S608
                    {"nulls": list(DEFAULT_NULLS)},
                ).fetchall()
            ]
        return Profile(rows, filled, distinct, longest, matches, read, top)
    finally:
        con.unregister("draft_values")
