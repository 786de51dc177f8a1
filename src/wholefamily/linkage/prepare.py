"""The linkage input: one row per person mention as of a date, with the columns the comparisons need.

Everything is derived here, in DuckDB SQL, so that the comparisons themselves stay simple expressions
over plain columns and run unchanged on DuckDB and Spark:

* the latest delivery (on or before the as-of date) of each mention key;
* ``first_name_forms``: the first name and the formal names it may be short for (``data/nicknames.csv``),
  and ``first_name_canonical`` (one of those formal names) for blocking;
* ``middle_names`` (compared on their own where partners send them: a rare full name is strong evidence
  between a record with a date of birth and one with an address only) and ``given_names`` (first and
  middle names) and ``surname_parts`` (each part of a hyphenated or double
  surname), so that a changed or hyphenated surname still matches on a part;
* ``dob_text`` and ``dob_swapped`` (day and month swapped), and ``birth_year_min``/``birth_year_max``:
  the birth year, or the two years an age-only mention allows (the age is as on the record's date, its
  first event, else the delivery: a police record gives the age at the incident; ``birth_years`` lists
  those one or two years, for blocking on a name and a birth year), or for an undated
  person whose role makes them an adult (``data/adult_roles.csv``, patterns: a parent carer, an expectant
  partner) 16 to 110 years before the delivery, and for a parent or grandparent at least 12 years
  before the eldest child the record names, so that a parent never links to a same-named child (a
  daughter named after her mother, at home and at school) on name and address alone;
* ``postcode_filled``/``address_filled``: the mention's own postcode, else that of the first person
  (by mention key, so the same every run) in the same partner record who has one (a carer in a
  health-visiting record lives with the child), with sector and district when it is a UK postcode; ``local_ref``: the
  partner's own person id, scoped by source; ``slot_ref``: for a person named in someone else's
  record (a pupil's mother in each term's attendance row), that record's person id (its first, if
  several people in it have one) with the person's place and role in it, the same in every row the
  partner sends; ``exclusive_group``: the source and delivery, for a source whose config says it holds one
  record per person (two of its mentions in one delivery are never paired); ``id_<type>``: one column per
  identifier type of ``other_ids`` (a council's person id, a national number), its value;
  ``no_address_or_identifier``: a mention that only its name and date of birth (or age) can find;
* ``companions``: empty here; a link run gives it to the mentions of its second pass (``run.py``).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

import duckdb

from wholefamily.ingest.config import parse_source_config
from wholefamily.ingest.normalise import POSTCODE_PATTERN
from wholefamily.linkage.errors import LinkageError
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.sql import quote_ident, sql_literal

INPUT_TABLE = "link_input"
_DATA = resources.files("wholefamily.linkage") / "data"

_REQUIRED = {
    "mention_key",
    "source",
    "record_key",
    "delivery_date",
    "file",
    "sheet",
    "row_number",
    "people_group",
    "person_index",
    "role",
    "first_name",
    "middle_names",
    "surname",
    "dob",
    "age",
    "sex",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "ni_number",
    "local_id",
    "other_ids",
}

_PREPARE_SQL = f"""
CREATE OR REPLACE TEMP TABLE {INPUT_TABLE} AS
WITH latest AS (
    SELECT * FROM main.mentions
    WHERE $as_of IS NULL OR delivery_date <= $as_of
    QUALIFY row_number() OVER (PARTITION BY mention_key ORDER BY delivery_date DESC, run_id DESC) = 1
), filled AS (
    SELECT *,
        coalesce(postcode, arg_min(postcode, mention_key) FILTER (WHERE postcode IS NOT NULL) OVER record)
            AS postcode_filled,
        coalesce(address, arg_min(address, mention_key) FILTER (WHERE address IS NOT NULL) OVER record)
            AS address_filled,
        arg_min(local_id, mention_key) FILTER (WHERE local_id IS NOT NULL) OVER record AS record_local_id
    FROM latest
    WINDOW record AS (PARTITION BY source, record_key)
), dated AS (
    SELECT f.*, coalesce(r.record_date, f.delivery_date) AS record_date,
        ar.role IS NOT NULL AS adult_role, ar.years_older_than_child,
        min(year(f.dob)) FILTER (WHERE ar.role IS NULL)
            OVER (PARTITION BY f.source, f.record_key, f.delivery_date) AS child_born
    FROM filled AS f LEFT JOIN record_dates AS r USING (source, record_key, delivery_date)
    LEFT JOIN adult_roles AS ar ON ar.role = f.role
), forms AS (
    SELECT short AS name, list_sort(list(formal)) AS formal FROM nicknames GROUP BY short
), numbered AS (  -- numbered apart from the wide rows: one sort of the keys alone, not of every column
    SELECT mention_key, row_number() OVER (ORDER BY mention_key) AS unique_id FROM latest
)
SELECT
    numbered.unique_id,
    f.mention_key, f.source, f.record_key, f.delivery_date, f.file, f.sheet, f.row_number,
    f.people_group, f.person_index,
    nullif(f.first_name, '') AS first_name,
    coalesce(forms.formal[1], nullif(f.first_name, '')) AS first_name_canonical,
    CASE WHEN nullif(f.first_name, '') IS NOT NULL
         THEN list_distinct(list_concat([f.first_name], coalesce(forms.formal, []))) END AS first_name_forms,
    CASE WHEN nullif(f.first_name, '') IS NOT NULL
         THEN list_filter(list_concat([f.first_name], string_split(coalesce(f.middle_names, ''), ' ')),
                          lambda x: x <> '') END AS given_names,
    nullif(trim(f.middle_names), '') AS middle_names,
    nullif(f.surname, '') AS surname,
    CASE WHEN nullif(f.surname, '') IS NOT NULL
         THEN list_filter(string_split(regexp_replace(f.surname, '[- ]+', ' ', 'g'), ' '), lambda x: length(x) > 1)
         END AS surname_parts,
    f.dob,
    strftime(f.dob, '%Y-%m-%d') AS dob_text,
    CASE WHEN day(f.dob) <= 12 AND day(f.dob) <> month(f.dob)
         THEN printf('%04d-%02d-%02d', year(f.dob), day(f.dob), month(f.dob)) END AS dob_swapped,
    coalesce(year(f.dob), year(f.record_date) - f.age - 1,
             CASE WHEN f.adult_role THEN year(f.delivery_date) - 110 END) AS birth_year_min,
    coalesce(year(f.dob), year(f.record_date) - f.age,
             CASE WHEN f.adult_role THEN least(year(f.delivery_date) - 16,
                                               f.child_born - f.years_older_than_child) END) AS birth_year_max,
    CASE WHEN f.dob IS NOT NULL THEN [year(f.dob)]
         WHEN f.age IS NOT NULL THEN [year(f.record_date) - f.age - 1, year(f.record_date) - f.age] END
        AS birth_years,
    f.sex,
    f.postcode_filled,
    CASE WHEN regexp_full_match(f.postcode_filled, $uk_postcode)
         THEN left(f.postcode_filled, length(f.postcode_filled) - 2) END AS postcode_sector,
    CASE WHEN regexp_full_match(f.postcode_filled, $uk_postcode)
         THEN split_part(f.postcode_filled, ' ', 1) END AS postcode_district,
    f.address_filled,
    f.nhs_number, f.upn, f.ni_number,
    CASE WHEN f.local_id IS NOT NULL THEN f.source || ':' || f.local_id END AS local_ref,
    CASE WHEN f.local_id IS NULL AND f.record_local_id IS NOT NULL
         THEN concat_ws(':', f.source, f.record_local_id, f.people_group, f.person_index, f.role) END AS slot_ref,
    CASE WHEN f.record_local_id IS NOT NULL THEN f.source || ':' || f.record_local_id END AS record_anchor,
    CASE WHEN list_contains($one_record_per_person, f.source)
         THEN f.source || '@' || f.delivery_date END AS exclusive_group,
    (f.postcode_filled IS NULL AND f.address_filled IS NULL AND f.nhs_number IS NULL AND f.upn IS NULL
     AND f.ni_number IS NULL AND f.local_id IS NULL AND f.record_local_id IS NULL AND f.other_ids IS NULL)
        AS no_address_or_identifier,
    NULL::BIGINT[] AS companions{{identifiers}}
