"""From evidence to groups of people: stated ties first, then co-residence where it is unambiguous.

1. **Units**: connected groups over the strong edges (``stated`` in one record, ``moved`` together).
2. People in no unit (*loose*) who share a surname at their current postcode (and, where both addresses
   are known, an address line), or an address line, join each other, unless they are two adults of one
   sex close in age, or the address is a shared house (several unlinked adults of several surnames: each
   stays apart and the address is flagged). People sharing only an address line join only when they are
   a plausible couple (a man and a woman close in age), or one of them is a child: lodgers share
   addresses too, but a pupil the school sends with no contact, at the address line of a tenant of another
   surname whom no record names with anyone, lives with her (not at a shared house). Many files leave out a
   sex or a date of birth: an unknown sex does not keep two adults apart and does not rule out a couple,
   an unknown age counts as close, and a person of unknown age whom a record names as a parent or carer
   is an adult.
3. A loose group joins a unit when exactly one unit is a candidate: a unit at the postcode sharing the
   surname of a child of the group, or of an adult whose address line the unit shares (a single adult
   with the family's surname at its postcode is a relative or namesake living apart about as often as a
   member, unless it would be the family's other parent: the unit has at most one adult, close in age
   and not of the same sex, and the children are at least ``parent_gap`` years younger; a father on
   benefits and mental health records at the postcode of the mother and children named by the school;
   flagged ``joined_as_other_parent`` for a data manager to check), or a unit sharing a child's address
   line (a stepchild with another surname, seen only in school attendance); with two or more candidates
   it stays apart and is flagged ``ambiguous_household`` for a data manager.
4. Groups at one address (an address line at their current postcode, not a shared house) with a surname
   in common among their members are one household: a school that names only the father on one child's
   record and only the mother on her other child's makes two units of one family, and a baby with his
   father's surname, named by health visiting with no address line, joins his father's group to his
   mother's. So are two groups at one address line in the UK with one adult each who would be a couple
   (a school naming the father of one pupil and the mother of another, of other surnames: a blended
   family); an address abroad, as a school last heard of a family that left, places no one together.
5. A group that no record places (no member seen at a postcode) joins the one group where the only
   other person of the same forename and surname is, through a parent or carer in it (a pupil's mother
   on a school contact with no address) or someone of known age whose namesake is a parent or carer (a
   benefits claimant sent with no address); flagged
   ``joined_by_name`` for a data manager to check.
6. A group bigger than the limits falls back to its units (split by postcode if a unit is itself too
   big) and is flagged: a large component never becomes one giant family.

Writes TEMP ``fm_group`` (idx, g) and ``fm_group_flag`` (idx, flag, detail).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from wholefamily.families.evidence import FormationSettings
from wholefamily.graph import Ints, components
from wholefamily.ingest.normalise import POSTCODE_PATTERN

#: Relationships a record states (``fm_person.hint``) that make a person of unknown age an adult.
ADULT_HINTS = ("parent", "carer", "grandparent", "adult", "non_resident")
# A person of unknown age whom a record names as a parent or carer is an adult; unknown ages are close,
# and an unknown sex neither keeps two adults apart nor rules out a couple (of ``pa`` and ``pb``).
_ADULT = "coalesce({p}.age >= 18, list_contains($adult_hints, {p}.hint))"
_CLOSE = "coalesce(abs(pa.age - pb.age) < $gap, true)"
_COUPLE = (
    f"{_ADULT.format(p='pa')} AND {_ADULT.format(p='pb')} AND coalesce(pa.sex <> pb.sex, true) AND {_CLOSE}"
)


def _pairs(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None
) -> tuple[Ints, Ints]:
    cols = con.execute(sql, params or {}).fetchnumpy()
    return np.asarray(cols["a"], np.int64), np.asarray(cols["b"], np.int64)


def _register(con: duckdb.DuckDBPyConnection, name: str, idx: Ints, label: Ints) -> None:
    table = pa.table({"idx": idx, "g": label})
    con.register("fm_arrow_tmp", table)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM fm_arrow_tmp")  # noqa: S608 - our name
    con.unregister("fm_arrow_tmp")


def form_groups(con: duckdb.DuckDBPyConnection, settings: FormationSettings) -> None:
    fetched = con.execute("SELECT count(*) FROM fm_person").fetchone()
    n = int(fetched[0]) if fetched else 0
    nodes = np.arange(n, dtype=np.int64)
    sa, sb = _pairs(con, "SELECT a, b FROM fm_edge WHERE kind IN ('stated', 'moved')")
    unit = components(n, sa, sb)
    _register(con, "fm_unit", nodes, unit)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fm_unit AS SELECT idx, g AS unit, count(*) OVER (PARTITION BY g) AS usize "
        "FROM fm_unit"
    )
    con.execute("CREATE OR REPLACE TEMP TABLE fm_group_flag (idx BIGINT, flag VARCHAR, detail VARCHAR)")
    _weak_edges(con, settings)
    la, lb = _pairs(
        con,
        """
        SELECT a, b FROM fm_weak WHERE ua = 1 AND ub = 1
        UNION  -- a child in no unit and someone else in none at its address line (not a shared house)
        SELECT e.a, e.b FROM fm_edge e
        JOIN fm_unit ua ON ua.idx = e.a AND ua.usize = 1 JOIN fm_unit ub ON ub.idx = e.b AND ub.usize = 1
        JOIN fm_person pa ON pa.idx = e.a JOIN fm_person pb ON pb.idx = e.b
        WHERE e.kind = 'address' AND (pa.age < 18 OR pb.age < 18)
          AND e.detail NOT IN (SELECT detail FROM fm_shared_address)
        """,
    )
    loose = components(n, np.concatenate([sa, la]), np.concatenate([sb, lb]))
    _register(con, "fm_loose", nodes, loose)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_candidate AS
        WITH at_address AS (  -- a loose person and a member of a unit sharing an address line
            SELECT x.idx, x.other, u.unit AS unit_other
            FROM (SELECT a AS idx, b AS other, detail FROM fm_edge WHERE kind = 'address'
                  UNION ALL SELECT b, a, detail FROM fm_edge WHERE kind = 'address') AS x
            JOIN fm_unit AS l ON l.idx = x.idx AND l.usize = 1 JOIN fm_unit AS u ON u.idx = x.other AND u.usize > 1
            WHERE x.detail NOT IN (SELECT detail FROM fm_shared_address)
        ), w AS (
            SELECT a AS idx, b AS other, unit_b AS unit_other FROM fm_weak WHERE ua = 1 AND ub > 1
            UNION ALL SELECT b, a, unit_a FROM fm_weak WHERE ub = 1 AND ua > 1
        ), child AS (SELECT idx FROM fm_person WHERE age < 18),
        unit_adults AS (  -- units with at most one adult, the eldest child's age
            SELECT u.unit, max(p.idx) FILTER (WHERE {adult_p}) AS adult,
                   max(p.age) FILTER (WHERE NOT {adult_p}) AS eldest_child
            FROM fm_unit u JOIN fm_person p USING (idx) WHERE u.usize > 1
            GROUP BY u.unit HAVING count(*) FILTER (WHERE {adult_p}) <= 1
        ), partner AS (  -- an adult of the family's surname at its postcode, who would make its other parent
            SELECT DISTINCT f.a AS idx, f.b AS other, f.unit_b AS unit_other
            FROM (SELECT a, b, unit_b, kind FROM fm_weak WHERE ua = 1 AND ub > 1
                  UNION ALL SELECT b, a, unit_a, kind FROM fm_weak WHERE ub = 1 AND ua > 1) AS f
            JOIN unit_adults s ON s.unit = f.unit_b JOIN fm_person pa ON pa.idx = f.a
            LEFT JOIN fm_person pb ON pb.idx = s.adult
            WHERE f.kind = 'surname' AND {adult_pa} AND coalesce(pa.age - s.eldest_child >= $parent_gap, true)
              AND (s.adult IS NULL OR ({couple}))
        )
        SELECT DISTINCT lc.g AS cluster, w.unit_other AS unit, lc.idx AS a, w.other AS b, w.other_parent
        FROM fm_loose lc JOIN (
            SELECT *, false AS other_parent FROM w  -- a surname in common: through a child, or an adult at
            WHERE idx IN (SELECT idx FROM child)    -- the unit's address
               OR EXISTS (SELECT 1 FROM at_address x WHERE x.idx = w.idx AND x.unit_other = w.unit_other)
            UNION ALL SELECT *, false FROM at_address WHERE idx IN (SELECT idx FROM child)  -- a child at its address
            UNION ALL SELECT *, true FROM partner
        ) w USING (idx)
        """.format(adult_p=_ADULT.format(p="p"), adult_pa=_ADULT.format(p="pa"), couple=_COUPLE),  # noqa: S608 - our constants
        {
            "gap": settings.same_sex_adult_gap,
            "adult_hints": list(ADULT_HINTS),
            "parent_gap": settings.parent_gap,
        },
    )
    con.execute(
        """
        INSERT INTO fm_group_flag
        SELECT l.idx, 'ambiguous_household', array_to_string(list(DISTINCT c.unit ORDER BY c.unit), ',')
        FROM fm_loose l JOIN fm_candidate c ON c.cluster = l.g
        WHERE l.g IN (SELECT cluster FROM fm_candidate GROUP BY cluster HAVING count(DISTINCT unit) > 1)
        GROUP BY l.idx
        """
    )
    con.execute(
        """
        INSERT INTO fm_group_flag  -- joined only as the other parent, on a surname at the postcode: to check
        SELECT DISTINCT a, 'joined_as_other_parent', 'a surname in common at the postcode, no address line'
        FROM fm_candidate WHERE cluster IN (
            SELECT cluster FROM fm_candidate GROUP BY cluster HAVING count(DISTINCT unit) = 1 AND bool_and(other_parent)
        )
        """
    )
    aa, ab = _pairs(
        con,
        "SELECT min(a) AS a, min(b) AS b FROM fm_candidate GROUP BY cluster HAVING count(DISTINCT unit) = 1",
    )
    joined_a, joined_b = np.concatenate([sa, la, aa]), np.concatenate([sb, lb, ab])
    _register(con, "fm_group", nodes, components(n, joined_a, joined_b))
    ha, hb = _pairs(
        con,
        """
        WITH names AS (SELECT g, list_distinct(flatten(list(p.tokens))) AS tokens,
                              count(*) FILTER (WHERE {adult_p}) AS adults, max(idx) FILTER (WHERE {adult_p}) AS adult
                       FROM fm_group JOIN fm_person p USING (idx) GROUP BY g)
        SELECT e.a, e.b FROM fm_edge e
        JOIN fm_group ga ON ga.idx = e.a JOIN fm_group gb ON gb.idx = e.b AND gb.g <> ga.g
        JOIN names na ON na.g = ga.g JOIN names nb ON nb.g = gb.g
        LEFT JOIN fm_person pa ON pa.idx = na.adult AND na.adults = 1
        LEFT JOIN fm_person pb ON pb.idx = nb.adult AND nb.adults = 1
        JOIN fm_person home ON home.idx = e.a
        WHERE e.kind = 'address' AND e.detail NOT IN (SELECT detail FROM fm_shared_address)
          AND (list_has_any(na.tokens, nb.tokens)  -- or, at a home in the UK, each has one adult and they
               OR (pa.idx IS NOT NULL AND pb.idx IS NOT NULL AND {couple}  -- would be a couple
                   AND regexp_full_match(home.postcode, $uk_postcode)))
        """.format(adult_p=_ADULT.format(p="p"), couple=_COUPLE),  # noqa: S608 - our constants
        {
            "gap": settings.same_sex_adult_gap,
            "adult_hints": list(ADULT_HINTS),
            "uk_postcode": POSTCODE_PATTERN,
        },
    )
    joined_a, joined_b = np.concatenate([joined_a, ha]), np.concatenate([joined_b, hb])
    _register(con, "fm_group", nodes, components(n, joined_a, joined_b))
    na, nb = _by_name(con, settings)
    group = components(n, np.concatenate([joined_a, na]), np.concatenate([joined_b, nb]))
    _register(con, "fm_group", nodes, group)
    _limit_size(con, settings, n)


