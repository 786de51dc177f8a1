"""What the indicators count, read from the warehouse and the casework milestones, as of a date.

* the **identify run**: the latest as of the date (and, for trends, the latest of each month of its
  framework before it);
* each **family** of that run (``family_eligibility``) and each family casework worked with by the date
  (``casework/milestones.csv``, as ``outcomes`` reads it; the pipeline never opens the site's database):
  its counted needs' headlines (``family_needs``), its dependent children, whether it is eligible and
  whether it was worked with;
* its **area**: the postcode most common among its resident members (each member's postcode in their
  latest delivery by the date, ``mentions``), as a postcode district and sector; ``not known`` when no
  member's postcode is a full postcode;
* each resident member's **sex** and **date of birth** (``persons``) and **ethnic group** (the group most
  often recorded in their mentions).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from wholefamily.insight.errors import InsightError
from wholefamily.outcomes.milestones import read_milestones
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace

NOT_KNOWN = "not known"
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9])[A-Z]{2}$")


@dataclass(frozen=True)
class Family:
    family_id: str
    district: str
    sector: str
    eligible: bool
    needs: int  # counted needs
    headlines: frozenset[str]  # of the counted needs
    children: tuple[str, ...]  # dependent children (person ids)
    engaged: bool  # worked with by the date
    rising: bool  # more counted needs than in the framework's previous run (False when there is none)


@dataclass(frozen=True)
class Person:
    person_id: str
    family_id: str
    sex: str
    ethnicity: str
    age: int | None


@dataclass(frozen=True)
class Facts:
    as_of: dt.date
    run_id: str
    run_as_of: dt.date
    framework: str
    headlines: dict[str, str]  # code → label, in order
    families: tuple[Family, ...]
    people: tuple[Person, ...]  # resident members of families eligible or engaged
    trend: tuple[tuple[dt.date, str, dict[str, int]], ...]  # (as of, run, children per headline and "any")
    milestones_read: bool


def areas(postcode: str | None) -> tuple[str, str]:
    """(district, sector) of a full postcode; not known for anything else."""
    found = POSTCODE.match("".join((postcode or "").upper().split()))
    if not found:
        return NOT_KNOWN, NOT_KNOWN
    return found.group(1), f"{found.group(1)} {found.group(2)}"


def read_facts(workspace: Workspace, as_of: dt.date) -> Facts:
    milestones_read = workspace.milestones.is_file()
    engaged = (
        {m.family_id for m in read_milestones(workspace.milestones).rows if m.worked_with_start <= as_of}
        if milestones_read
        else set()
    )
    if not workspace.warehouse.is_file():
        raise InsightError(
            f"{workspace.warehouse}: no warehouse; run `wholefamily ingest` and the steps after it"
        )
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        run_id, run_as_of, framework = _identify_run(con, as_of)
        headlines = dict(
            con.execute(
                "SELECT headline, min(headline_label) FROM main.family_needs WHERE run_id = $run "
                "GROUP BY headline ORDER BY headline",
                {"run": run_id},
            ).fetchall()
        )
        families = _families(con, run_id, run_as_of, framework, as_of, engaged)
        in_scope = {f.family_id for f in families if f.eligible or f.engaged}
        people = tuple(p for p in _people(con, as_of) if p.family_id in in_scope)
        trend = _trend(con, framework, run_as_of)
    return Facts(as_of, run_id, run_as_of, framework, headlines, families, people, trend, milestones_read)


def _identify_run(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[str, dt.date, str]:
    row = None
    if "identify_runs" in published_tables(con):
        row = con.execute(
            "SELECT run_id, as_of, framework FROM main.identify_runs WHERE as_of <= $as_of "
            "ORDER BY as_of DESC, run_id DESC LIMIT 1",
            {"as_of": as_of},
        ).fetchone()
    if row is None:
        raise InsightError(
            f"no identify run as of {as_of} or before: run `wholefamily identify --as-of DATE` first"
        )
    return str(row[0]), row[1], str(row[2])


_FAMILIES = """
WITH members AS (
    SELECT family_id, person_id FROM main.family_members
    WHERE resident AND (start_date IS NULL OR start_date <= $as_of) AND (end_date IS NULL OR end_date > $as_of)
),
latest AS (
    SELECT pm.person_id, upper(replace(m.postcode, ' ', '')) AS code
    FROM main.person_mentions pm JOIN main.mentions m ON m.mention_key = pm.mention_key
    WHERE m.postcode IS NOT NULL AND m.delivery_date <= $as_of
    QUALIFY rank() OVER (PARTITION BY pm.person_id ORDER BY m.delivery_date DESC) = 1
),
person_code AS (
    SELECT person_id, code FROM latest GROUP BY person_id, code
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY count(*) DESC, code) = 1
),
family_code AS (
    SELECT members.family_id, person_code.code FROM members JOIN person_code USING (person_id)
    GROUP BY members.family_id, person_code.code
    QUALIFY row_number() OVER (PARTITION BY members.family_id ORDER BY count(*) DESC, person_code.code) = 1
),
counted AS (
    SELECT family_id, list_sort(list_distinct(list(headline))) AS headlines FROM main.family_needs
    WHERE run_id = $run AND counted GROUP BY family_id
),
previous AS (
    SELECT family_id, n_needs FROM main.family_eligibility
    WHERE run_id = (
        SELECT max(run_id) FROM main.identify_runs
        WHERE framework = $framework AND as_of = (
            SELECT max(as_of) FROM main.identify_runs WHERE framework = $framework AND as_of < $run_as_of
        )
    )
),
assessed AS (SELECT * FROM main.family_eligibility WHERE run_id = $run),
everyone AS (SELECT family_id FROM assessed UNION SELECT unnest($engaged::VARCHAR[]) AS family_id)
SELECT everyone.family_id, family_code.code, coalesce(e.eligible, false), coalesce(e.n_needs, 0),
       coalesce(counted.headlines, []), list_sort(coalesce(e.dependent_children, [])),
       coalesce(e.n_needs, 0) > coalesce(previous.n_needs, 0) AND EXISTS (SELECT 1 FROM previous)
