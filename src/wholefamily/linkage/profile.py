"""What the mentions being linked hold: how full each field is, how many pairs each candidate blocking rule
makes, and whether an identifier names one person. ``plan.py`` chooses the model from these figures.

All figures are read from the Splink input (``link_input``) in SQL, so they describe exactly the mentions
the run links.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from wholefamily.linkage.prepare import INPUT_TABLE
from wholefamily.linkage.rules import Rule
from wholefamily.warehouse.sql import quote_ident

#: The fields whose fill rates are measured (besides the identifiers).
FIELDS = (
    "first_name",
    "middle_names",
    "surname",
    "dob",
    "birth_year_min",
    "sex",
    "postcode_filled",
    "postcode_sector",
    "address_filled",
    "slot_ref",
)
#: Pairs read to judge whether an identifier names one person, or how often names are swapped: enough
#: for a share, cheap at any scale.
CONSISTENCY_SAMPLE = 200_000


@dataclass(frozen=True)
class Profile:
    """The figures a plan is chosen from (all shares are of the mentions linked)."""

    mentions: int
    filled: dict[str, float]  # field or identifier column -> share of mentions with a value
    identifiers: list[str]  # identifier columns, fixed ones first, then named types
    pairs: dict[str, int]  # candidate rule (its key) -> pairs of mentions it makes
    one_person: dict[str, float]  # identifier -> share of pairs sharing it whose first name or dob agree
    age_only: float  # share dated by an age only
    adult_only: float  # share dated only by a role that makes them an adult
    partial_pairs: dict[str, float]  # "age" and "adult": share of all pairs at that partial-date level
    shared_records: int  # partner records naming more than one person
    swapped_names: float  # of pairs sharing a date of birth: names swapped, per pair with equal first names
    postcodes_not_uk: float  # share of mentions whose postcode is not the shape of a UK one
    one_record_per_person: list[str]  # sources declared to hold one record per person
    #: of namesakes (first name and surname equal, born years apart) who both give middle names: the share
    #: whose middle names are equal, begin with the same name, or only the same letter
    namesake_middle_names: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        return cls(**data)


def profile_input(con: duckdb.DuckDBPyConnection, identifiers: list[str], candidates: list[Rule]) -> Profile:
    """Measure ``link_input`` for the plan: fill rates, pairs per candidate rule, identifier consistency."""
    fill = fill_rates(con, identifiers)
    pairs = {rule.key: count_pairs(con, rule) for rule in candidates}
    return Profile(
        mentions=fill.mentions,
        filled=fill.filled,
        identifiers=identifiers,
        pairs=pairs,
        one_person={c: _one_person(con, c, pairs.get(Rule((c,)).key, 0)) for c in identifiers},
        age_only=fill.age_only,
        adult_only=fill.adult_only,
        partial_pairs=_partial_pairs(con, fill.mentions),
        shared_records=_shared_records(con),
        swapped_names=_swapped_names(con, pairs.get(Rule(("dob",)).key, 0)),
        namesake_middle_names=namesake_middle_names(
            con, pairs.get(Rule(("first_name_canonical", "surname")).key, 0)
        ),
        postcodes_not_uk=fill.filled["postcode_filled"] - fill.filled["postcode_sector"],
        one_record_per_person=[
            str(r[0])
            for r in con.execute(
                f"SELECT DISTINCT source FROM {INPUT_TABLE} WHERE exclusive_group IS NOT NULL ORDER BY source"  # noqa: S608
            ).fetchall()
        ],
    )


@dataclass(frozen=True)
class FillRates:
    """How full each field is: one scan of the input, cheap enough to measure on every run."""

    mentions: int
    filled: dict[str, float]
    age_only: float
    adult_only: float


def fill_rates(con: duckdb.DuckDBPyConnection, identifiers: list[str]) -> FillRates:
    """The share of ``link_input``'s mentions with each field and identifier, and dated by an age or a role."""
    columns = [*FIELDS, *identifiers]
    row = con.execute(
        f"SELECT count(*), {', '.join(f'avg(({quote_ident(c)} IS NOT NULL)::INT)' for c in columns)}, "  # noqa: S608
        "avg((dob IS NULL AND birth_year_max - birth_year_min <= 1)::INT), "
        f"avg((dob IS NULL AND birth_year_max - birth_year_min > 1)::INT) FROM {INPUT_TABLE}"
    ).fetchall()[0]
    filled = {c: float(v or 0.0) for c, v in zip(columns, row[1 : 1 + len(columns)], strict=True)}
    return FillRates(int(row[0]), filled, float(row[-2] or 0.0), float(row[-1] or 0.0))