FROM dated AS f
JOIN numbered USING (mention_key)
LEFT JOIN forms ON forms.name = f.first_name
"""  # noqa: S608 - constant table name


#: Each role the mentions hold with the first pattern of ``data/adult_roles.csv`` it matches (partners
#: name roles their own way: ``main_carer``, ``father_elsewhere``, ``mothers_partner``).
_ADULT_ROLES_SQL = """
CREATE OR REPLACE TEMP TABLE adult_roles AS
SELECT role, years_older_than_child FROM (SELECT DISTINCT role FROM main.mentions WHERE role IS NOT NULL) AS r
JOIN adult_role_patterns AS p ON lower(trim(r.role)) LIKE p.pattern
QUALIFY row_number() OVER (PARTITION BY r.role ORDER BY p.rank) = 1
"""

_RECORD_DATES_SQL = """
CREATE OR REPLACE TEMP TABLE record_dates AS
SELECT source, record_key, delivery_date, min(event_date) AS record_date FROM main.events GROUP BY ALL
"""
_NO_RECORD_DATES_SQL = """
CREATE OR REPLACE TEMP TABLE record_dates
    (source VARCHAR, record_key VARCHAR, delivery_date DATE, record_date DATE)
"""


def _has_events(con: duckdb.DuckDBPyConnection) -> bool:
    return "events" in published_tables(con)


def prepare_input(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> int:
    """Build the TEMP table ``link_input`` from the warehouse's mentions; return its row count."""
    check_mentions(con)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE nicknames AS SELECT upper(formal) AS formal, upper(short) AS short "
        "FROM read_csv($path, header = true, columns = {'formal': 'VARCHAR', 'short': 'VARCHAR'})",
        {"path": str(_DATA / "nicknames.csv")},
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE adult_role_patterns AS SELECT *, row_number() OVER () AS rank "
        "FROM read_csv($path, header = true, columns = {'pattern': 'VARCHAR', 'years_older_than_child': 'INTEGER'})",
        {"path": str(_DATA / "adult_roles.csv")},
    )
    con.execute(_ADULT_ROLES_SQL)
    con.execute(_RECORD_DATES_SQL if _has_events(con) else _NO_RECORD_DATES_SQL)
    con.execute(
        _PREPARE_SQL.replace("{identifiers}", _identifier_columns_sql(con)),
        {
            "as_of": as_of,
            "uk_postcode": POSTCODE_PATTERN,
            "one_record_per_person": sources_with_one_record_per_person(con),
        },
    )
    count = int(con.execute(f"SELECT count(*) FROM {INPUT_TABLE}").fetchall()[0][0])  # noqa: S608 - constant
    if count == 0:
        when = f" dated on or before {as_of}" if as_of else ""
        raise LinkageError(f"the warehouse has no person mentions{when}: run `wholefamily ingest` first")
    return count


