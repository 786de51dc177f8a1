"""Small expressions in source configs: a condition on a record (``when``) and a derived value (``expression``).

An expression is one SQL expression over the record's columns (or, in a nested or cell people group, the
person's), e.g. ``"Excluded" = 'Y'``, ``Code IN ('CP', 'CIN')``, ``number(HalfDays) / 2``. It is parsed with
sqlglot and checked when the config loads, with the same safety as the framework's rules: only column
names, literals, arithmetic, comparisons, boolean logic, ``CASE`` and the functions in ``FUNCTIONS``;
never a query, a table, a second statement or any other function.

Every column is text (trimmed, NULL when blank), so the check also types the expression: a number is
compared only with a number, arithmetic needs numbers (``number(Column)`` reads text as a number), and a
condition must be true or false. DuckDB would otherwise cast a text column to a number at run time and
stop on the first value that is not one; here such a config is refused before any data is read.

The SQL is built from the checked tree, never from the text: each column becomes the caller's SQL for
it, each string a bound value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from sqlglot import exp

from wholefamily.expressions import parse_expression, position
from wholefamily.warehouse.sql import Binds

Type = Literal["text", "number", "bool", "null"]
#: How a column name becomes SQL in the expression's context (a row column, a nested key, a cell group).
ColumnSql = Callable[[str], str]


@dataclass(frozen=True)
class Signature:
    arguments: tuple[Type, ...]
    result: Type
    optional: int = 0  # how many of the last arguments may be left out


#: Functions an expression may call, with their argument and result types.
FUNCTIONS: dict[str, Signature] = {
    "number": Signature(("text",), "number"),  # text as a number ("1,234", "£12.50"); NULL when it is not one
    "lower": Signature(("text",), "text"),
    "upper": Signature(("text",), "text"),
    "trim": Signature(("text",), "text"),
    "length": Signature(("text",), "number"),
    "abs": Signature(("number",), "number"),
    "round": Signature(("number", "number"), "number", optional=1),
    "floor": Signature(("number",), "number"),
    "ceil": Signature(("number",), "number"),
}
#: Functions whose arguments (any number of them) and result all have one type.
SAME_TYPE_FUNCTIONS = ("coalesce", "nullif", "least", "greatest")
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)
_COLUMN_PLACEHOLDER = re.compile(r"\$wfc(\d+)\b")


class ExpressionError(ValueError):
    """An expression that may not run; the message says what and where."""


@dataclass(frozen=True)
class Expression:
    text: str
    tree: exp.Expr
    type: Type
    columns: tuple[str, ...]  # the columns it reads, in order of first use


@cache
def parse_config_expression(text: str) -> Expression:
    """The checked expression; ExpressionError says what is wrong and where."""
    tree, problems = parse_expression(text)
    if tree is None:
        raise ExpressionError("; ".join(str(p) for p in problems))
    typed = _type(tree, text)
    columns = tuple(dict.fromkeys(c.name for c in tree.find_all(exp.Column, bfs=False)))
    return Expression(text, tree, typed, columns)


def condition(text: str) -> Expression:
    """An expression that must be true or false (a ``when``)."""
    parsed = parse_config_expression(text)
    if parsed.type not in ("bool", "null"):
        raise ExpressionError(
            f"a condition must be true or false, this is {parsed.type}: compare it with something"
        )
    return parsed


def expression_sql(expression: Expression, column_sql: ColumnSql, binds: Binds) -> str:
    """DuckDB SQL for the expression: columns as ``wf_text`` of the caller's SQL, strings bound."""
    columns: list[str] = []

    def rebuild(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column):
            columns.append(f"wf_text({column_sql(node.name)})")
            return exp.Placeholder(this=f"wfc{len(columns) - 1}")
        if isinstance(node, exp.Literal) and node.is_string:
            return exp.Placeholder(this=binds(node.this).removeprefix("$"))
        if isinstance(node, exp.Anonymous) and node.name.lower() == "number":
            node.set("this", "wf_number")
        return node

    sql = expression.tree.copy().transform(rebuild).sql(dialect="duckdb")
    return "(" + _COLUMN_PLACEHOLDER.sub(lambda m: columns[int(m.group(1))], sql) + ")"


