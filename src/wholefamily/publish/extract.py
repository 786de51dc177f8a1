"""Read the latest identify run of a framework, and the families behind it, out of the warehouse.

Everything is read set-based (a handful of queries whatever the number of families) from a read-only
connection. The families are those the identify run assessed: members on its as-of date from
``family_members`` and people from the latest ``person_mentions``, which must not be newer than the
identify run (when people were linked or families rebuilt since, identify has to run again first).
People and families also carry the casework ids of their ``casework_referrals`` mentions (records made by
hand and sent back by ``wholefamily export-casework``), so that casework can match them to its own records.

The need outcomes come from the latest outcomes run, only when it read the identify run published (else
publish leaves them out and says why): each need of a family in scope, at each horizon after closure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import duckdb

from wholefamily.decisions import DecisionStore
from wholefamily.errors import WholefamilyError
from wholefamily.governance.restrictions import restricted_person_ids
from wholefamily.ingest.feed_health import read_feed_health
from wholefamily.publish.display import display_case
from wholefamily.publish.records import (
    CASEWORK_SOURCE,
    ClaimReasonRecord,
    ClaimRecord,
    Claims,
    EvidenceRecord,
    Extract,
    FamilyRecord,
    MemberRecord,
    NeedOutcomeRecord,
    NeedRecord,
    Outcomes,
    PersonRecord,
    Scope,
    Standing,
    TimelineRecord,
    casework_role,
    leave_out,
)
from wholefamily.publish.titles import SENSITIVE_HEADLINES, event_detail, event_title, sensitive_values
from wholefamily.vocabulary import load_vocabulary
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.warehouse.runs import run_inputs, runs_behind
from wholefamily.workspace import Workspace

#: The timeline shows partner events of the last three years before the identify date.
TIMELINE_YEARS = 3

_NEEDED = {
    "identify_runs": "wholefamily identify",
    "family_needs": "wholefamily identify",
    "need_evidence": "wholefamily identify",
    "family_eligibility": "wholefamily identify",
    "families": "wholefamily link",
    "family_members": "wholefamily link",
    "person_mentions": "wholefamily link",
    "mentions": "wholefamily ingest",
    "events": "wholefamily ingest",
}


class PublishError(WholefamilyError):
    """Publish cannot run on this workspace (the message says which command to run first)."""


def read_extract(workspace: Workspace, framework: str, scope: Scope = "eligible") -> Extract:
    """The latest identify run of ``framework`` and what casework shows of the families in ``scope``."""
    if not workspace.warehouse.is_file():
        raise PublishError(
            f"no warehouse at {workspace.warehouse}: run `wholefamily ingest`, `wholefamily link` and "
            f"`wholefamily identify --framework {framework}` first"
        )
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        restricted = restricted_person_ids(con, DecisionStore(workspace.decisions))
        return leave_out(_extract(con, framework, scope), families=set(), people=restricted)


def _extract(con: duckdb.DuckDBPyConnection, framework: str, scope: Scope) -> Extract:
    run_id, as_of = _latest_run(con, framework)
    link_run = _check_fresh(con, run_id, framework)
    params = {"run": run_id, "as_of": as_of, "all": scope == "with-needs", "link": link_run}
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE pub_scope AS
        SELECT family_id FROM main.family_eligibility WHERE run_id = $run AND (eligible OR $all)
        """,
        {"run": run_id, "all": params["all"]},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE pub_members AS
        SELECT * FROM (  -- the members identify saw: one family per person on the as-of date
            SELECT family_id, person_id, role, resident, start_date, evidence FROM main.family_members
            WHERE (start_date IS NULL OR start_date <= $as_of) AND (end_date IS NULL OR end_date > $as_of)
            QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY resident DESC, start_date DESC) = 1)
        WHERE family_id IN (SELECT family_id FROM pub_scope)
        """,
        {"as_of": as_of},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE pub_pm AS
        SELECT mention_key, person_id FROM main.person_mentions
        WHERE run_id = $link AND person_id IN (SELECT person_id FROM pub_members)
        """,
        {"link": link_run},
    )
    _casework_mentions(con)
    needs = _needs(con, run_id)
    evidence = _evidence(con, run_id)
    sensitive_needs = {(n.family_id, n.descriptor_id) for n in needs if n.headline in SENSITIVE_HEADLINES}
    sensitive_keys = {e.event_key for e in evidence if (e.family_id, e.descriptor_id) in sensitive_needs}
    return Extract(
        identify_run=run_id,
        framework=framework,
        as_of=as_of,
        link_run=link_run,
        scope=scope,
        families=_families(con, run_id),
        standing=_standing(con, run_id),
        people=_people(con, as_of),
        members=_members(con),
        needs=needs,
        evidence=evidence,
        timeline=_timeline(con, as_of, sensitive_keys),
        outcomes=_outcomes(con, run_id),
        feeds=read_feed_health(con),
        claims=_claims(con),
    )


