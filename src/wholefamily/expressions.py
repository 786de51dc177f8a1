"""One SQL expression written by a person (a rule's condition, a source config's condition or derived value),
parsed with sqlglot.

This is the common first step of every place that lets a person write SQL: the text must be exactly one
expression (a second statement is refused), and a problem is reported with its line and column. Each
caller then walks the tree with its own allow-list, and builds its SQL from the tree, never from the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError


@dataclass(frozen=True)
class ExpressionProblem:
    message: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        at = f" (line {self.line}, column {self.col})" if self.line is not None else ""
        return f"{self.message}{at}"


def parse_expression(text: str) -> tuple[exp.Expr | None, list[ExpressionProblem]]:
    """The expression's tree, or None and why it cannot be parsed as one expression."""
    try:
        parsed = [e for e in sqlglot.parse(text, dialect="duckdb") if e is not None]
    except ParseError as exc:
        return None, [
            ExpressionProblem(f"cannot parse the SQL: {e['description']}", e.get("line"), e.get("col"))
            for e in exc.errors
        ] or [ExpressionProblem(f"cannot parse the SQL: {exc}")]
    if len(parsed) != 1:
        where = position(parsed[1], text) if len(parsed) > 1 else (None, None)
        return None, [
            ExpressionProblem(
                "write one SQL expression: a second statement (after ';') is not allowed", *where
            )
        ]
    return parsed[0], []


def position(node: exp.Expr, text: str) -> tuple[int | None, int | None]:
    """Line and column (1-based) where the node starts in the text."""
    starts = [int(n.meta["start"]) for n in node.walk() if "start" in (getattr(n, "meta", None) or {})]
    if not starts:
        return None, None
    at = min(starts)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
