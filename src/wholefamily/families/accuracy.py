"""How well the formed families match the synthetic truth at a reference date.

Only people the partners' extracts mention can be placed, so each true family is compared on its
*observed* members (people with at least one linked mention). A true family is formed **exactly** when
the formed family of its members holds exactly those people; **split** when its members are spread over
several formed families; **over-merged** when a formed family holding them also holds someone from
another true family (a family can be both). Linkage ids differ from truth ids, so each true person is
followed through their mentions to the formed family most of them went to.

Partners' files do not always say who lives with whom: a benefits claimant with no address, a pupil seen
only in attendance, a father met only at another postcode. So the accuracy is also given for the families
the files **tie together**: with perfect person linkage, every observed member is joined to the others by
the evidence formation reads (named in one record other than as a witness, seen at one postcode with a
surname or an address line in common, or seen together at two postcodes: a household that moved). Exact
formation is hardly possible for the other families.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from wholefamily.families.evidence import FormationSettings, address_line_sql
from wholefamily.families.membership import required_as_of
from wholefamily.graph import components
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class KindAccuracy:
    kind: str
    families: int
    exact: int
    over_merged: int
    split: int

    @property
    def exact_rate(self) -> float:
        return self.exact / self.families if self.families else 0.0


@dataclass(frozen=True)
class FamilyAccuracy:
    as_of: dt.date
    overall: KindAccuracy
    several_observed: KindAccuracy  # true families with two or more observed members
    tied: KindAccuracy  # true families whose observed members the files tie together (see the module)
    with_children: KindAccuracy
    by_kind: list[KindAccuracy]

    def rows(self) -> list[KindAccuracy]:
        return [self.overall, self.several_observed, self.tied, self.with_children, *self.by_kind]

    def as_section(self) -> dict[str, object]:
        """Plain data for a report section (``evaluate linkage`` shows it as "families")."""
        return {
            "as_of": self.as_of.isoformat(),
            "rows": [
                {
                    "families": r.kind,
                    "count": r.families,
                    "exact": r.exact,
                    "exact_rate": round(r.exact_rate, 4),
                    "over_merged": r.over_merged,
                    "split": r.split,
                }
                for r in self.rows()
            ],
        }


def family_accuracy(con: duckdb.DuckDBPyConnection, truth_dir: Path, as_of: dt.date) -> FamilyAccuracy:
    mentions = truth_dir / "mentions.parquet"
    memberships = truth_dir / "memberships.parquet"
    for path in (mentions, memberships):
        if not path.is_file():
            raise FileNotFoundError(f"no truth file {path}: accuracy needs a synthetic workspace's truth/")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fa_person AS
        WITH tm AS (SELECT * FROM read_parquet($mentions)),
        linked AS (
            SELECT t.person_id AS truth_id, f.family_id
            FROM main.mentions m
            JOIN tm t ON t.source = m.source AND t.file = m.file AND t.sheet IS NOT DISTINCT FROM m.sheet
                 AND t.row_number = m.row_number AND t.people_group = m.people_group
                 AND t.person_index = m.person_index AND t.delivery_date = m.delivery_date
            JOIN main.person_mentions pm ON pm.mention_key = m.mention_key
                 AND pm.run_id = (SELECT max(run_id) FROM main.person_mentions)
            JOIN main.family_members f ON f.person_id = pm.person_id AND f.end_date IS NULL
        ), keyed AS (  -- a formed family by its members' first mention: ids differ between builds, this not
            SELECT f.family_id, min(pm.mention_key) AS family_key
            FROM main.family_members f JOIN main.person_mentions pm ON pm.person_id = f.person_id
                 AND pm.run_id = (SELECT max(run_id) FROM main.person_mentions)
            WHERE f.end_date IS NULL GROUP BY f.family_id
        )
        SELECT truth_id, family_id AS formed  -- where most of a person's mentions went; a tie, by family_key
        FROM (SELECT truth_id, family_id, count(*) AS mentions FROM linked GROUP BY ALL) JOIN keyed USING (family_id)
        QUALIFY row_number() OVER (PARTITION BY truth_id ORDER BY mentions DESC, family_key) = 1
        """,
        {"mentions": str(mentions)},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fa_family AS
        WITH truth AS (
            SELECT DISTINCT family_id, family_kind, person_id, role FROM read_parquet($memberships)
            WHERE start_date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
        ), observed AS (
            SELECT t.*, p.formed FROM truth t JOIN fa_person p ON p.truth_id = t.person_id
        ), formed_sets AS (
            SELECT formed, list(truth_id ORDER BY truth_id) AS members FROM fa_person GROUP BY formed
        ), true_sets AS (
            SELECT family_id, any_value(family_kind) AS kind, list(person_id ORDER BY person_id) AS members,
                   list(DISTINCT formed) AS formed, bool_or(role = 'child') AS has_child
            FROM observed GROUP BY family_id
        )
        SELECT t.family_id, t.kind, len(t.members) AS observed, t.has_child,
               len(t.formed) > 1 AS split,
               bool_or(len(list_filter(f.members, lambda x: NOT list_contains(t.members, x))) > 0) AS over_merged,
               len(t.formed) = 1 AND bool_and(f.members = t.members) AS exact
        FROM (SELECT *, unnest(formed) AS one_formed FROM true_sets) AS t  -- an equi-join: a county has
        JOIN formed_sets f ON f.formed = t.one_formed                       -- hundreds of thousands of each
        GROUP BY t.family_id, t.kind, t.members, t.formed, t.has_child
        """,
        {"memberships": str(memberships), "as_of": as_of},
    )
    _tied_families(con, mentions, memberships, as_of)

    def tally(label: str, where: str, params: list[object] | None = None) -> KindAccuracy:
        sql = (
            "SELECT count(*), count(*) FILTER (WHERE exact), count(*) FILTER (WHERE over_merged), "  # noqa: S608
            f"count(*) FILTER (WHERE split) FROM fa_family WHERE {where}"
        )  # where: one of our constant conditions; values are bound
        row = con.execute(sql, params or []).fetchone()
        assert row is not None
        return KindAccuracy(label, int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    kinds = [str(r[0]) for r in con.execute("SELECT DISTINCT kind FROM fa_family ORDER BY kind").fetchall()]
    return FamilyAccuracy(
        as_of=as_of,
        overall=tally("all families", "true"),
        several_observed=tally("two or more observed members", "observed >= 2"),
        tied=tally(
            "the files tie every observed member together", "family_id IN (SELECT family_id FROM fa_tied)"
        ),
        with_children=tally("with children", "has_child"),
        by_kind=[tally(kind, "kind = ?", [kind]) for kind in kinds],
    )


def _tied_families(con: duckdb.DuckDBPyConnection, mentions: Path, memberships: Path, as_of: dt.date) -> None:
    """TEMP ``fa_tied``: the true families whose observed members the evidence joins into one group when
    every mention is put with its true person (perfect linkage)."""
    settings = FormationSettings()
    address, street_args = address_line_sql("m.address")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE fa_ev AS
        WITH tm AS (SELECT * FROM read_parquet($mentions)),
        fam AS (
            SELECT DISTINCT family_id, person_id FROM read_parquet($memberships)
            WHERE start_date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
        ), ev AS (
            SELECT t.person_id, m.source, m.record_key, m.delivery_date, m.postcode,
                   coalesce(list_contains($bystanders, lower(trim(m.role))), false) AS bystander, nullif({address}, '') AS address,
                   list_filter(string_split(regexp_replace(upper(m.surname), '[^A-Z]+', ' ', 'g'), ' '),
                               lambda tok: length(tok) >= 2) AS tokens,
                   count(*) OVER (PARTITION BY m.source, m.record_key, m.delivery_date) AS record_people
            FROM main.mentions m
            JOIN tm t ON t.source = m.source AND t.file = m.file AND t.sheet IS NOT DISTINCT FROM m.sheet
                 AND t.row_number = m.row_number AND t.people_group = m.people_group
                 AND t.person_index = m.person_index AND t.delivery_date = m.delivery_date
            WHERE m.delivery_date <= $as_of
        )
        SELECT f.family_id, dense_rank() OVER (ORDER BY e.person_id) - 1 AS idx, e.* EXCLUDE (person_id)
        FROM ev e JOIN fam f USING (person_id)
        """,  # noqa: S608 - the address expression is built from our own constants; values are bound
        {
            "mentions": str(mentions),
            "memberships": str(memberships),
            "as_of": as_of,
            "bystanders": list(settings.not_family_roles),
        }
        | street_args,
    )
    edges = con.execute(
        """
        WITH seen AS (  -- where each person lives, as formation's ``moved`` reads it (a witness is not at home)
            SELECT DISTINCT family_id, idx, postcode FROM fa_ev WHERE postcode IS NOT NULL AND NOT bystander
        )
        SELECT DISTINCT a.idx AS a, b.idx AS b
        FROM fa_ev a JOIN fa_ev b ON a.family_id = b.family_id AND a.idx < b.idx
        WHERE (a.source = b.source AND a.record_key = b.record_key AND a.delivery_date = b.delivery_date
               AND NOT a.bystander AND NOT b.bystander AND a.record_people <= $max_people)
           OR (a.postcode = b.postcode AND (list_has_any(a.tokens, b.tokens) OR a.address = b.address))
        UNION
        SELECT a.idx, b.idx
        FROM seen a JOIN seen b ON a.family_id = b.family_id AND a.postcode = b.postcode AND a.idx < b.idx
        GROUP BY ALL HAVING count(*) >= 2
        """,
        {"max_people": settings.max_record_people},
    ).fetchnumpy()
    people = con.execute("SELECT DISTINCT idx, family_id FROM fa_ev ORDER BY idx").fetchnumpy()
    left, right = np.asarray(edges["a"], np.int64), np.asarray(edges["b"], np.int64)
    group = components(len(people["idx"]), left, right)
    con.register("fa_groups", {"family_id": people["family_id"], "g": group})
    con.execute(
        "CREATE OR REPLACE TEMP TABLE fa_tied AS "
        "SELECT family_id FROM fa_groups GROUP BY family_id HAVING count(DISTINCT g) = 1"
    )
    con.unregister("fa_groups")


def families_section(workspace: Workspace) -> dict[str, Any]:
    """Family formation against the synthetic truth, as a section of ``evaluate linkage``'s report."""
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        return dict(family_accuracy(con, workspace.truth, required_as_of(con)).as_section())