def _latest_run(con: duckdb.DuckDBPyConnection, framework: str) -> tuple[str, dt.date]:
    missing = sorted({cmd for table, cmd in _NEEDED.items() if table not in published_tables(con)})
    run = (
        None
        if missing
        else con.execute(
            "SELECT run_id, as_of FROM main.identify_runs WHERE framework = ? "
            "ORDER BY finished_at DESC, run_id DESC LIMIT 1",
            [framework],
        ).fetchone()
    )
    if run is None:
        steps: list[str] = [c for c in ("wholefamily ingest", "wholefamily link") if c in missing]
        steps.append(f"wholefamily identify --framework {framework} --as-of DATE")
        raise PublishError(
            f"the warehouse has no identify run of {framework}: run "
            + ", then ".join(f"`{s}`" for s in steps)
            + " first"
        )
    return str(run[0]), run[1]


def _check_fresh(con: duckdb.DuckDBPyConnection, run_id: str, framework: str) -> str:
    """The link run behind the identify run; refuse when the people or families published now are not the
    ones it read (its lineage in ``step_runs``)."""
    read = run_inputs(con, run_id)
    link_runs = runs_behind(con, ["person_mentions"])
    stale = [r for r in (*link_runs, *runs_behind(con, ["families"])) if read is None or r not in read]
    if stale or len(link_runs) != 1:
        raise PublishError(
            f"people were linked or families rebuilt after identify run {run_id}: run "
            f"`wholefamily identify --framework {framework} --as-of DATE` again, then publish"
        )
    return link_runs[0]


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _casework_mentions(con: duckdb.DuckDBPyConnection) -> None:
    """The members' mentions in the casework source (each from its latest delivery, as linkage reads it),
    whatever their date: that a person is the one a keyworker recorded does not depend on the as-of date.
    ``current`` marks those of the source's latest delivery, the casework families as they stand now."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE pub_casework AS
        SELECT pm.person_id, m.local_id, m.record_key,
               m.delivery_date = (SELECT max(delivery_date) FROM main.mentions WHERE source = $source) AS current
        FROM main.mentions m JOIN pub_pm pm USING (mention_key)
        WHERE m.source = $source
        QUALIFY row_number() OVER (PARTITION BY m.mention_key ORDER BY m.delivery_date DESC) = 1
        """,
        {"source": CASEWORK_SOURCE},
    )


def _families(con: duckdb.DuckDBPyConnection, run_id: str) -> list[FamilyRecord]:
    flags: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for family_id, flag, detail in con.execute(
        """SELECT family_id, flag, coalesce(detail, '') FROM main.family_flags
           WHERE family_id IN (SELECT family_id FROM pub_scope) ORDER BY ALL"""
    ).fetchall():
        flags[family_id].append({"flag": flag, "detail": detail})
    aliases: defaultdict[str, list[str]] = defaultdict(list)
    if "family_aliases" in published_tables(con):
        for alias, family_id in con.execute(
            """SELECT DISTINCT alias_id, family_id FROM main.family_aliases
               WHERE family_id IN (SELECT family_id FROM pub_scope) ORDER BY ALL"""
        ).fetchall():
            aliases[family_id].append(alias)
    casework: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for family_id, reference, members in con.execute(
        """SELECT m.family_id, c.record_key, count(DISTINCT c.person_id) FROM pub_casework c
           JOIN pub_members m USING (person_id) WHERE c.current AND c.record_key IS NOT NULL
           GROUP BY ALL ORDER BY ALL"""
    ).fetchall():
        casework[family_id][reference] = members
    rows = _rows(
        con,
        """
        SELECT s.family_id, coalesce(f.address, '') AS address, coalesce(f.postcode, '') AS postcode,
               e.eligible, e.priority, coalesce(e.priority_reason, '') AS priority_reason
        FROM pub_scope s JOIN main.family_eligibility e ON e.family_id = s.family_id AND e.run_id = $run
        LEFT JOIN main.families f ON f.family_id = s.family_id
        ORDER BY e.priority, s.family_id
        """,
        {"run": run_id},
    )
    return [
        FamilyRecord(
            warehouse_id=r["family_id"],
            address=display_case(r["address"])[:200],
            postcode=r["postcode"][:10],
            eligible=bool(r["eligible"]),
            priority=r["priority"],
            priority_reason=r["priority_reason"][:300],
            flags=flags.get(r["family_id"], []),
            aliases=aliases.get(r["family_id"], []),
            casework_families=casework.get(r["family_id"], {}),
        )
        for r in rows
    ]


