"""The rule compiler: descriptor fragments checked with sqlglot, then compiled to DuckDB and Spark SQL.

A fragment is one SQL *expression* (a WHERE condition, or a HAVING condition over aggregates). It may
name only the columns of the rule relation (canonical event columns, person attributes at the as-of
date and the as-of helpers below) and the functions on the allow-list; anything else (a second
statement, a sub-select, a table, a window, an unknown function or column) is an error. Every error of
every descriptor is collected and raised once, with the descriptor id, the part and the position.

The engine builds the SELECT around the fragments, so a rule can read nothing but ``rule_events``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

import sqlglot
from sqlglot import exp

from wholefamily.expressions import parse_expression, position
from wholefamily.framework.model import (
    Descriptor,
    Framework,
    FrameworkError,
    OutcomeMeasure,
    PersonCondition,
)
from wholefamily.vocabulary import load_vocabulary
from wholefamily.warehouse.tables import event_columns

RULE_RELATION = "rule_events"
#: columns the engine adds to each event row (person attributes at the as-of date and window helpers)
PERSON_COLUMNS: dict[str, str] = {
    "person_id": "VARCHAR",
    "family_id": "VARCHAR",
    "family_role": "VARCHAR",  # parent, carer, child, non_resident_parent, other_adult, grandparent
    "resident": "BOOLEAN",
    "sex": "VARCHAR",
    "age": "INTEGER",  # full years at the as-of date
    "age_at_event": "INTEGER",  # full years on the event date
    "is_child": "BOOLEAN",  # under 18 at the as-of date (family role 'child' when the age is unknown)
    "as_of": "DATE",
    "days_ago": "INTEGER",  # days from the event date to the as-of date
    "end_days_ago": "INTEGER",  # days from the end date (the as-of date while open) to the as-of date
}
Part = Literal["where", "having"]

#: sqlglot expression classes a fragment may use, with the name a person writes
ROW_FUNCTIONS = {
    "Coalesce": "coalesce",
    "Abs": "abs",
    "Least": "least",
    "Greatest": "greatest",
    "Lower": "lower",
    "Upper": "upper",
    "Round": "round",
    "Floor": "floor",
    "Ceil": "ceil",
    "Cast": "cast",
    "If": "if",
    "Nullif": "nullif",
    "Length": "length",
}
AGGREGATES = {
    "Count": "count",
    "CountIf": "count_if",
    "Sum": "sum",
    "Min": "min",
    "Max": "max",
    "Avg": "avg",
    "LogicalOr": "bool_or",
    "LogicalAnd": "bool_and",
}
SYNTAX = frozenset(
    {
        "Column",
        "Identifier",
        "Literal",
        "Boolean",
        "Null",
        "Paren",
        "And",
        "Or",
        "Not",
        "EQ",
        "NEQ",
        "GT",
        "GTE",
        "LT",
        "LTE",
        "Is",
        "In",
        "Between",
        "Like",
        "ILike",
        "Add",
        "Sub",
        "Mul",
        "Div",
        "Mod",
        "Neg",
        "Case",
        "DataType",
        "Tuple",
        "NullSafeEQ",
        "NullSafeNEQ",
    }
)


@cache
def rule_columns() -> dict[str, str]:
    """Every column a fragment may name, with its SQL type."""
    events = {k: v for k, v in event_columns().items() if k not in ("run_id",)}
    return {**events, **PERSON_COLUMNS}


@dataclass(frozen=True)
class RuleProblem:
    owner: str  # descriptor id or eligibility item
    part: str
    message: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        at = f" (line {self.line}, column {self.col})" if self.line is not None else ""
        return f"{self.owner}, {self.part}{at}: {self.message}"


def check_fragment(text: str, owner: str, part: Part) -> list[RuleProblem]:
    """Every problem in one fragment (empty when it may run)."""
    tree, unparsed = parse_expression(text)
    if tree is None:
        return [RuleProblem(owner, part, p.message, p.line, p.col) for p in unparsed]
    problems: list[RuleProblem] = []
    known = rule_columns()
    blocked: set[int] = set()  # a forbidden node's insides are not reported again
    for node in tree.walk():
        if node.parent is not None and id(node.parent) in blocked:
            blocked.add(id(node))
            continue
        name = type(node).__name__
        problem = None
        if isinstance(node, exp.Column):
            if node.table:
                problem = f"column {node.sql()!r} names a table: rules read only the event row"
            elif node.name not in known:
                problem = f"unknown column {node.name!r}"
            elif part == "having" and node.find_ancestor(exp.AggFunc) is None and node.name != "as_of":
                problem = f"column {node.name!r} must be inside an aggregate such as count, sum, min or max"
        elif isinstance(node, exp.Star):
            if not isinstance(node.parent, exp.Count):
                problem = "'*' is allowed only in count(*)"
        elif name in AGGREGATES:
            if part == "where":
                problem = f"aggregate {AGGREGATES[name]}() belongs in `having`, not `where`"
            elif node.find_ancestor(exp.AggFunc) is not None:
                problem = f"aggregate {AGGREGATES[name]}() inside another aggregate"
        elif isinstance(node, (exp.Query, exp.Subquery, exp.Table, exp.DDL, exp.DML, exp.Command)):
            problem = f"{name.lower()} is not allowed: a rule is one expression over the event row"
        elif name in SYNTAX or name in ROW_FUNCTIONS:
            pass
        elif isinstance(node, exp.Func):
            fname = node.name if isinstance(node, exp.Anonymous) else node.sql_name().lower()
            allowed = sorted(ROW_FUNCTIONS.values()) + (
                sorted(AGGREGATES.values()) if part == "having" else []
            )
            problem = f"function {fname!r} is not allowed (allowed: {', '.join(allowed)})"
        else:
            problem = f"SQL construct {name} is not allowed"
        if problem:
            blocked.add(id(node))
            problems.append(RuleProblem(owner, part, problem, *position(node, text)))
    return problems


def _check_kinds(owner: str, kinds: list[str]) -> list[RuleProblem]:
    vocab = load_vocabulary().kinds
    return [
        RuleProblem(owner, "kinds", f"unknown event kind {k!r} (kinds: {', '.join(sorted(vocab))})")
        for k in kinds
        if k not in vocab
    ]


def check_framework(fw: Framework) -> None:
    """Check every fragment, event kind and evidence column; raise once with all the problems."""
    problems: list[RuleProblem] = []
    for d in fw.descriptors:
        problems += _check_kinds(d.id, d.kinds)
        if d.where:
            problems += check_fragment(d.where, d.id, "where")
        if d.having:
            problems += check_fragment(d.having, d.id, "having")
        problems += _unknown_evidence(d.id, d.evidence)
        if d.outcome:
            problems += _check_outcome(f"{d.id}.outcome", d.outcome)
    conditions = {
        "eligibility.expectant_parent": fw.eligibility.expectant_parent,
        "eligibility.dependent_child.in_education": fw.eligibility.dependent_child.in_education,
    }
    for owner, cond in conditions.items():
        if cond is not None:
            problems += _check_kinds(owner, cond.kinds)
            if cond.where:
                problems += check_fragment(cond.where, owner, "where")
    if problems:
        raise FrameworkError([str(p) for p in problems])


def _unknown_evidence(owner: str, columns: list[str]) -> list[RuleProblem]:
    return [
        RuleProblem(owner, "evidence", f"unknown column {c!r}") for c in columns if c not in rule_columns()
    ]


def _check_outcome(owner: str, m: OutcomeMeasure) -> list[RuleProblem]:
    """An outcome measure's fragments are row conditions, checked as a descriptor's ``where`` is."""
    problems = _check_kinds(owner, m.kinds) + _unknown_evidence(owner, m.evidence)
    if m.where:
        problems += check_fragment(m.where, owner, "where")
    problems += [replace(p, part="breaks") for p in check_fragment(m.breaks, owner, "where")]
    return problems


def _literal(value: str) -> str:
    return exp.Literal.string(value).sql(dialect="duckdb")


def _scope(kinds: list[str], lookback_days: int, where: str | None, applies_to: str = "any") -> str:
    conds = [
        f"kind IN ({', '.join(_literal(k) for k in kinds)})",
        "days_ago >= 0",
        f"end_days_ago <= {int(lookback_days)}",
    ]
    if applies_to == "child":
        conds.append("is_child")
    elif applies_to == "adult":
        conds.append("NOT is_child")
    if where:
        conds.append(f"({where})")
    return " AND ".join(conds)


def _evidence_sql(columns: list[str]) -> str:
    if not columns:
        return "CAST(NULL AS VARCHAR)"
    parts = [f"{_literal(c + '=')} || CAST({c} AS VARCHAR)" for c in columns]
    return f"concat_ws('; ', {', '.join(parts)})"


def descriptor_sql(d: Descriptor, dialect: str = "duckdb", relation: str = RULE_RELATION) -> str:
    """The rows that evidence descriptor ``d``: one per qualifying person and matching event."""
    rows = (
        f"SELECT {_literal(d.id)} AS descriptor_id, person_id, family_id, event_key, "  # noqa: S608
        f"{_evidence_sql(d.evidence)} AS evidence_values FROM {relation} "
        f"WHERE {_scope(d.kinds, d.lookback_days, d.where, d.applies_to)}"
    )
    if d.having:
        rows = (
            f"SELECT m.* FROM ({rows}) AS m JOIN (SELECT person_id FROM {relation} "  # noqa: S608
            f"WHERE {_scope(d.kinds, d.lookback_days, d.where, d.applies_to)} "
            f"GROUP BY person_id HAVING {d.having}) AS q ON m.person_id = q.person_id"
        )
    return transpile(rows, dialect)


def outcome_sql(descriptor_id: str, m: OutcomeMeasure, relation: str = RULE_RELATION) -> str:
    """The events an outcome measure reads (any date up to the as-of date), each marked when it breaks
    the outcome; the outcomes step keeps those of the need's people in the window after closure."""
    scope = f"kind IN ({', '.join(_literal(k) for k in m.kinds)})" + (f" AND ({m.where})" if m.where else "")
    return (
        f"SELECT {_literal(descriptor_id)} AS descriptor_id, person_id, event_key, "  # noqa: S608
        f"coalesce(({m.breaks}), false) AS breaks, {_evidence_sql(m.evidence)} AS evidence_values "
        f"FROM {relation} WHERE {scope}"
    )


def condition_sql(cond: PersonCondition, dialect: str = "duckdb", relation: str = RULE_RELATION) -> str:
    """The people with at least one event meeting a person condition."""
    sql = f"SELECT DISTINCT person_id FROM {relation} WHERE {_scope(cond.kinds, cond.lookback_days, cond.where)}"  # noqa: S608
    return transpile(sql, dialect)


def transpile(sql: str, dialect: str) -> str:
    return sql if dialect == "duckdb" else sqlglot.transpile(sql, read="duckdb", write=dialect)[0]
