"""Find the SQL written in the pipeline's source, and the warehouse columns it names that no table declares.

Every string literal (plain or f-string, docstrings aside) that starts like a SQL statement is parsed with
sqlglot (DuckDB dialect); each placeholder of an f-string becomes an identifier of its own. A column is
checked when it plainly belongs to a warehouse table: qualified by an alias of ``main.<table>`` (or of a
bare table name the registry declares), unqualified in a query whose one source is such a table, or listed
in an INSERT into one. DuckDB syntax sqlglot cannot parse (lambdas, some list functions) falls back to the
qualified references alone: ``alias.column`` where ``alias`` names ``main.<table>`` in the statement.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.scope import Scope, traverse_scope

from wholefamily.warehouse.tables import Table, warehouse_tables

_STATEMENT = re.compile(r"^\s*(SELECT|WITH|INSERT|CREATE|UPDATE|DELETE)\s")
_BINDING = re.compile(r"\bmain\.(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)
_KEYWORDS = {
    "where",
    "join",
    "left",
    "inner",
    "on",
    "using",
    "group",
    "order",
    "qualify",
    "limit",
    "set",
    "by",
    "cross",
}


@dataclass(frozen=True)
class Statement:
    where: str
    sql: str


def statements(root: Path) -> Iterator[Statement]:
    """The SQL-looking string literals of every module under ``root``."""
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        inner = {
            id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values
        }
        docs = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if id(node) in inner or id(node) in docs:
                continue
            text = _text(node)
            if text is not None and _STATEMENT.match(text):
                yield Statement(f"{path.relative_to(root.parent)}:{node.lineno}", text)  # type: ignore[attr-defined]


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for i, value in enumerate(node.values):
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append(f" wf_placeholder_{i} ")
        return "".join(parts)
    return None


def parse(sql: str) -> list[exp.Expression] | None:
    try:
        return [e for e in sqlglot.parse(sql, read="duckdb") if e is not None]
    except SqlglotError:
        return None


def _declared(table: exp.Table) -> Table | None:
    """The registry's table, when ``table`` names a published one (``main.x`` or a bare declared name)."""
    if table.db and table.db != "main":
        return None
    return warehouse_tables().get(table.name)


def _has(declared: Table, column: str) -> bool:
    prefix = declared.open_prefix
    return column in declared.columns or (prefix is not None and column.startswith(prefix))


def problems_in(sql: str) -> tuple[bool, list[str]]:
    """Whether sqlglot parsed ``sql``, and the undeclared ``table.column`` references found in it."""
    trees = parse(sql)
    if trees is None:
        return False, qualified_unknown_columns(sql)
    return True, [problem for tree in trees for problem in unknown_columns(tree)]


def qualified_unknown_columns(sql: str) -> list[str]:
    """The fallback: ``alias.column`` where the statement binds ``alias`` (or the name itself) to ``main.x``."""
    bound: dict[str, Table] = {}
    for name, alias in _BINDING.findall(sql):
        declared = warehouse_tables().get(name)
        if declared is not None:
            bound[name] = declared
            if alias and alias.lower() not in _KEYWORDS:
                bound[alias] = declared
    problems = []
    for alias, column in re.findall(r"\b(\w+)\.(\w+)\b", sql):
        declared = bound.get(alias)
        if declared is not None and alias != "main" and not _has(declared, column):
            problems.append(f"{declared.name}.{column}")
    return problems


def unknown_columns(tree: exp.Expression) -> list[str]:
    """``table.column`` for every column the statement names that its warehouse table does not have."""
    problems: list[str] = []
    for scope in traverse_scope(tree):
        problems.extend(_scope_problems(scope))
    for insert in tree.find_all(exp.Insert):
        target = insert.this
        if isinstance(target, exp.Schema) and isinstance(target.this, exp.Table):
            declared = _declared(target.this)
            if declared is not None:
                for ident in target.expressions:
                    if isinstance(ident, exp.Identifier) and not _has(declared, ident.name):
                        problems.append(f"{declared.name}.{ident.name}")
    return problems


def _scope_problems(scope: Scope) -> Iterator[str]:
    tables = {alias: source for alias, source in scope.sources.items() if isinstance(source, exp.Table)}
    selects = scope.expression.selects if isinstance(scope.expression, exp.Select) else []
    aliases = {s.alias for s in selects if isinstance(s, exp.Alias)}
    lambdas = {ident.name for lam in scope.expression.find_all(exp.Lambda) for ident in lam.expressions}
    only = next(iter(tables.values())) if len(scope.sources) == 1 and len(tables) == 1 else None
    for column in scope.columns:
        if column.find_ancestor(exp.Select) is not scope.expression:
            continue  # a column of a subquery is checked in the subquery's own scope
        if column.table:
            source = tables.get(column.table)
        elif column.name in aliases or column.name in lambdas:
            continue
        else:
            source = only
        declared = _declared(source) if source is not None else None
        if declared is not None and not _has(declared, column.name):
            yield f"{declared.name}.{column.name}"