def _standing(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Standing]:
    rows = con.execute(
        """SELECT family_id, eligible, priority, coalesce(priority_reason, '') FROM main.family_eligibility
           WHERE run_id = $run ORDER BY family_id""",
        {"run": run_id},
    ).fetchall()
    return [Standing(str(f), bool(e), p, str(r)[:300]) for f, e, p, r in rows]


def _members(con: duckdb.DuckDBPyConnection) -> list[MemberRecord]:
    rows = con.execute(
        "SELECT family_id, person_id, role, resident, start_date, evidence FROM pub_members ORDER BY ALL"
    ).fetchall()
    return [
        MemberRecord(str(f), str(p), casework_role(str(role), bool(res)), bool(res), start, list(ev or []))
        for f, p, role, res, start, ev in rows
    ]


def _people(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[PersonRecord]:
    """Each member's attributes over their mentions (each mention once, from its latest delivery by the
    as-of date): the most frequent name, date of birth, sex, ethnicity and NHS number (ties: the value
    seen last), and the address and postcode they were seen at last (a mention is dated by its record's
    latest event)."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE pub_mentions AS
        WITH rec AS (
            SELECT source, record_key, delivery_date, max(event_date) AS seen FROM main.events
            WHERE delivery_date <= $as_of AND event_date <= $as_of GROUP BY ALL
        )
        SELECT pm.person_id, m.mention_key, m.first_name, m.surname, CAST(m.dob AS VARCHAR) AS dob, m.sex,
               m.ethnicity, m.nhs_number, m.address, m.postcode, m.delivery_date,
               coalesce(r.seen, m.delivery_date) AS seen
        FROM main.mentions m JOIN pub_pm pm USING (mention_key)
        LEFT JOIN rec r USING (source, record_key, delivery_date)
        WHERE m.delivery_date <= $as_of
        QUALIFY row_number() OVER (PARTITION BY m.mention_key ORDER BY m.delivery_date DESC) = 1
        """,
        {"as_of": as_of},
    )
    common: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for person_id, attribute, value in con.execute(
        """
        SELECT person_id, attribute, arg_max(value, (n, last, value))
        FROM (SELECT person_id, attribute, value, count(*) AS n, max(seen) AS last
              FROM (UNPIVOT (SELECT person_id, seen, first_name, surname, dob, sex, ethnicity, nhs_number
                             FROM pub_mentions)
                    ON first_name, surname, dob, sex, ethnicity, nhs_number INTO NAME attribute VALUE value)
              WHERE trim(value) <> '' GROUP BY ALL)
        GROUP BY ALL
        """
    ).fetchall():
        common[person_id][attribute] = value
    latest = {
        str(p): (str(a or ""), str(c or ""))
        for p, a, c in con.execute(
            """
            SELECT person_id, arg_max(address, (seen, delivery_date, mention_key)),
                   arg_max(postcode, (seen, delivery_date, mention_key))
            FROM pub_mentions WHERE postcode IS NOT NULL GROUP BY person_id
            """
        ).fetchall()
    }
    casework = {
        str(p): list(ids)
        for p, ids in con.execute(
            """SELECT person_id, list(DISTINCT local_id ORDER BY local_id) FROM pub_casework
               WHERE trim(local_id) <> '' GROUP BY person_id"""
        ).fetchall()
    }
    people = []
    for (person_id,) in con.execute("SELECT DISTINCT person_id FROM pub_members ORDER BY 1").fetchall():
        values = common.get(person_id, {})
        address, postcode = latest.get(person_id, ("", ""))
        dob = values.get("dob")
        people.append(
            PersonRecord(
                warehouse_id=person_id,
                first_name=display_case(values.get("first_name", ""))[:100],
                surname=display_case(values.get("surname", ""))[:100],
                date_of_birth=dt.date.fromisoformat(dob) if dob else None,
                sex=values.get("sex", "")[:20],
                ethnicity=values.get("ethnicity", "")[:60],
                nhs_number=values.get("nhs_number", "")[:10],
                address=display_case(address)[:200],
                postcode=postcode[:10],
                casework_ids=casework.get(person_id, []),
            )
        )
    return people