def _by_name(con: duckdb.DuckDBPyConnection, settings: FormationSettings) -> tuple[Ints, Ints]:
    """Pairs joining a group that no record places (none of its members seen at a postcode) to the one
    other group where someone has the same forename and surname and no one else in the county has it,
    through a parent or carer in it (a record names them so: a pupil's mother on a school contact with no
    address), or through someone whose date of birth is known when the namesake is a parent or carer (a
    benefits claimant, sent with no address, who is the mother a school names by name only, or the
    partner an antenatal booking names). Nothing the records say may tell them apart: date of birth or age, sex, middle names
    where both have them, an age that could not be the children's parent's. Linkage cannot join them
    with nothing but a name to compare. Flagged ``joined_by_name`` for a data manager to check: at 20,000
    residents of style 2 about 1 join in 20 is a namesake (8 of 164, seed 7; 7 of 132, seed 1).
    """
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_by_name AS
        WITH placed AS (
            SELECT g, count(p.postcode) > 0 AS placed,
                   max(p.age) FILTER (WHERE p.age < 18) AS eldest, min(p.age) FILTER (WHERE p.age < 18) AS youngest
            FROM fm_group JOIN fm_person p USING (idx) GROUP BY g
        ), unique_name AS (
            SELECT first_name, surname FROM fm_name GROUP BY ALL HAVING count(DISTINCT idx) = 2
        ), middle AS (
            SELECT p.idx, list(DISTINCT m.middle_names) AS names FROM fm_m m JOIN fm_person p USING (person_id)
            WHERE m.middle_names IS NOT NULL GROUP BY p.idx
        ), pairs AS (
            SELECT DISTINCT a.idx AS a, b.idx AS b, ga.g AS ga, gb.g AS gb
            FROM fm_name a JOIN unique_name USING (first_name, surname)
            JOIN fm_name b ON b.first_name = a.first_name AND b.surname = a.surname AND b.idx <> a.idx
            JOIN fm_group ga ON ga.idx = a.idx JOIN fm_group gb ON gb.idx = b.idx AND gb.g <> ga.g
            JOIN placed sa ON sa.g = ga.g AND NOT sa.placed JOIN placed sb ON sb.g = gb.g
            JOIN fm_person pa ON pa.idx = a.idx JOIN fm_person pb ON pb.idx = b.idx
            LEFT JOIN middle ma ON ma.idx = a.idx LEFT JOIN middle mb ON mb.idx = b.idx
            WHERE (pa.hint IN ('parent', 'carer')  -- a parent or carer, or someone of known age whose namesake
                   OR (pa.dob IS NOT NULL AND pb.hint IN ('parent', 'carer')))  -- is one
              AND {adult_pb} AND coalesce(list_has_any(ma.names, mb.names), true)
              AND coalesce(pa.dob = pb.dob, abs(pa.age - pb.age) <= 1, true) AND coalesce(pa.sex = pb.sex, true)
              AND coalesce(coalesce(pa.age, pb.age) - greatest(sa.eldest, sb.eldest) >= $parent_gap  -- a parent's
                           AND coalesce(pa.age, pb.age) - least(sa.youngest, sb.youngest) <= $max_parent_gap, true)
        )
        SELECT a, b, ga FROM pairs WHERE ga IN (SELECT ga FROM pairs GROUP BY ga HAVING count(DISTINCT gb) = 1)
        """.format(adult_pb=_ADULT.format(p="pb")),  # noqa: S608 - our constants
        {
            "adult_hints": list(ADULT_HINTS),
            "parent_gap": settings.parent_gap,
            "max_parent_gap": settings.max_parent_gap,
        },
    )
    con.execute(
        """
        INSERT INTO fm_group_flag
        SELECT DISTINCT x.a, 'joined_by_name', 'no postcode; the same name as ' || p.person_id
        FROM fm_by_name x JOIN fm_person p ON p.idx = x.b
        """
    )
    return _pairs(con, "SELECT a, b FROM fm_by_name")


def _weak_edges(con: duckdb.DuckDBPyConnection, settings: FormationSettings) -> None:
    """Surname and address pairs between different units that are plausible and not in a shared house."""
    adult, close = _ADULT, _CLOSE
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE fm_weak AS
        SELECT e.a, e.b, e.kind, e.detail, ua.unit AS unit_a, ub.unit AS unit_b, ua.usize AS ua, ub.usize AS ub
        FROM fm_edge e
        JOIN fm_unit ua ON ua.idx = e.a JOIN fm_unit ub ON ub.idx = e.b
        JOIN fm_person pa ON pa.idx = e.a JOIN fm_person pb ON pb.idx = e.b
        WHERE e.kind IN ('surname', 'address') AND ua.unit <> ub.unit
          AND NOT ({adult.format(p="pa")} AND {adult.format(p="pb")} AND coalesce(pa.sex = pb.sex, false) AND {close})
          AND (e.kind = 'surname' OR ({_COUPLE}))
        """,  # noqa: S608 - the conditions are our own constants
        {"gap": settings.same_sex_adult_gap, "adult_hints": list(ADULT_HINTS)},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_shared_address AS
        SELECT e.detail FROM (SELECT detail, unnest([a, b]) AS idx FROM fm_edge WHERE kind = 'address') AS e
        JOIN fm_unit u USING (idx) JOIN fm_person p USING (idx)  -- an equi-join: a county has millions of each
        WHERE p.age >= 18
        GROUP BY e.detail
        HAVING count(DISTINCT u.unit) >= $k AND count(DISTINCT p.surname) >= $k
        """,
        {"k": settings.shared_address_adults},
    )
    con.execute(
        """
        INSERT INTO fm_group_flag
        SELECT DISTINCT unnest([e.a, e.b]), 'shared_address', e.detail FROM fm_edge e
        WHERE e.kind = 'address' AND e.detail IN (SELECT detail FROM fm_shared_address)
        """
    )
    con.execute(
        "DELETE FROM fm_weak WHERE kind = 'address' AND detail IN (SELECT detail FROM fm_shared_address)"
    )


def _oversized(key: str, table: str) -> str:
    """SQL listing the groups (``key`` of ``table``, both our constants) over the size limits."""
    return (
        f"SELECT {key} FROM {table} JOIN fm_person USING (idx) GROUP BY {key} "  # noqa: S608 - our constants
        "HAVING count(*) > $members OR count(*) FILTER (WHERE age >= 18) > $adults"
    )


def _limit_size(con: duckdb.DuckDBPyConnection, settings: FormationSettings, n: int) -> None:
    """Groups over the limits go back to their units; units over the limits split by current postcode."""
    limits = {"members": settings.max_members, "adults": settings.max_adults}
    groups, units = _oversized("g", "fm_group"), _oversized("unit", "fm_unit")
    big = con.execute(f"SELECT count(*) FROM ({groups})", limits).fetchone()  # noqa: S608 - our constants
    if not big or big[0] == 0:
        return
    con.execute(
        f"INSERT INTO fm_group_flag SELECT idx, 'large_group_split', NULL FROM fm_group WHERE g IN ({groups})",  # noqa: S608 - our constants
        limits,
    )
    con.execute(
        f"UPDATE fm_group SET g = u.unit FROM fm_unit u WHERE fm_group.idx = u.idx AND fm_group.g IN ({groups})",  # noqa: S608 - our constants
        limits,
    )
    big_units = con.execute(f"SELECT count(*) FROM ({units})", limits).fetchone()  # noqa: S608 - our constants
    if not big_units or big_units[0] == 0:
        return
    # inside the over-large units, keep only ties between people at the same current postcode (or one unknown)
    pa_, pb_ = _pairs(
        con,
        """
        SELECT e.a, e.b FROM fm_edge e JOIN fm_person x ON x.idx = e.a JOIN fm_person y ON y.idx = e.b
        WHERE e.kind IN ('stated', 'moved')
          AND (x.postcode IS NULL OR y.postcode IS NULL OR x.postcode = y.postcode)
        """,
    )
    _register(con, "fm_local", np.arange(n, dtype=np.int64), components(n, pa_, pb_))
    con.execute(
        f"UPDATE fm_group SET g = l.g FROM fm_local l WHERE fm_group.idx = l.idx AND fm_group.g IN ({groups})",  # noqa: S608 - our constants
        limits,
    )
    con.execute(
        f"INSERT INTO fm_group_flag SELECT idx, 'large_household', NULL FROM fm_group WHERE g IN ({groups})",  # noqa: S608 - our constants
        limits,
    )
