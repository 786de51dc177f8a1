"""A blocking rule as plain data (the columns two mentions share), built for Splink when a run needs it.

Rules are kept as data so that a run's plan can be saved with it and built again for either engine. A
rule "kept apart" also leaves out pairs within one delivery of a source that holds one record per person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlglot
from splink import block_on
from splink.blocking_rule_library import And, CustomRule
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect
from sqlglot import exp

#: Two mentions in one delivery of a one-record-per-person source are never one person.
APART_SQL = "NOT coalesce(l.exclusive_group = r.exclusive_group, false)"


@dataclass(frozen=True)
class Rule:
    """Pairs of mentions equal on every column (each element of an ``explode`` array column counting)."""

    columns: tuple[str, ...]
    explode: tuple[str, ...] = ()
    either: str | None = None  # a true/false column: only pairs where it is true on one side or both
    # a comparison level whose condition must hold too (not saved with a plan: for a run's own passes)
    level: ComparisonLevelCreator | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        equal = " & ".join(f"each of {c}" if c in self.explode else c for c in self.columns)
        return f"{equal} (one side {self.either})" if self.either else equal

    def reads(self) -> set[str]:
        return {*self.columns, *self.explode, *([self.either] if self.either else [])}

    def pairs_copies_sql(self, *, apart: bool) -> str:
        """A condition on one row: whether this rule pairs two identical copies of it (every column filled,
        an element in each exploded array, the ``either`` column true, and not kept apart)."""
        filled = [
            f"len(list_filter({c}, lambda x: x IS NOT NULL)) > 0" if c in self.explode else f"{c} IS NOT NULL"
            for c in self.columns
        ]
        either = [f"coalesce({self.either}, false)"] if self.either else []
        level = [f"coalesce({level_sql(self.level, 'duckdb', None)}, false)"] if self.level else []
        return " AND ".join([*filled, *either, *level, *(["exclusive_group IS NULL"] if apart else [])])

    def splink(self, *, apart: bool) -> BlockingRuleCreator:
        explode = list(self.explode) or None
        conditions: list[BlockingRuleCreator] = [
            CustomRule(c, "duckdb")
            for c in ([f"l.{self.either} OR r.{self.either}"] if self.either else [])
            + ([APART_SQL] if apart else [])
        ] + ([_LevelHolds(self.level)] if self.level else [])
        if not conditions:
            return block_on(*self.columns, arrays_to_explode=explode)
        return And(block_on(*self.columns), *conditions, arrays_to_explode=explode)

    def to_json(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            **({"explode": list(self.explode)} if self.explode else {}),
            **({"either": self.either} if self.either else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rule:
        return cls(tuple(data["columns"]), tuple(data.get("explode", ())), data.get("either"))


class _LevelHolds(BlockingRuleCreator):
    """A comparison level's condition as a blocking condition, in the engine's own SQL."""

    def __init__(self, level: ComparisonLevelCreator) -> None:
        super().__init__()
        self.level = level

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        return level_sql(self.level, sql_dialect.sql_dialect_str, ("l", "r"))


def level_sql(level: ComparisonLevelCreator, dialect: str, sides: tuple[str, str] | None) -> str:
    """A comparison level's condition on ``sides`` (the left and right tables of a blocking rule), or with
    ``None`` on one row compared with an identical copy of itself (``name_l`` and ``name_r`` both ``name``)."""
    condition = level.get_comparison_level(dialect).sql_condition
    glot = SplinkDialect.from_string(dialect).sqlglot_dialect

    def side(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name[-2:] in ("_l", "_r"):
            table = None if sides is None else sides[node.name.endswith("_r")]
            return exp.column(node.name[:-2], table=table, quoted=True)
        return node

    return sqlglot.parse_one(condition, read=glot).transform(side).sql(dialect=glot)
