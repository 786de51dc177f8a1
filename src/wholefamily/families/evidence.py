"""The evidence family formation reads, as TEMP tables built set-based from the warehouse.

Everything is cut at the reference date: only deliveries received by then and events dated by then.

- ``fm_person``: one row per linked person (dense ``idx`` for the graph work), with age at the reference
  date, sex, surname tokens, the postcode they were last seen at (their *current* postcode) and the
  relationship the sources state for them (``hint``).
- ``fm_name``: every forename and surname the records give a person (witnesses' records left out).
- ``fm_sight``: when a person was seen where: a mention's postcode (and address) with the dates of its
  record's events; a spell still open is seen until the delivery date. A witness is not seen at home:
  many police extracts give every person named in an incident the incident's location.
- ``fm_edge``: pairs of people and the evidence that they belong together: ``stated`` (named in one
  record: a tenancy and its occupants, a child and the household, a child and the carer, an expectant
  mother and her partner, the people in one police incident other than witnesses), ``moved`` (seen
  together at two or more postcodes: a household that moved), ``surname`` and ``address`` (the same
  current postcode and a surname in common, or the same address line).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from wholefamily.vocabulary import load_vocabulary


@dataclass(frozen=True)
class FormationSettings:
    """The knobs of family formation; defaults suit English partner data."""

    #: People named in one record in these roles are not taken as family of the others (bystanders).
    not_family_roles: tuple[str, ...] = ("witness",)
    #: Records naming more people than this state no family (a class list, a block of flats).
    max_record_people: int = 20
    #: A group larger than this, or with more adults, is split back to its stated parts and flagged.
    max_members: int = 16
    max_adults: int = 8
    #: Two adults of one sex this close in age sharing a surname at a postcode are not joined (siblings
    #: or namesakes living apart are far more common than such pairs in one family).
    same_sex_adult_gap: int = 15
    #: A lone adult who would be a family's other parent is at least this much older than its eldest child.
    parent_gap: int = 15
    #: ... and at most this much older than its youngest (a person joined by name as a child's parent).
    max_parent_gap: int = 45
    #: An address where this many unlinked adults of as many surnames are seen is a shared house.
    shared_address_adults: int = 3
    #: Role labels (lower case, as ingested) that say how a person relates to a record's main person.
    hints: dict[str, str] = field(
        default_factory=lambda: {
            "%lives elsewhere%": "non_resident",
            "grand%": "grandparent",
            "expectant%": "parent",
            "%partner%": "carer",
            "step%": "carer",
            "%carer%": "parent",
            "mother": "parent",
            "father": "parent",
            "parent": "parent",
            "tenant": "adult",
            "brother": "child",
            "sister": "child",
        }
    )


#: Street types as partners shorten them; address lines are compared in the short form.
STREET_TYPES = {
    "ROAD": "RD",
    "STREET": "ST",
    "AVENUE": "AVE",
    "CLOSE": "CL",
    "LANE": "LN",
    "DRIVE": "DR",
    "CRESCENT": "CRES",
    "GARDENS": "GDNS",
    "COURT": "CT",
    "PLACE": "PL",
    "TERRACE": "TER",
}

HINT_PRIORITY = ("non_resident", "grandparent", "parent", "carer", "adult", "child")


def period_kinds() -> list[str]:
    """Event kinds that are spells (an open end means still going on at the delivery)."""
    return sorted(name for name, kind in load_vocabulary().kinds.items() if kind.period)


def address_line_sql(column: str) -> tuple[str, dict[str, object]]:
    """SQL for ``column`` (our own constant) as a comparable address line: capitals, letters and digits,
    street types in their short form; with the parameters it binds."""
    address = f"upper(trim(regexp_replace({column}, '[^A-Za-z0-9]+', ' ', 'g')))"
    street_args: dict[str, object] = {}
    for i, (full, short) in enumerate(STREET_TYPES.items()):
        address = f"regexp_replace({address}, $full{i}, $short{i}, 'g')"
        street_args |= {f"full{i}": f"\\b{full}\\b", f"short{i}": short}
    return address, street_args


def build_evidence(con: duckdb.DuckDBPyConnection, as_of: dt.date, settings: FormationSettings) -> None:
    """Create the TEMP evidence tables (replacing any from an earlier call on this connection)."""
    params = {"as_of": as_of}
    address, street_args = address_line_sql("m.address")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_pm AS
        SELECT mention_key, person_id FROM main.person_mentions
        WHERE run_id = (SELECT max(run_id) FROM main.person_mentions)
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE fm_m AS
        SELECT pm.person_id, m.mention_key, m.source, m.record_key, m.delivery_date, lower(trim(m.role)) AS role,
               upper(m.first_name) AS first_name, upper(m.middle_names) AS middle_names, upper(m.surname) AS surname, m.dob, m.age, m.sex, m.postcode,
               nullif({address}, '') AS address
        FROM main.mentions m JOIN fm_pm pm USING (mention_key)
        WHERE m.delivery_date <= $as_of
        """,  # noqa: S608 - the address expression is built from our own constants; values are bound
        params | street_args,
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_rec AS
        SELECT source, record_key, delivery_date, min(event_date) AS seen_from,
               least(max(CASE WHEN list_contains($period, kind) AND end_date IS NULL THEN delivery_date
                              ELSE least(coalesce(end_date, event_date), delivery_date) END), $as_of) AS seen_to
        FROM main.events
        WHERE delivery_date <= $as_of AND event_date <= $as_of
        GROUP BY ALL
        """,
        {**params, "period": period_kinds()},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_sight AS
        SELECT m.person_id, m.postcode, m.address, coalesce(r.seen_from, m.delivery_date) AS seen_from,
               coalesce(r.seen_to, m.delivery_date) AS seen_to, r.seen_to IS NOT NULL AS dated
        FROM fm_m m LEFT JOIN fm_rec r USING (source, record_key, delivery_date)
        WHERE m.postcode IS NOT NULL AND (m.role IS NULL OR NOT list_contains($bystanders, m.role))
        """,
        {"bystanders": list(settings.not_family_roles)},
    )
    _persons(con, as_of, settings)
    _edges(con, settings)


