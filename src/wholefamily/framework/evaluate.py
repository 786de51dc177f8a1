"""Evaluate a checked framework on the warehouse at an as-of date, into TEMP tables (``id_*``).

``rule_events``: the events of each partner's latest delivery received by the as-of date (deliveries
are full snapshots), dated by the as-of date, for people linked to a family at that date, with the
person attributes rules may use. Every descriptor's compiled SQL runs over it; the matches are the
evidence. People's needs roll up to family needs, then to eligibility and the priority order.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Any

import duckdb

from wholefamily.errors import WholefamilyError
from wholefamily.framework.compiler import (
    RULE_RELATION,
    condition_sql,
    descriptor_sql,
    rule_columns,
    transpile,
)
from wholefamily.framework.model import Framework
from wholefamily.vocabulary import load_vocabulary
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.spark import collect, send

REQUIRED = {
    "events": "wholefamily ingest",
    "mentions": "wholefamily ingest",
    "person_mentions": "wholefamily link",
    "persons": "wholefamily link",
    "family_members": "wholefamily families build (or link)",
}


class IdentifyError(WholefamilyError):
    """identify cannot run on this warehouse or with these settings."""


def check_tables(con: duckdb.DuckDBPyConnection) -> None:
    tables = published_tables(con)
    missing = [f"{t} (made by `{cmd}`)" for t, cmd in REQUIRED.items() if t not in tables]
    if missing:
        raise IdentifyError(f"the warehouse has no {', '.join(missing)}: run those steps first")


def prepare(con: duckdb.DuckDBPyConnection, as_of: dt.date, restricted: Collection[str] = ()) -> int:
    """Create ``rule_events`` for the as-of date; return its row count. People whose processing is
    ``restricted`` (person ids) are left out, with their records."""
    check_tables(con)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE id_restricted AS SELECT unnest($ids::VARCHAR[]) AS person_id",
        {"ids": sorted(restricted)},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE id_people AS
        SELECT fm.family_id, fm.person_id, fm.role AS family_role, fm.resident, p.sex, p.dob,
               CAST(date_sub('year', p.dob, $as_of) AS INTEGER) AS age
        FROM main.family_members fm LEFT JOIN main.persons p USING (person_id)
        WHERE (fm.start_date IS NULL OR fm.start_date <= $as_of) AND (fm.end_date IS NULL OR fm.end_date > $as_of)
          AND fm.person_id NOT IN (SELECT person_id FROM id_restricted)
        QUALIFY row_number() OVER (PARTITION BY fm.person_id ORDER BY fm.resident DESC, fm.start_date DESC) = 1
        """,
        {"as_of": as_of},
    )
    value_columns = [c for c in rule_columns() if c not in _PERSON_SQL]
    select = (
        ", ".join(f"e.{c}" for c in value_columns)
        + ", "
        + ", ".join(f"{sql} AS {name}" for name, sql in _PERSON_SQL.items())
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE rule_events AS
        WITH latest AS (
            SELECT source, max(delivery_date) AS delivery_date FROM main.events
            WHERE delivery_date <= $as_of GROUP BY source
        ), pm AS (
            SELECT mention_key, person_id FROM main.person_mentions
            WHERE run_id = (SELECT max(run_id) FROM main.person_mentions)
        )
        SELECT {select}
        FROM main.events e JOIN latest USING (source, delivery_date)
        JOIN pm USING (mention_key) JOIN id_people p USING (person_id)
        WHERE e.event_date <= $as_of
        """,  # noqa: S608 - column names from the vocabulary
        {"as_of": as_of, "spells": sorted(k for k, v in load_vocabulary().kinds.items() if v.period)},
    )
    row = con.execute("SELECT count(*) FROM rule_events").fetchone()
    return int(row[0]) if row else 0


_PERSON_SQL = {
    "person_id": "p.person_id",
    "family_id": "p.family_id",
    "family_role": "p.family_role",
    "resident": "p.resident",
    "sex": "p.sex",
    "age": "p.age",
    "age_at_event": "CAST(date_sub('year', p.dob, e.event_date) AS INTEGER)",
    "is_child": "coalesce(p.age < 18, p.family_role = 'child')",
    "as_of": "CAST($as_of AS DATE)",
    "days_ago": "CAST(date_diff('day', e.event_date, $as_of) AS INTEGER)",
    # a spell with no end is still open; an event that is not a spell ends on its date
    "end_days_ago": "CAST(date_diff('day', coalesce(e.end_date, CASE WHEN list_contains($spells, e.kind) "
    "THEN $as_of ELSE e.event_date END), $as_of) AS INTEGER)",
}


def descriptor_table(con: duckdb.DuckDBPyConnection, fw: Framework, as_of: dt.date) -> None:
    """``id_descriptors``: each active descriptor with its headline, labels and priority ranks."""
    serious = fw.priority.serious_headlines
    heads = {h.id: (i, h.label_on(as_of)) for i, h in enumerate(fw.headlines)}
    rows = [
        (
            d.id,
            d.label,
            d.default,
            d.headline,
            heads[d.headline][1],
            heads[d.headline][0],
            i,
            serious.index(d.headline) if d.headline in serious else None,
        )
        for i, d in enumerate(fw.active_descriptors())
    ]
    con.execute(
        """CREATE OR REPLACE TEMP TABLE id_descriptors (descriptor_id VARCHAR, label VARCHAR, is_default BOOLEAN,
           headline VARCHAR, headline_label VARCHAR, headline_order INTEGER, descriptor_order INTEGER,
           serious_rank INTEGER)"""
    )
    if rows:
        con.executemany("INSERT INTO id_descriptors VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def evaluate(con: duckdb.DuckDBPyConnection, fw: Framework, as_of: dt.date, spark: Any = None) -> None:
    """Run every rule; build ``id_matches``, ``id_person_needs``, ``id_family_needs`` and ``id_families``.
    The rules run on DuckDB, or on ``spark`` (a SparkSession) when given; what follows runs on DuckDB."""
    descriptor_table(con, fw, as_of)
    if spark is None:
        for table, sql in match_queries(fw, "duckdb", RULE_RELATION).items():
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql}")
    else:
        _match_on_spark(con, fw, spark)
    cap = fw.eligibility.non_resident_parent_max_needs
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE id_person_needs AS
        WITH pn AS (
            SELECT m.family_id, m.person_id, m.descriptor_id, count(*) AS events, any_value(p.family_role) AS family_role
            FROM id_matches m JOIN id_people p USING (person_id) GROUP BY ALL
        ), ranked AS (
            SELECT pn.*, d.headline, row_number() OVER (
                PARTITION BY pn.family_id, pn.person_id
                ORDER BY coalesce(d.serious_rank, 99), d.headline_order, d.descriptor_order) AS person_rank
            FROM pn JOIN id_descriptors d USING (descriptor_id)
        )
        SELECT *, (family_role <> 'non_resident_parent' OR $cap IS NULL OR person_rank <= $cap) AS counted
        FROM ranked
        """,
        {"cap": cap},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE id_family_needs AS
        SELECT n.family_id, n.descriptor_id, d.headline, bool_or(n.counted) AS counted,
               list(DISTINCT n.person_id ORDER BY n.person_id) AS persons, sum(n.events)::BIGINT AS events,
               CASE WHEN NOT bool_or(n.counted) THEN 'supplied only by a non-resident parent who already supplies '
                    || $cap::VARCHAR || ' need(s): not counted' END AS note
        FROM id_person_needs n JOIN id_descriptors d USING (descriptor_id) GROUP BY ALL
        """,
        {"cap": cap},
    )
    _families(con, fw)


def match_queries(fw: Framework, dialect: str, relation: str) -> dict[str, str]:
    """The queries over the rule relation, by the TEMP table each fills: every active rule's matches
    (``id_matches``) and the people meeting each eligibility condition."""
    union = " UNION ALL ".join(descriptor_sql(d, dialect, relation) for d in fw.active_descriptors())
    elig = fw.eligibility
    queries = {"id_matches": union or transpile(_NO_MATCHES, dialect)}
    for table, cond in (
        ("id_expectant", elig.expectant_parent),
        ("id_in_education", elig.dependent_child.in_education),
    ):
        queries[table] = condition_sql(cond, dialect, relation) if cond else transpile(_NO_PEOPLE, dialect)
    return queries


_NO_MATCHES = (
    "SELECT NULL::VARCHAR AS descriptor_id, NULL::VARCHAR AS person_id, NULL::VARCHAR AS family_id, "
    "NULL::VARCHAR AS event_key, NULL::VARCHAR AS evidence_values WHERE false"
)
_NO_PEOPLE = "SELECT NULL::VARCHAR AS person_id WHERE false"


def _match_on_spark(con: duckdb.DuckDBPyConnection, fw: Framework, spark: Any) -> None:
    """``rule_events`` sent to Spark, the rules transpiled to Spark SQL, their results brought back."""
    view = f"rule_events_{uuid.uuid4().hex}"  # a run's own: one session may serve several runs
    send(spark, con.sql(f"FROM {RULE_RELATION}").to_arrow_table(), view)
    try:
        for table, sql in match_queries(fw, "spark", view).items():
            con.register("id_spark_result", collect(spark, sql))
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS FROM id_spark_result")
            con.unregister("id_spark_result")
    finally:
        spark.catalog.dropTempView(view)


def _families(con: duckdb.DuckDBPyConnection, fw: Framework) -> None:
    elig, dep = fw.eligibility, fw.eligibility.dependent_child
    serious = fw.priority.serious_headlines
    serious_flags = (
        ", ".join(
            f"list_contains(headlines, '{h}') DESC"
            for h in serious  # ids match ^[a-z][a-z0-9_]*$
        )
        or "1"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE id_families AS
        WITH dependent AS (
            SELECT family_id, list(person_id ORDER BY person_id) AS children FROM id_people p
            WHERE p.resident AND p.family_role NOT IN ('parent', 'carer', 'grandparent', 'non_resident_parent')
              AND (p.age <= $max_age OR (p.age IS NULL AND p.family_role = 'child')
                   OR (p.age <= $edu_age AND p.person_id IN (SELECT person_id FROM id_in_education)))
            GROUP BY family_id
        ), expectant AS (
            SELECT family_id, list(person_id ORDER BY person_id) AS parents FROM id_people
            WHERE person_id IN (SELECT person_id FROM id_expectant) AND family_role <> 'child' GROUP BY family_id
        ), needs AS (
            SELECT family_id, count(*) FILTER (WHERE counted) AS n_needs,
                   list(DISTINCT headline ORDER BY headline) FILTER (WHERE counted) AS headlines,
                   count(DISTINCT headline) FILTER (WHERE counted) AS n_headlines
            FROM id_family_needs GROUP BY family_id
        ), joined AS (
            SELECT n.family_id, n.n_needs, coalesce(n.headlines, []) AS headlines, n.n_headlines,
                   coalesce(d.children, []) AS dependent_children, coalesce(x.parents, []) AS expectant_parents,
                   len(list_intersect(coalesce(n.headlines, []), $serious)) AS n_serious
            FROM needs n LEFT JOIN dependent d USING (family_id) LEFT JOIN expectant x USING (family_id)
        )
        SELECT *, (len(dependent_children) > 0 OR len(expectant_parents) > 0)
                  AND n_needs >= $min_needs AND n_headlines >= $min_headlines AS eligible,
               row_number() OVER (ORDER BY (len(dependent_children) > 0 OR len(expectant_parents) > 0)
                  AND n_needs >= $min_needs AND n_headlines >= $min_headlines DESC,
                  n_headlines DESC, n_serious DESC, {serious_flags}, n_needs DESC, family_id) AS priority
        FROM joined
        """,  # noqa: S608 - headline ids are checked identifiers
        {
            "max_age": dep.max_age,
            "edu_age": dep.education_max_age,
            "serious": serious,
            "min_needs": elig.min_needs,
            "min_headlines": elig.min_headlines,
        },
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE id_families AS
        SELECT *, concat_ws('; ',
            CASE WHEN eligible THEN 'eligible' ELSE 'not eligible: ' || concat_ws(', ',
                CASE WHEN len(dependent_children) = 0 AND len(expectant_parents) = 0
                     THEN 'no dependent child or expectant parent' END,
                CASE WHEN n_needs < $min_needs THEN n_needs::VARCHAR || ' of ' || $min_needs::VARCHAR || ' needs' END,
                CASE WHEN n_headlines < $min_headlines
                     THEN n_headlines::VARCHAR || ' of ' || $min_headlines::VARCHAR || ' headlines' END) END,
            n_headlines::VARCHAR || ' headline(s): ' || array_to_string(headlines, ', '),
            CASE WHEN n_serious > 0 THEN 'serious: ' || array_to_string(list_intersect($serious, headlines), ', ') END,
            n_needs::VARCHAR || ' need(s)') AS priority_reason
        FROM id_families
        """,
        {"min_needs": elig.min_needs, "min_headlines": elig.min_headlines, "serious": serious},
    )