def drift(trained: Profile, now: FillRates) -> dict[str, float]:
    """How far each share has moved since the model was trained (now minus then, in points of 1): fill
    rates, and the shares dated by an age or a role. A field new since then counts from 0, one gone to 0."""
    then = {**trained.filled, "age_only": trained.age_only, "adult_only": trained.adult_only}
    current = {**now.filled, "age_only": now.age_only, "adult_only": now.adult_only}
    return {c: round(current.get(c, 0.0) - then.get(c, 0.0), 6) for c in sorted(then.keys() | current.keys())}


def count_pairs(con: duckdb.DuckDBPyConnection, rule: Rule) -> int:
    """About the pairs of mentions the rule makes: pairs within one delivery of a one-record-per-person
    source and, for a rule on ``either``, pairs with it false on both sides are left out (an exploded
    array counts each shared element, so a pair sharing two counts twice)."""
    keys = ", ".join(quote_ident(c) for c in rule.columns)
    exploded = ", ".join(f"unnest({quote_ident(c)}) AS {quote_ident(c)}" for c in rule.explode)
    plain = ", ".join(quote_ident(c) for c in rule.columns if c not in rule.explode)
    select = ", ".join(p for p in (plain, exploded) if p)
    present = " AND ".join(f"{quote_ident(c)} IS NOT NULL" for c in rule.columns)
    flag = f"coalesce({quote_ident(rule.either)}, false)" if rule.either else "true"
    sql = f"""
        WITH rows AS (SELECT {select}, exclusive_group, {flag} AS flag FROM {INPUT_TABLE} WHERE {present}),
        cells AS (SELECT {keys}, exclusive_group, flag, count(*) AS n FROM rows WHERE {present} GROUP BY ALL),
        blocks AS (SELECT sum(n) AS n, coalesce(sum(n) FILTER (WHERE NOT flag), 0) AS neither,
                          sum(CASE WHEN exclusive_group IS NOT NULL THEN n * (n - 1) / 2 ELSE 0 END) AS within
                   FROM cells GROUP BY {keys})
        SELECT coalesce(sum(greatest(n * (n - 1) / 2 - within - neither * (neither - 1) / 2, 0)), 0)
        FROM blocks
    """  # noqa: S608 - quoted names of the input's columns
    return int(con.execute(sql).fetchall()[0][0])