def _persons(con: duckdb.DuckDBPyConnection, as_of: dt.date, settings: FormationSettings) -> None:
    hint_case = " ".join("WHEN role LIKE ? THEN ?" for _ in settings.hints)
    hint_args: list[object] = [v for pair in settings.hints.items() for v in pair]
    rank_case = " ".join(f"WHEN '{h}' THEN {i}" for i, h in enumerate(HINT_PRIORITY))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE fm_hint AS
        SELECT person_id, arg_min(hint, CASE hint {rank_case} END) AS hint
        FROM (SELECT person_id, CASE {hint_case} END AS hint FROM fm_m WHERE role IS NOT NULL)
        WHERE hint IS NOT NULL GROUP BY person_id
        """,  # noqa: S608 - the CASE arms are built from our own constants; values are bound
        hint_args,
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_current AS
        SELECT person_id, arg_max(postcode, (dated, seen_to, n, postcode)) AS postcode, max(seen_to) AS last_seen
        FROM (SELECT person_id, postcode, dated, max(seen_to) AS seen_to, count(*) AS n
              FROM fm_sight GROUP BY ALL)
        GROUP BY person_id
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_person AS
        WITH common AS (  -- the most common value of each attribute over a person's mentions (ties: smallest)
            SELECT person_id,
                   arg_max(dob, (n_dob, -epoch(dob))) FILTER (WHERE dob IS NOT NULL) AS dob,
                   arg_max(sex, (n_sex, sex)) FILTER (WHERE sex IN ('male', 'female')) AS sex,
                   arg_max(surname, (n_sur, surname)) FILTER (WHERE surname IS NOT NULL) AS surname
            FROM (SELECT person_id, dob, sex, surname,
                         count(*) OVER (PARTITION BY person_id, dob) AS n_dob,
                         count(*) OVER (PARTITION BY person_id, sex) AS n_sex,
                         count(*) OVER (PARTITION BY person_id, surname) AS n_sur
                  FROM fm_m)
            GROUP BY person_id
        ), base AS (
            SELECT person_id, any_value(c.dob) AS dob,  -- an age is as on the record's date (its first event)
                   max(m.age + date_diff('year', coalesce(r.seen_from, m.delivery_date), $as_of))
                       FILTER (WHERE m.dob IS NULL) AS age_said,
                   any_value(c.sex) AS sex, any_value(c.surname) AS surname, min(m.delivery_date) AS first_delivery
            FROM fm_m m JOIN common c USING (person_id)
            LEFT JOIN fm_rec r USING (source, record_key, delivery_date) GROUP BY person_id
        ), tokens AS (
            SELECT person_id, list(DISTINCT tok) AS tokens
            FROM (SELECT person_id, unnest(string_split(regexp_replace(surname, '[^A-Z]+', ' ', 'g'), ' ')) AS tok
                  FROM fm_m WHERE surname IS NOT NULL)
            WHERE length(tok) >= 2 GROUP BY person_id
        ), first_seen AS (
            SELECT person_id, min(seen_from) AS first_seen FROM fm_sight GROUP BY person_id
        )
        SELECT (row_number() OVER (ORDER BY b.person_id) - 1)::BIGINT AS idx, b.person_id, b.dob,
               coalesce(date_part('year', age($as_of::TIMESTAMP, b.dob::TIMESTAMP))::INTEGER, b.age_said) AS age,
               b.sex, b.surname, coalesce(t.tokens, []) AS tokens, c.postcode, c.last_seen, h.hint,
               least(coalesce(f.first_seen, b.first_delivery), b.first_delivery) AS first_seen
        FROM base b LEFT JOIN tokens t USING (person_id) LEFT JOIN fm_current c USING (person_id)
        LEFT JOIN fm_hint h USING (person_id) LEFT JOIN first_seen f USING (person_id)
        """,
        {"as_of": as_of},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_name AS  -- every forename and surname a record gives a person
        SELECT DISTINCT p.idx, m.first_name, m.surname FROM fm_m m JOIN fm_person p USING (person_id)
        WHERE m.first_name IS NOT NULL AND m.surname IS NOT NULL
          AND (m.role IS NULL OR NOT list_contains($bystanders, m.role))
        """,
        {"bystanders": list(settings.not_family_roles)},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_address AS
        SELECT p.idx, s.address, count(*) AS n FROM fm_person p
        JOIN fm_sight s ON s.person_id = p.person_id AND s.postcode = p.postcode
        WHERE s.address IS NOT NULL GROUP BY ALL
        """
    )