def _type(node: exp.Expr, text: str) -> Type:
    """The type of a node, checking it and everything under it; any other construct is refused."""
    if isinstance(node, exp.Column):
        if node.table:
            raise _fail(node, text, f"column {node.sql()!r} names a table: write the column's name alone")
        return "text"
    if isinstance(node, exp.Literal):
        return "text" if node.is_string else "number"
    if isinstance(node, exp.Boolean):
        return "bool"
    if isinstance(node, exp.Null):
        return "null"
    if isinstance(node, exp.Paren):
        return _type(node.this, text)
    if isinstance(node, exp.Neg):
        return _expect("a minus sign", [node.this], "number", text)
    if isinstance(node, _ARITHMETIC):
        return _expect("arithmetic", [node.left, node.right], "number", text)
    if isinstance(node, exp.DPipe):
        return _expect("||", [node.left, node.right], "text", text)
    if isinstance(node, (exp.And, exp.Or, exp.Not)):
        return _expect(
            node.key.upper(), [c for c in (node.this, node.expression) if c is not None], "bool", text
        )
    if isinstance(node, _COMPARISONS):
        _same(node, [node.left, node.right], text)
        return "bool"
    if isinstance(node, exp.In) and not any(node.args.get(k) for k in ("query", "unnest", "field")):
        _same(node, [node.this, *node.expressions], text)
        return "bool"
    if isinstance(node, exp.Between):
        _same(node, [node.this, node.args["low"], node.args["high"]], text)
        return "bool"
    if isinstance(node, (exp.Like, exp.ILike)):
        _expect(node.key.upper(), [node.this, node.expression], "text", text)
        return "bool"
    if isinstance(node, exp.Is) and isinstance(node.expression, exp.Null):
        _type(node.this, text)
        return "bool"
    if isinstance(node, exp.Case):
        return _case(node, text)
    if isinstance(node, exp.If):  # if(condition, then, else)
        _expect("if()", [node.this], "bool", text)
        return _same(
            node, [v for k, v in node.args.items() if k in ("true", "false") and v is not None], text
        )
    if isinstance(node, exp.Func):
        return _function(node, text)
    raise _fail(node, text, f"{node.sql()!r} is not allowed: {_ALLOWED}")


def _case(node: exp.Case, text: str) -> Type:
    """``CASE WHEN condition THEN value ... ELSE value END``, or ``CASE x WHEN value THEN ...``."""
    branches = node.args.get("ifs") or []
    for branch in branches:
        if node.this is not None:
            _same(branch, [node.this, branch.this], text)
        else:
            _expect("WHEN", [branch.this], "bool", text)
    results = [b.args["true"] for b in branches]
    if node.args.get("default") is not None:
        results.append(node.args["default"])
    return _same(node, results, text)


def _function(node: exp.Func, text: str) -> Type:
    name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
    args = (
        list(node.expressions)
        if isinstance(node, exp.Anonymous)
        else [v for v in node.args.values() if isinstance(v, exp.Expr)]
        + [e for v in node.args.values() if isinstance(v, list) for e in v if isinstance(e, exp.Expr)]
    )
    if name in SAME_TYPE_FUNCTIONS:
        return _same(node, args, text)
    signature = FUNCTIONS.get(name)
    if signature is None:
        raise _fail(node, text, f"function {name!r} is not allowed: {_ALLOWED}")
    most = len(signature.arguments)
    if not most - signature.optional <= len(args) <= most:
        raise _fail(node, text, f"{name}() takes {most} argument{'s' if most > 1 else ''}")
    for arg, wanted in zip(args, signature.arguments, strict=False):
        _expect(f"{name}()", [arg], wanted, text)
    return signature.result


def _expect(what: str, children: list[exp.Expr], wanted: Type, text: str) -> Type:
    """Each child must be of the wanted type (NULL fits any); returns that type."""
    for child in children:
        got = _type(child, text)
        if got not in (wanted, "null"):
            advice = (
                f": write number({child.sql()}) to read it as a number"
                if wanted == "number" and got == "text"
                else ""
            )
            raise _fail(child, text, f"{child.sql()!r} is {got}, {what} needs {wanted}{advice}")
    return wanted


def _same(node: exp.Expr, children: list[exp.Expr], text: str) -> Type:
    """The children must all have one type (NULL fits any); returns it."""
    found: Type = "null"
    for child in children:
        got = _type(child, text)
        if found != "null" and got not in (found, "null"):
            advice = " (write number(Column) to read a column as a number, or quote the number: '10')"
            raise _fail(node, text, f"{node.sql()!r} mixes {found} and {got}{advice}")
        if got != "null":
            found = got
    return found


def _fail(node: exp.Expr, text: str, message: str) -> ExpressionError:
    line, col = position(node, text)
    return ExpressionError(f"{message} (line {line}, column {col})" if line is not None else message)


_ALLOWED = (
    "an expression may use columns, 'text', numbers, true/false, NULL, + - * / %, ||, comparisons, IN, "
    "BETWEEN, LIKE, IS NULL, AND/OR/NOT, CASE, if() and the functions "
    + ", ".join(sorted([*FUNCTIONS, *SAME_TYPE_FUNCTIONS]))
)