def _needs(con: duckdb.DuckDBPyConnection, run_id: str) -> list[NeedRecord]:
    rows = con.execute(
        """
        SELECT family_id, headline, coalesce(headline_label, headline), descriptor_id,
               coalesce(descriptor_label, descriptor_id), counted, coalesce(persons, []), coalesce(note, '')
        FROM main.family_needs WHERE run_id = $run AND family_id IN (SELECT family_id FROM pub_scope)
        ORDER BY family_id, descriptor_id
        """,
        {"run": run_id},
    ).fetchall()
    return [
        NeedRecord(str(f), str(h), str(hl)[:120], str(d), str(dl)[:300], bool(c), list(p), str(n)[:300])
        for f, h, hl, d, dl, c, p, n in rows
    ]


def _outcomes(con: duckdb.DuckDBPyConnection, identify_run: str) -> Outcomes:
    """The need outcomes of the latest outcomes run, if it read ``identify_run``."""
    if not {"outcome_runs", "need_outcomes"} <= published_tables(con):
        return Outcomes(
            skipped="no outcomes run in the warehouse: `wholefamily outcomes --as-of DATE` judges them"
        )
    latest = con.execute(
        "SELECT run_id, identify_run_id FROM main.outcome_runs ORDER BY finished_at DESC, run_id DESC LIMIT 1"
    ).fetchone()
    if latest is None:
        return Outcomes(
            skipped="no outcomes run in the warehouse: `wholefamily outcomes --as-of DATE` judges them"
        )
    run_id, read = str(latest[0]), str(latest[1])
    if read != identify_run:
        return Outcomes(
            skipped=f"the latest outcomes run {run_id} read identify run {read}, not {identify_run}: run "
            "`wholefamily outcomes --as-of DATE` again to publish need outcomes"
        )
    rows = con.execute(
        """
        SELECT family_id, descriptor_id, horizon_days, status, coalesce(reason, ''), coalesce(records, 0),
               window_end
        FROM main.need_outcomes WHERE run_id = $run AND family_id IN (SELECT family_id FROM pub_scope)
        ORDER BY family_id, descriptor_id, horizon_days
        """,
        {"run": run_id},
    ).fetchall()
    needs = [
        NeedOutcomeRecord(str(f), str(d), int(h), str(st), str(r)[:300], int(n), w)
        for f, d, h, st, r, n, w in rows
    ]
    return Outcomes(run_id=run_id, needs=needs)


def _claims(con: duckdb.DuckDBPyConnection) -> Claims:
    """The candidates and reasons of the latest claims run (the families in scope), or why there are none."""
    if not {"claim_runs", "claim_candidates", "claim_reasons"} <= published_tables(con):
        return Claims(
            skipped="no claims run in the warehouse: `wholefamily claims build --period P` makes one"
        )
    latest = con.execute(
        "SELECT run_id, period FROM main.claim_runs ORDER BY finished_at DESC, run_id DESC LIMIT 1"
    ).fetchone()
    if latest is None:
        return Claims(
            skipped="no claims run in the warehouse: `wholefamily claims build --period P` makes one"
        )
    run_id, period = str(latest[0]), str(latest[1])
    reasons: dict[str, list[ClaimReasonRecord]] = {}
    for family, rule, headline, reason in con.execute(
        """SELECT family_id, rule_id, coalesce(headline, ''), coalesce(reason, '') FROM main.claim_reasons
           WHERE run_id = $run AND family_id IN (SELECT family_id FROM pub_scope) ORDER BY ALL""",
        {"run": run_id},
    ).fetchall():
        reasons.setdefault(str(family), []).append(
            ClaimReasonRecord(str(rule), str(headline)[:120], str(reason)[:300])
        )
    rows = con.execute(
        """SELECT family_id, status, coalesce(needs, 0), coalesce(headlines, 0) FROM main.claim_candidates
           WHERE run_id = $run AND family_id IN (SELECT family_id FROM pub_scope) ORDER BY family_id""",
        {"run": run_id},
    ).fetchall()
    candidates = [
        ClaimRecord(str(f), str(st), int(n), int(h), tuple(reasons.get(str(f), []))) for f, st, n, h in rows
    ]
    return Claims(run_id=run_id, period=period, candidates=candidates)