def _edges(con: duckdb.DuckDBPyConnection, settings: FormationSettings) -> None:
    """Pairs (a < b) with the evidence that joins them; one row per pair and kind."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_rec_people AS
        SELECT DISTINCT m.source, m.record_key, m.delivery_date, p.idx
        FROM fm_m m JOIN fm_person p USING (person_id)
        WHERE m.role IS NULL OR NOT list_contains($bystanders, m.role)
        """,
        {"bystanders": list(settings.not_family_roles)},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_edge AS
        WITH rec AS (
            SELECT *, count(*) OVER (PARTITION BY source, record_key, delivery_date) AS n FROM fm_rec_people
        ), stated AS (
            SELECT a.idx AS a, b.idx AS b, 'stated' AS kind,  -- the latest record (ties: the greatest key)
                   arg_max(a.source || ' ' || a.record_key, (a.delivery_date, a.source, a.record_key)) AS detail
            FROM rec a JOIN rec b ON a.source = b.source AND a.record_key = b.record_key
                 AND a.delivery_date = b.delivery_date AND a.idx < b.idx
            WHERE a.n <= $max_people GROUP BY ALL
        ), places AS (
            SELECT DISTINCT p.idx, s.postcode FROM fm_sight s JOIN fm_person p USING (person_id)
        ), movers AS (
            SELECT * FROM places WHERE idx IN (SELECT idx FROM places GROUP BY idx HAVING count(*) >= 2)
        ), moved AS (
            SELECT a.idx AS a, b.idx AS b, 'moved' AS kind, string_agg(a.postcode, ' > ' ORDER BY a.postcode)
                   AS detail
            FROM movers a JOIN movers b ON a.postcode = b.postcode AND a.idx < b.idx
            GROUP BY ALL HAVING count(*) >= 2
        ), lines AS (
            SELECT idx, list(address) AS lines FROM fm_address GROUP BY idx
        ), toks AS (
            SELECT idx, postcode, unnest(tokens) AS tok FROM fm_person WHERE postcode IS NOT NULL
        ), surname AS (  -- a surname in common at the postcode, unless both addresses are known and differ
            SELECT a.idx AS a, b.idx AS b, 'surname' AS kind, min(a.postcode || ' ' || a.tok) AS detail
            FROM toks a JOIN toks b ON a.postcode = b.postcode AND a.tok = b.tok AND a.idx < b.idx
            LEFT JOIN lines la ON la.idx = a.idx LEFT JOIN lines lb ON lb.idx = b.idx
            WHERE la.lines IS NULL OR lb.lines IS NULL OR list_has_any(la.lines, lb.lines)
            GROUP BY ALL
        ), address AS (
            SELECT DISTINCT a.idx AS a, b.idx AS b, 'address' AS kind, a.address || ', ' || pa.postcode AS detail
            FROM fm_address a JOIN fm_address b ON a.address = b.address AND a.idx < b.idx
            JOIN fm_person pa ON pa.idx = a.idx JOIN fm_person pb ON pb.idx = b.idx AND pb.postcode = pa.postcode
        )
        SELECT * FROM stated UNION ALL SELECT * FROM moved UNION ALL SELECT * FROM surname
        UNION ALL SELECT * FROM address
        """,
        {"max_people": settings.max_record_people},
    )