#: The Splink input's column for identifiers of one named type (``mentions.other_ids``).
IDENTIFIER_PREFIX = "id_"


def _identifier_columns_sql(con: duckdb.DuckDBPyConnection) -> str:
    """One column per identifier type the mentions hold (``id_council_person_id``), its value or NULL."""
    types = [
        str(r[0])
        for r in con.execute(
            "SELECT DISTINCT split_part(unnest(other_ids), ':', 1) AS kind FROM main.mentions ORDER BY kind"
        ).fetchall()
    ]
    return "".join(
        f",\n    substr(list_filter(f.other_ids, lambda x: starts_with(x, {sql_literal(t + ':')}))[1], "
        f"{len(t) + 2}) AS {quote_ident(IDENTIFIER_PREFIX + t)}"
        for t in types
    )


def identifier_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The Splink input's columns of named identifier types, in name order."""
    return [
        str(r[0])
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND starts_with(column_name, $p) "
            "ORDER BY column_name",
            {"t": INPUT_TABLE, "p": IDENTIFIER_PREFIX},
        ).fetchall()
    ]


def sources_with_one_record_per_person(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Sources whose config, as last ingested, says no delivery holds two records of one person."""
    if "run_sources" not in published_tables(con):
        return []
    rows = con.execute(
        "SELECT source, config_file, config_text FROM main.run_sources "
        "QUALIFY row_number() OVER (PARTITION BY source ORDER BY run_id DESC) = 1 ORDER BY source"
    ).fetchall()
    return [
        str(source) for source, file, text in rows if parse_source_config(file, text).one_record_per_person
    ]


def check_mentions(con: duckdb.DuckDBPyConnection) -> None:
    """Fail with one clear message unless the warehouse has a usable ``mentions`` table."""
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'mentions' AND schema_name = 'main'"
        ).fetchall()
    }
    if not columns:
        raise LinkageError("the warehouse has no mentions table: run `wholefamily ingest` first")
    missing = sorted(_REQUIRED - columns)
    if missing:
        raise LinkageError(
            f"the warehouse's mentions table lacks columns {missing}: re-run `wholefamily ingest`"
        )