def _evidence(con: duckdb.DuckDBPyConnection, run_id: str) -> list[EvidenceRecord]:
    rows = con.execute(
        """
        SELECT family_id, descriptor_id, person_id, source, record_key, kind, event_date, end_date,
               delivery_date, coalesce(evidence_values, ''), event_key
        FROM main.need_evidence WHERE run_id = $run AND family_id IN (SELECT family_id FROM pub_scope)
        QUALIFY row_number() OVER (PARTITION BY family_id, descriptor_id, event_key ORDER BY person_id) = 1
        ORDER BY family_id, descriptor_id, event_date, event_key
        """,
        {"run": run_id},
    ).fetchall()
    return [
        EvidenceRecord(
            str(f),
            str(d),
            str(p),
            str(s)[:60],
            str(rk)[:120],
            str(k)[:60],
            ed,
            end,
            dd,
            str(v)[:500],
            str(key),
        )
        for f, d, p, s, rk, k, ed, end, dd, v, key in rows
    ]


def _timeline(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, sensitive_keys: set[str]
) -> list[TimelineRecord]:
    """Members' partner events (each source's latest delivery by the as-of date) of the last three years;
    a spell counts when any of it falls in that time."""
    vocab = load_vocabulary()
    columns = {str(r[0]) for r in con.execute("DESCRIBE main.events").fetchall()}
    value_columns = [c for c in vocab.value_columns() if c in columns]
    spells = sorted(k for k, v in vocab.kinds.items() if v.period)
    values_sql = "".join(f", e.{c}" for c in value_columns)
    rows = _rows(
        con,
        f"""
        WITH since AS (SELECT CAST($as_of - to_years($years) AS DATE) AS since),
        latest AS (
            SELECT source, max(delivery_date) AS delivery_date FROM main.events
            WHERE delivery_date <= $as_of GROUP BY source
        )
        SELECT m.family_id, pm.person_id, e.event_key, e.source, e.record_key, e.kind, e.event_date,
               e.end_date{values_sql}
        FROM main.events e JOIN latest USING (source, delivery_date)
        JOIN pub_pm pm USING (mention_key) JOIN pub_members m USING (person_id) CROSS JOIN since
        WHERE e.event_date <= $as_of
          AND (e.event_date > since.since OR e.end_date > since.since
               OR (e.end_date IS NULL AND list_contains($spells, e.kind)))
        QUALIFY row_number() OVER (PARTITION BY m.family_id, e.event_key ORDER BY pm.person_id) = 1
        ORDER BY m.family_id, e.event_date, e.event_key
        """,  # noqa: S608 - column names come from the vocabulary and the table itself
        {"as_of": as_of, "years": TIMELINE_YEARS, "spells": spells},
    )
    records = []
    for r in rows:
        kind = r["kind"]
        fields = vocab.kinds[kind].fields if kind in vocab.kinds else {}
        values = {name: r[name] for name in fields if name in r}
        records.append(
            TimelineRecord(
                family_id=r["family_id"],
                person_id=r["person_id"],
                date=r["event_date"],
                kind=kind[:60],
                title=event_title(kind, values),
                detail=event_detail(r["record_key"], r["event_date"], r["end_date"], period=kind in spells),
                source=r["source"][:60],
                sensitive=sensitive_values(values) or r["event_key"] in sensitive_keys,
                event_key=r["event_key"],
            )
        )
    return records
