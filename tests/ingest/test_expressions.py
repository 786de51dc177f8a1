"""Conditions and derived values in source configs: checked and typed when the config loads, built from the
checked tree with every column quoted and every string bound."""

from __future__ import annotations

import duckdb
import pytest

from wholefamily.ingest.expressions import ExpressionError, condition, expression_sql, parse_config_expression
from wholefamily.ingest.normalise import register_macros
from wholefamily.warehouse.sql import Binds, quote_ident


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Pence / 100", "'Pence' is text, arithmetic needs number: write number(Pence)"),
        ("Code = 10", "mixes text and number"),
        ("Code IN ('CP', 10)", "mixes text and number"),
        ("number(Sessions) > '10'", "mixes number and text"),
        ("coalesce(a, 1)", "mixes text and number"),
        ("Flag AND true", "'Flag' is text, AND needs bool"),
        ("cast(Code AS INTEGER) = 1", "function 'cast' is not allowed"),
        ("read_csv('/etc/passwd') IS NULL", "function 'read_csv' is not allowed"),
        ("Code IN (SELECT code FROM t)", "is not allowed"),
        ("t.Code = 'x'", "names a table"),
        ("Code = 'x'; DROP TABLE mentions", "a second statement"),
        ("Code = $1", "is not allowed"),
        ("trim(Code, 'x')", "trim() takes 1 argument"),
        ("Code =", "cannot parse the SQL"),
    ],
)
def test_a_bad_expression_is_refused_with_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_config_expression(text)
    assert message in str(caught.value)


def test_a_condition_must_be_true_or_false() -> None:
    with pytest.raises(ExpressionError, match="a condition must be true or false, this is text"):
        condition("upper(Flag)")
    assert condition("upper(Flag) = 'Y'").type == "bool"


ROW = {"Flag": " y ", "Code": "CIN", "Half days": "5", "Pence": "£1,234", "Blank": "", 'Odd "name"': "x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("upper(Flag) = 'Y'", True),
        ("Code IN ('CP', 'CIN')", True),
        ("Code LIKE 'C%' AND NOT Code = 'CP'", True),
        ('number("Half days") / 2', 2.5),
        ("number(Pence) / 100", 12.34),
        ("Blank IS NULL", True),  # a blank cell is NULL
        ("Blank = 'x'", None),  # and a comparison with it is not true
        ('"Odd ""name""" || \'-\' || Code', "x-CIN"),
        ("CASE WHEN number(\"Half days\") > 4 THEN 'long' ELSE 'short' END", "long"),
        ("if(Code = 'CIN', 1, 0) + round(number(Pence) / 1000, 1)", 2.2),
        ("Code = 'x' -- a comment */ ; DROP TABLE t; /*", False),
        ("substring(Code, 2, 1) || substring(Code, 3) || left(Code, 1) || right(Pence, 2)", "INC34"),
        ("replace(Pence, ',', '')", "£1234"),
    ],
)
def test_an_expression_runs_over_the_rows_text(text: str, expected: object) -> None:
    binds = Binds()
    sql = expression_sql(parse_config_expression(text), quote_ident, binds)
    assert "DROP" not in sql and "'" not in sql.replace("''", "")  # every string is bound, comments dropped
    with duckdb.connect() as con:
        register_macros(con)
        columns = ", ".join(f"$v{i}::VARCHAR AS {quote_ident(c)}" for i, c in enumerate(ROW))
        values = {f"v{i}": v for i, v in enumerate(ROW.values())}
        (result,) = con.execute(
            f"SELECT {sql} FROM (SELECT {columns})", {**binds.values, **values}
        ).fetchone()
    assert result == expected