def _one_person(con: duckdb.DuckDBPyConnection, column: str, pairs: int) -> float:
    """The share of pairs sharing ``column`` whose first names or dates of birth agree: near 1 for an id of
    one person, low for one a household or a case shares. Read on a sample of values when pairs are many."""
    if pairs == 0:
        return 0.0
    every = max(1, pairs // CONSISTENCY_SAMPLE)
    col = quote_ident(column)
    sql = f"""
        WITH ids AS (SELECT unique_id, {col} AS v, first_name_canonical, dob_text FROM {INPUT_TABLE}
                     WHERE {col} IS NOT NULL AND hash({col}) % $every = 0)
        SELECT avg((coalesce(a.first_name_canonical = b.first_name_canonical, false)
                    OR coalesce(a.dob_text = b.dob_text, false))::INT)
        FROM ids AS a JOIN ids AS b ON a.v = b.v AND a.unique_id < b.unique_id
    """  # noqa: S608 - a quoted name of the input's columns
    share = con.execute(sql, {"every": every}).fetchall()[0][0]
    return float(share or 0.0)


def _swapped_names(con: duckdb.DuckDBPyConnection, pairs: int) -> float:
    """Among pairs sharing a date of birth, those with first name and surname swapped, per pair with equal
    first names (read on a sample of dates when pairs are many)."""
    if pairs == 0:
        return 0.0
    sql = f"""
        WITH dated AS (SELECT unique_id, dob, first_name, surname FROM {INPUT_TABLE}
                       WHERE dob IS NOT NULL AND hash(dob) % $every = 0)
        SELECT count(*) FILTER (WHERE a.first_name = b.surname AND a.surname = b.first_name),
               count(*) FILTER (WHERE a.first_name = b.first_name)
        FROM dated AS a JOIN dated AS b ON a.dob = b.dob AND a.unique_id < b.unique_id
    """  # noqa: S608 - constant
    swapped, same = con.execute(sql, {"every": max(1, pairs // CONSISTENCY_SAMPLE)}).fetchall()[0]
    return float(swapped) / same if same else 0.0


def namesake_middle_names(con: duckdb.DuckDBPyConnection, pairs: int) -> list[float]:
    """How often namesakes' middle names agree, at each level of the comparison. Names are not independent
    (families and communities share first names, middle names and surnames together), so among people of
    one first name and surname middle names agree far more often than among all pairs: 3% against 0.3% in
    our synthetic authority. Read on a sample of names when pairs are many."""
    if pairs == 0:
        return []
    sql = f"""
        WITH named AS (SELECT unique_id, first_name_canonical AS f, surname AS s, middle_names AS m, dob
                       FROM {INPUT_TABLE}
                       WHERE middle_names IS NOT NULL AND dob IS NOT NULL AND first_name_canonical IS NOT NULL
                         AND surname IS NOT NULL AND hash(first_name_canonical || surname) % $every = 0)
        SELECT count(*), count(*) FILTER (WHERE a.m = b.m),
               count(*) FILTER (WHERE a.m <> b.m AND split_part(a.m, ' ', 1) = split_part(b.m, ' ', 1)),
               count(*) FILTER (WHERE split_part(a.m, ' ', 1) <> split_part(b.m, ' ', 1) AND left(a.m, 1) = left(b.m, 1))
        FROM named AS a JOIN named AS b ON a.f = b.f AND a.s = b.s AND a.unique_id < b.unique_id
        WHERE abs(year(a.dob) - year(b.dob)) > 1
    """  # noqa: S608 - constant
    total, *levels = con.execute(sql, {"every": max(1, pairs // CONSISTENCY_SAMPLE)}).fetchall()[0]
    return [float(n) / total for n in levels] if total >= MIN_NAMESAKES else []


#: Namesake pairs needed for their middle names to set u (fewer: random sampling's u stands).
MIN_NAMESAKES = 100


def _partial_pairs(con: duckdb.DuckDBPyConnection, mentions: int) -> dict[str, float]:
    """The share of all pairs whose dates agree only partly: one side without a date of birth, the birth
    years overlapping, both known to a year or two (an age) or not (an adult by role). Counted over the
    few distinct birth-year ranges, not sampled: the levels are too rare for sampling to see often."""
    sql = f"""
        WITH ranges AS (
            SELECT dob IS NOT NULL AS dated, birth_year_min AS lo, birth_year_max AS hi, count(*) AS n
            FROM {INPUT_TABLE} WHERE birth_year_min IS NOT NULL GROUP BY ALL
        ), keyed AS (SELECT *, row_number() OVER (ORDER BY dated, lo, hi) AS k FROM ranges)
        SELECT sum(pairs) FILTER (WHERE narrow), sum(pairs) FILTER (WHERE NOT narrow) FROM (
            SELECT a.hi - a.lo <= 1 AND b.hi - b.lo <= 1 AS narrow,
                   CASE WHEN a.k = b.k THEN a.n * (a.n - 1) / 2 ELSE a.n * b.n END AS pairs
            FROM keyed AS a JOIN keyed AS b ON a.k <= b.k
            WHERE NOT (a.dated AND b.dated) AND a.lo <= b.hi AND b.lo <= a.hi
        )
    """  # noqa: S608 - constant
    narrow, wide = con.execute(sql).fetchall()[0]
    total = max(mentions * (mentions - 1) / 2, 1)
    return {"age": float(narrow or 0) / total, "adult": float(wide or 0) / total}


def _shared_records(con: duckdb.DuckDBPyConnection) -> int:
    sql = f"""
        SELECT count(*) FROM (SELECT 1 FROM {INPUT_TABLE} GROUP BY source, record_key, delivery_date
                              HAVING count(*) > 1)
    """  # noqa: S608 - constant
    return int(con.execute(sql).fetchall()[0][0])
