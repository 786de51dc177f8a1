"""Form family units at a reference date and publish them to the warehouse.

``form_families`` reads ``person_mentions`` (the linkage run), ``mentions`` and ``events``; builds the
evidence (``evidence.py``), groups people (``grouping.py``), re-applies data managers' corrections
(``corrections.py``), gives the groups stable ids (``registry.py``), works out each member's role and
whether they live in the family home, and publishes ``families``, ``family_members``, ``family_flags``,
``family_registry`` and ``family_aliases`` in **its own transaction**: call it after the linkage run has
committed ``person_mentions``. Work tables are TEMP (``fm_*``); a failure leaves the published tables as
they were.

Every household is kept (the programme's filter is applied later by ``identify``). A person belongs to
one family at a time: a parent who lives alone elsewhere is a non-resident member of the children's
family and has no family of his own, so his work is counted once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from wholefamily.decisions import DecisionStore
from wholefamily.families.corrections import Outcome, apply_decisions
from wholefamily.families.errors import FormationError
from wholefamily.families.evidence import FormationSettings, build_evidence
from wholefamily.families.grouping import form_groups
from wholefamily.families.registry import assign_ids
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, runs_behind, utc_now


@dataclass(frozen=True)
class FamilySummary:
    run_id: str
    as_of: dt.date
    people: int
    families: int
    with_children: int
    expectant: int
    non_resident_members: int
    ids: dict[str, int]
    flags: dict[str, int]
    decisions: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0


def form_families(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date,
    decisions: DecisionStore,
    run_id: str,
    settings: FormationSettings | None = None,
    progress: Callable[[str], None] | None = None,
) -> FamilySummary:
    """Build family units at ``as_of`` from the current person links and publish them (one transaction)."""
    began, started = time.perf_counter(), utc_now()
    settings = settings or FormationSettings()
    say = progress or (lambda _msg: None)
    tables = published_tables(con)
    missing = {"mentions", "events", "person_mentions"} - tables
    if missing:
        raise FormationError(
            f"the warehouse has no {', '.join(sorted(missing))} table: run `wholefamily ingest` and "
            "`wholefamily link` first"
        )
    say("reading evidence")
    build_evidence(con, as_of, settings)
    say("grouping people")
    form_groups(con, settings)
    _previous(con, "family_members" in tables)
    say("applying corrections")
    outcomes = apply_decisions(con, decisions.active_families())
    say("assigning family ids")
    ids = assign_ids(con, run_id, as_of)
    say("describing families")
    _describe(con, as_of, run_id, "family_members" in tables)
    say("publishing")
    inputs = runs_behind(con, ["person_mentions", "mentions", "events"])
    publish_run(con, StepRun(run_id, "families", started, as_of, inputs), replace=_OUTPUTS)
    return _summary(con, run_id, as_of, ids, outcomes, time.perf_counter() - began)


def _previous(con: duckdb.DuckDBPyConnection, exists: bool) -> None:
    source = (
        "SELECT DISTINCT family_id, person_id FROM main.family_members WHERE end_date IS NULL"
        if exists
        else "SELECT NULL::VARCHAR AS family_id, NULL::VARCHAR AS person_id WHERE false"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE fm_previous AS {source}")


def _describe(con: duckdb.DuckDBPyConnection, as_of: dt.date, run_id: str, had_members: bool) -> None:
    params = {"as_of": as_of, "run": run_id}
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_member AS
        WITH m AS (
            SELECT i.family_id, p.* FROM fm_group g JOIN fm_person p USING (idx) JOIN fm_ids i USING (g)
        ), home AS (
            SELECT family_id, arg_max(postcode, (w, last, postcode)) AS home FROM (
                -- a child counts twice, a non-resident a tenth: in whole numbers, so that equal weights
                -- tie exactly whatever order the sum adds them in
                SELECT family_id, postcode,
                       sum(CASE WHEN age < 18 THEN 2 ELSE 1 END
                           * CASE WHEN hint = 'non_resident' THEN 1 ELSE 10 END) AS w,
                       max(last_seen) AS last
                FROM m WHERE postcode IS NOT NULL GROUP BY ALL)
            GROUP BY family_id
        ), res AS (
            SELECT m.*, h.home,
                   CASE WHEN m.age < 18 THEN true
                        WHEN m.postcode IS NULL OR h.home IS NULL THEN coalesce(m.hint, '') <> 'non_resident'
                        ELSE m.postcode = h.home END AS resident
            FROM m LEFT JOIN home h USING (family_id)
        ), kids AS (
            SELECT family_id, min(age) AS youngest FROM res WHERE age < 18 GROUP BY family_id
        )
        SELECT r.*, k.youngest,
               CASE
                 WHEN r.age IS NULL THEN CASE WHEN r.hint = 'non_resident' OR (r.hint = 'parent' AND NOT r.resident)
                      THEN 'non_resident_parent'
                      WHEN r.hint = 'grandparent' THEN 'grandparent' WHEN r.hint = 'parent' THEN 'parent'
                      WHEN r.hint = 'carer' THEN 'carer' WHEN r.hint = 'child' THEN 'child' ELSE 'other_adult' END
                 WHEN r.age < 18 AND r.hint = 'parent' THEN 'parent'
                 WHEN r.age < 18 THEN 'child'
                 WHEN NOT r.resident THEN
                      CASE WHEN k.youngest IS NOT NULL AND (r.hint IN ('parent', 'non_resident')
                                OR r.age >= k.youngest + 14) THEN 'non_resident_parent' ELSE 'other_adult' END
                 WHEN r.hint = 'grandparent' THEN 'grandparent'
                 WHEN k.youngest IS NOT NULL AND r.age >= k.youngest + 32 AND EXISTS (
                      SELECT 1 FROM res r2 WHERE r2.family_id = r.family_id AND r2.resident AND r2.idx <> r.idx
                        AND r2.age BETWEEN k.youngest + 14 AND r.age - 14) THEN 'grandparent'
                 WHEN r.hint = 'carer' THEN 'carer'
                 WHEN r.hint = 'parent' THEN 'parent'
                 WHEN r.hint = 'child' THEN 'other_adult'
                 WHEN k.youngest IS NOT NULL AND r.age >= k.youngest + 14 THEN 'parent'
                 ELSE 'other_adult'
               END AS role
        FROM res r LEFT JOIN kids k USING (family_id)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_evidence AS
        WITH fam AS (SELECT idx, family_id, person_id FROM fm_member),
        pairs AS (
            SELECT x.idx, e.kind || ': ' || e.detail || ' (with ' || y.person_id || ')' AS item, e.kind
            FROM fm_edge e JOIN fam x ON x.idx = e.a JOIN fam y ON y.idx = e.b AND y.family_id = x.family_id
            UNION ALL
            SELECT y.idx, e.kind || ': ' || e.detail || ' (with ' || x.person_id || ')', e.kind
            FROM fm_edge e JOIN fam x ON x.idx = e.a JOIN fam y ON y.idx = e.b AND y.family_id = x.family_id
            UNION ALL
            SELECT idx, flag || ': ' || detail, flag FROM fm_group_flag WHERE flag = 'correction'
        )
        SELECT idx, list(item ORDER BY CASE kind WHEN 'correction' THEN 0 WHEN 'stated' THEN 1 WHEN 'moved' THEN 2
                                               WHEN 'address' THEN 3 ELSE 4 END, item)[1:6] AS evidence
        FROM (SELECT DISTINCT idx, item, kind FROM pairs) GROUP BY idx
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_now AS
        SELECT m.family_id, m.person_id, m.role, m.resident,
               greatest(coalesce(min(s.seen_from), m.first_seen), coalesce(m.dob, m.first_seen)) AS start_date,
               coalesce(any_value(e.evidence), []) AS evidence
        FROM fm_member m
        LEFT JOIN fm_sight s ON s.person_id = m.person_id AND s.postcode = m.home
        LEFT JOIN fm_evidence e ON e.idx = m.idx
        GROUP BY m.family_id, m.person_id, m.role, m.resident, m.first_seen, m.dob
        """
    )
    previous = (
        "main.family_members"
        if had_members
        else (
            "(SELECT NULL::VARCHAR AS family_id, NULL::VARCHAR AS person_id, NULL::VARCHAR AS role, "
            "NULL::BOOLEAN AS resident, NULL::DATE AS start_date, NULL::DATE AS end_date, "
            "NULL::VARCHAR[] AS evidence, NULL::VARCHAR AS run_id WHERE false)"
        )
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE fm_out_members AS
        WITH prev_open AS (SELECT * FROM {previous} WHERE end_date IS NULL),
        changed AS (  -- people whose family or role changed since the last run: the new row starts now
            SELECT DISTINCT n.person_id FROM fm_now n JOIN prev_open p USING (person_id)
            WHERE p.family_id <> n.family_id OR p.role <> n.role
        )
        SELECT n.family_id, n.person_id, n.role, n.resident,
               CASE WHEN p.start_date IS NOT NULL THEN least(p.start_date, n.start_date)
                    WHEN n.person_id IN (SELECT person_id FROM changed) THEN $as_of
                    ELSE n.start_date END AS start_date,
               NULL::DATE AS end_date, n.evidence, $run AS run_id
        FROM fm_now n LEFT JOIN prev_open p USING (family_id, person_id, role)
        UNION ALL
        SELECT p.family_id, p.person_id, p.role, p.resident, p.start_date, $as_of, p.evidence, p.run_id
        FROM prev_open p ANTI JOIN fm_now n USING (family_id, person_id, role)
        WHERE p.start_date < $as_of
        UNION ALL
        SELECT * FROM {previous} WHERE end_date IS NOT NULL
        """,  # noqa: S608 - the table text is one of two constants
        params,
    )
    _flags_and_families(con, as_of, run_id)


def _flags_and_families(con: duckdb.DuckDBPyConnection, as_of: dt.date, run_id: str) -> None:
    has_edd = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events' AND column_name = 'expected_delivery_date'"
    ).fetchone()
    expectant = (
        """SELECT DISTINCT pm.person_id FROM main.events e JOIN fm_pm pm USING (mention_key)
           WHERE e.expected_delivery_date > $as_of AND e.event_date <= $as_of AND e.delivery_date <= $as_of"""
        if has_edd and has_edd[0]
        else "SELECT NULL::VARCHAR AS person_id WHERE false"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE fm_expectant AS {expectant}", {"as_of": as_of})
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_out_flags AS
        SELECT DISTINCT m.family_id, f.flag, f.detail FROM fm_group_flag f JOIN fm_member m USING (idx)
        WHERE f.flag <> 'ambiguous_household'
        UNION ALL
        SELECT DISTINCT m.family_id, 'ambiguous_household',
               'could belong with ' || (count(DISTINCT f.detail))::VARCHAR || ' other households at ' || any_value(m.home)
        FROM fm_group_flag f JOIN fm_member m USING (idx) WHERE f.flag = 'ambiguous_household' GROUP BY m.family_id
        UNION ALL
        SELECT family_id, 'young_parent', person_id FROM fm_member WHERE role = 'parent' AND age < 18
        UNION ALL
        SELECT family_id, 'non_resident_member', person_id FROM fm_member WHERE NOT resident
        UNION ALL
        SELECT family_id, 'address_conflict', person_id || ' last seen at ' || postcode
        FROM fm_member WHERE resident AND postcode IS NOT NULL AND home IS NOT NULL AND postcode <> home
        UNION ALL
        SELECT family_id, 'child_without_adult', NULL FROM fm_member GROUP BY family_id
        HAVING count(*) FILTER (WHERE age < 18) > 0 AND count(*) FILTER (WHERE age >= 18 OR role <> 'child') = 0
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_out_families AS
        WITH addr AS (
            SELECT m.family_id, arg_max(a.address, (a.n, a.address)) AS address FROM fm_member m
            JOIN fm_address a ON a.idx = m.idx WHERE m.resident GROUP BY m.family_id
        ), fl AS (SELECT family_id, list(DISTINCT flag ORDER BY flag) AS flags FROM fm_out_flags GROUP BY family_id)
        SELECT m.family_id, $as_of::DATE AS as_of, any_value(a.address) AS address, any_value(m.home) AS postcode,
               count(*)::INTEGER AS n_members,
               (count(*) FILTER (WHERE m.resident))::INTEGER AS n_resident,
               (count(*) FILTER (WHERE m.role = 'child'))::INTEGER AS n_children,
               bool_or(m.resident AND m.age < 19) AS has_dependent_child,
               bool_or(m.person_id IN (SELECT person_id FROM fm_expectant)) AS expectant,
               coalesce(any_value(fl.flags), []) AS flags, $run AS run_id
        FROM fm_member m LEFT JOIN addr a USING (family_id) LEFT JOIN fl USING (family_id)
        GROUP BY m.family_id
        """,
        {"as_of": as_of, "run": run_id},
    )


_OUTPUTS = {
    "families": "fm_out_families",
    "family_members": "fm_out_members",
    "family_flags": "fm_out_flags",
    "family_registry": "fm_out_registry",
    "family_aliases": "fm_out_aliases",
}


def _summary(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    as_of: dt.date,
    ids: dict[str, int],
    outcomes: list[Outcome],
    seconds: float,
) -> FamilySummary:
    row = con.execute(
        """
        SELECT sum(n_members), count(*), count(*) FILTER (WHERE n_children > 0), count(*) FILTER (WHERE expectant),
               sum(n_members - n_resident)
        FROM main.families
        """
    ).fetchone()
    assert row is not None
    flags = Counter(
        {
            str(f): int(n)
            for f, n in con.execute(
                "SELECT flag, count(DISTINCT family_id) FROM main.family_flags GROUP BY flag"
            ).fetchall()
        }
    )
    return FamilySummary(
        run_id=run_id,
        as_of=as_of,
        people=int(row[0] or 0),
        families=int(row[1] or 0),
        with_children=int(row[2] or 0),
        expectant=int(row[3] or 0),
        non_resident_members=int(row[4] or 0),
        ids=ids,
        flags=dict(flags),
        decisions=outcomes,
        seconds=seconds,
    )
