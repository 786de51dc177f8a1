"""A pseudonymised extract for analysis and returns: one row per current family member, with no real
identifier.

People and families are named by their purpose's pseudonyms (``pseudonyms.py``); there is no name, no
address, no partner's identifier and no warehouse id. A date of birth becomes an age band on the extract's
date, a postcode its district (the outward code, ``WX1`` of ``WX1 1AA``). The family's eligibility,
headlines and number of needs come from the latest identify run (a family it found no need in: not
eligible, no needs). People whose processing is restricted
(``restrictions.py``) are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wholefamily.governance.errors import GovernanceError
from wholefamily.governance.pseudonyms import pseudonym
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.sql import sql_literal

#: Age bands of the extract (those of the population estimates), by their lowest age.
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "0-4"),
    (5, "5-9"),
    (10, "10-15"),
    (16, "16-17"),
    (18, "18-24"),
    (25, "25-34"),
    (35, "35-44"),
    (45, "45-54"),
    (55, "55-64"),
    (65, "65+"),
)
COLUMNS = (
    "person",
    "family",
    "role",
    "resident",
    "sex",
    "age_band",
    "postcode_district",
    "family_eligible",
    "family_needs",
    "family_headlines",
)
_FORMATS = {".csv": "(FORMAT csv, HEADER true)", ".parquet": "(FORMAT parquet)"}


@dataclass(frozen=True)
class Extract:
    path: Path
    rows: int
    families: int
    left_out_restricted: int


def _age_band(dob: str, day: dt.date) -> str:
    age = (
        f"date_diff('year', {dob}, DATE '{day.isoformat()}') - (strftime({dob}, '%m%d') > '{day:%m%d}')::INT"
    )
    whens = " ".join(f"WHEN {age} >= {low} THEN '{band}'" for low, band in reversed(AGE_BANDS))
    return f"CASE WHEN {dob} IS NULL OR {dob} > DATE '{day.isoformat()}' THEN 'unknown' {whens} END"


def write_extract(
    con: duckdb.DuckDBPyConnection,
    secret: bytes,
    out: Path,
    as_of: dt.date,
    restricted: Collection[str] = (),
) -> Extract:
    """Write the extract to ``out`` (``.csv`` or ``.parquet``), pseudonymised with ``secret``."""
    fmt = _FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise GovernanceError(f"{out}: an extract is written as .csv or .parquet")
    tables = published_tables(con)
    if not {"family_members", "persons", "identify_runs", "family_eligibility"} <= tables:
        raise GovernanceError(
            "the warehouse has no families with needs: run `wholefamily link` and `wholefamily identify` first"
        )
    latest = "(SELECT run_id FROM main.identify_runs ORDER BY finished_at DESC, run_id DESC LIMIT 1)"
    postcode = "coalesce(nullif(p.postcode, ''), f.postcode)" if "families" in tables else "p.postcode"
    families = "LEFT JOIN main.families f USING (family_id)" if "families" in tables else ""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE extract_restricted AS SELECT unnest($ids::VARCHAR[]) AS person_id",
        {"ids": sorted(restricted)},
    )
    con.create_function("wf_pseudonym", lambda value: pseudonym(secret, value), ["VARCHAR"], "VARCHAR")
    try:
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE extract_rows AS
            SELECT wf_pseudonym(m.person_id) AS person, wf_pseudonym(m.family_id) AS family, m.role, m.resident,
                   p.sex, {_age_band("p.dob", as_of)} AS age_band,
                   CASE WHEN {postcode} LIKE '% %' THEN split_part({postcode}, ' ', 1) ELSE 'unknown' END
                     AS postcode_district,
                   coalesce(e.eligible, false) AS family_eligible, coalesce(e.n_needs, 0) AS family_needs,
                   coalesce(array_to_string(list_sort(e.headlines), ';'), '') AS family_headlines
            FROM main.family_members m
            JOIN main.persons p USING (person_id)
            {families}
            LEFT JOIN main.family_eligibility e ON e.family_id = m.family_id AND e.run_id = {latest}
            WHERE (m.end_date IS NULL OR m.end_date >= $day) AND (m.start_date IS NULL OR m.start_date <= $day)
              AND m.person_id NOT IN (SELECT person_id FROM extract_restricted)
            """,  # noqa: S608 - the SQL pieces are this module's constants and a date
            {"day": as_of},
        )
        left_out = con.execute(
            "SELECT count(DISTINCT person_id) FROM main.family_members WHERE person_id IN "
            "(SELECT person_id FROM extract_restricted)"
        ).fetchone()
        rows, families = con.execute(
            "SELECT count(*), count(DISTINCT family) FROM extract_rows"
        ).fetchone() or (0, 0)
        out.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY (SELECT {', '.join(COLUMNS)} FROM extract_rows ORDER BY family, person) "  # noqa: S608
            f"TO {sql_literal(str(out))} {fmt}"
        )
    finally:
        con.remove_function("wf_pseudonym")
        con.execute("DROP TABLE IF EXISTS temp.extract_rows")
        con.execute("DROP TABLE IF EXISTS temp.extract_restricted")
    return Extract(out, int(rows), int(families), int(left_out[0]) if left_out else 0)