FROM everyone
LEFT JOIN assessed e ON e.family_id = everyone.family_id
LEFT JOIN counted ON counted.family_id = everyone.family_id
LEFT JOIN family_code ON family_code.family_id = everyone.family_id
LEFT JOIN previous ON previous.family_id = everyone.family_id
ORDER BY everyone.family_id
"""


def _families(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    run_as_of: dt.date,
    framework: str,
    as_of: dt.date,
    engaged: set[str],
) -> tuple[Family, ...]:
    rows = con.execute(
        _FAMILIES,
        {
            "run": run_id,
            "as_of": as_of,
            "run_as_of": run_as_of,
            "framework": framework,
            "engaged": sorted(engaged),
        },
    ).fetchall()
    return tuple(
        Family(
            family_id,
            *areas(code),
            bool(eligible),
            int(needs),
            frozenset(headlines),
            tuple(children),
            family_id in engaged,
            bool(rising),
        )
        for family_id, code, eligible, needs, headlines, children, rising in rows
    )


_PEOPLE = """
WITH members AS (
    SELECT family_id, person_id FROM main.family_members
    WHERE resident AND (start_date IS NULL OR start_date <= $as_of) AND (end_date IS NULL OR end_date > $as_of)
),
ethnicity AS (
    SELECT pm.person_id, lower(m.ethnicity) AS ethnicity FROM main.person_mentions pm
    JOIN main.mentions m ON m.mention_key = pm.mention_key
    WHERE m.ethnicity IS NOT NULL AND m.delivery_date <= $as_of
    GROUP BY pm.person_id, lower(m.ethnicity)
    QUALIFY row_number() OVER (PARTITION BY pm.person_id ORDER BY count(*) DESC, lower(m.ethnicity)) = 1
)
SELECT DISTINCT members.person_id, members.family_id, lower(p.sex), ethnicity.ethnicity,
       CASE WHEN p.dob <= $as_of THEN date_sub('year', p.dob, $as_of) END
FROM members LEFT JOIN main.persons p ON p.person_id = members.person_id
LEFT JOIN ethnicity ON ethnicity.person_id = members.person_id
ORDER BY members.family_id, members.person_id
"""


def _people(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[Person]:
    return [
        Person(person, family, sex or NOT_KNOWN, ethnicity or NOT_KNOWN, None if age is None else int(age))
        for person, family, sex, ethnicity, age in con.execute(_PEOPLE, {"as_of": as_of}).fetchall()
    ]


_TREND = """
WITH runs AS (
    SELECT run_id, as_of FROM main.identify_runs WHERE framework = $framework AND as_of <= $as_of
    QUALIFY row_number() OVER (PARTITION BY date_trunc('month', as_of) ORDER BY as_of DESC, run_id DESC) = 1
),
children AS (
    SELECT e.run_id, unnest(e.dependent_children) AS child, e.family_id FROM main.family_eligibility e
    WHERE e.run_id IN (SELECT run_id FROM runs)
),
needs AS (
    SELECT DISTINCT run_id, family_id, headline FROM main.family_needs
    WHERE counted AND run_id IN (SELECT run_id FROM runs)
)
SELECT runs.as_of, runs.run_id, needs.headline, count(DISTINCT children.child)
FROM runs JOIN needs ON needs.run_id = runs.run_id
JOIN children ON children.run_id = needs.run_id AND children.family_id = needs.family_id
GROUP BY ALL
UNION ALL
SELECT runs.as_of, runs.run_id, NULL, count(DISTINCT with_needs.child)
FROM runs LEFT JOIN (
    SELECT children.run_id, children.child FROM children
    SEMI JOIN needs ON needs.run_id = children.run_id AND needs.family_id = children.family_id
) AS with_needs ON with_needs.run_id = runs.run_id
GROUP BY ALL
"""


def _trend(
    con: duckdb.DuckDBPyConnection, framework: str, as_of: dt.date
) -> tuple[tuple[dt.date, str, dict[str, int]], ...]:
    """Children in families with each headline (``any``: with any counted need, every run), per month's
    latest run."""
    runs: dict[tuple[dt.date, str], dict[str, int]] = {}
    for when, run, headline, children in con.execute(
        _TREND, {"framework": framework, "as_of": as_of}
    ).fetchall():
        runs.setdefault((when, run), {})[headline or "any"] = int(children)
    return tuple((when, run, counts) for (when, run), counts in sorted(runs.items()))
