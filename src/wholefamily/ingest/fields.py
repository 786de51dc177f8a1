"""SQL for reading one configured value: its raw text, its normalised (typed) value and its problem.

A value goes through three steps, each a column of the step before so that DuckDB computes it once:
``raw`` (text, NULL when blank or one of the null values), ``norm`` (normalised and typed, NULL when
blank or invalid) and ``problem`` (why it was rejected, NULL when fine). What happens to a value with a
problem is its ``action``: ``quarantine`` (the person, or for event values the whole row) or ``blank``
(the field is emptied and a warning written). Defaults: required values, dates and numbers quarantine;
identifiers, postcodes, ages and unknown codes blank; ``on_invalid`` in config overrides the default. A
value longer than its field's limit (``DEFAULT_MAX_LENGTHS``, or ``max_length``) is a problem too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from wholefamily.ingest.config import ETHNICITY_CODES, SEX_CODES, Value
from wholefamily.ingest.expressions import expression_sql, parse_config_expression
from wholefamily.ingest.normalise import date_expression
from wholefamily.warehouse.sql import Binds, quote_ident

Action = Literal["quarantine", "blank"]
#: How a value's column reference becomes SQL in its context (a row column, a nested key, a cell group).
ColumnSql = Callable[[str], str]
PROBLEM_TYPE = "STRUCT(field VARCHAR, reason VARCHAR, raw_value VARCHAR, quarantine BOOLEAN)"
#: Columns every source's rows table has besides the delivered ones: the row's id and its delivery date.
ROW_ID, DELIVERY = "__wf_rid", "__wf_delivery"
#: The longest value read, in characters, by person field or value type (``max_length`` overrides it). Longer
#: is a problem like any other: a 1 MB "name" is a broken file, not a name.
DEFAULT_MAX_LENGTHS: dict[str, int] = {
    "full_name": 200,
    "first_name": 100,
    "middle_names": 100,
    "surname": 100,
    "title": 20,
    "dob": 40,
    "age": 10,
    "sex": 50,
    "ethnicity": 100,
    "address": 200,
    "postcode": 10,
    "nhs_number": 20,
    "upn": 20,
    "ni_number": 20,
    "local_id": 100,
    "role": 100,
    "identifier": 100,
    "date": 40,
    "int": 30,
    "decimal": 30,
    "bool": 20,
    "code": 100,
    "text": 1000,
}
#: A problem's raw value is shown (in quarantine and warnings) up to this many characters.
SHOWN_LENGTH = 200

_TRUE = ["yes", "y", "true", "t", "1"]
_FALSE = ["no", "n", "false", "f", "0"]


@dataclass(frozen=True)
class ValueSql:
    """A value's normalised SQL (over its raw column) and its problem SQL (over the raw and norm columns)."""

    name: str
    norm: str
    problem: str
    action: Action
    sql_type: str


def text_sql(spec: Value, column_sql: ColumnSql, binds: Binds, person_sql: ColumnSql | None = None) -> str:
    """The value as tidy text (the first step; computed once so the null check does not repeat it).

    ``column_sql`` reads a column in the value's context; a ``record_column`` is always the row's own.
    """
    if spec.value is not None:
        return f"CAST({binds(spec.value)} AS VARCHAR)"
    if spec.person_field is not None:
        if person_sql is None:
            raise ValueError("person_field is only for event values")
        return f"CAST({person_sql(spec.person_field)} AS VARCHAR)"
    if spec.delivery_date:
        return f"CAST({DELIVERY} AS VARCHAR)"
    if spec.expression is not None:
        return (
            f"CAST({expression_sql(parse_config_expression(spec.expression), column_sql, binds)} AS VARCHAR)"
        )
    record = f"wf_text({quote_ident(spec.record_column)})" if spec.record_column is not None else None
    if spec.column is None:
        assert record is not None
        return record
    own = f"wf_text({column_sql(spec.column)})"
    return own if record is None else f"coalesce({_unless_null(spec, own, binds)}, {record})"


def raw_sql(spec: Value, text_col: str, binds: Binds) -> str:
    """The text, NULL when it is one of the value's null values (for values read from a column)."""
    return _unless_null(spec, text_col, binds) if spec.reads_a_column() else text_col


def _unless_null(spec: Value, text: str, binds: Binds) -> str:
    return f"CASE WHEN list_contains({binds(list(spec.nulls()))}, {text}) THEN NULL ELSE {text} END"


def shown_sql(raw_col: str) -> str:
    """A raw value as a problem shows it: whole, or its start and its length when it is very long."""
    return (
        f"CASE WHEN length({raw_col}) > {SHOWN_LENGTH} THEN left({raw_col}, {SHOWN_LENGTH}) || '… (' "
        f"|| length({raw_col}) || ' characters)' ELSE CAST({raw_col} AS VARCHAR) END"
    )


def max_length(spec: Value, kind: str) -> int:
    return spec.max_length or DEFAULT_MAX_LENGTHS[kind]


def value_sql(
    name: str,
    spec: Value,
    kind: str,
    raw_col: str,
    norm_col: str,
    binds: Binds,
    *,
    codes: tuple[str, ...] = (),
    delivery_col: str | None = None,
) -> ValueSql:
    """Normalise and check one value. ``kind`` is a person field name or an event value type."""
    mapped, map_problem = _mapped(spec, raw_col, binds)
    norm, problem, default, sql_type = _typed(kind, spec, mapped, binds, codes=codes)
    longest = max_length(spec, kind)
    checks = [
        f"WHEN {raw_col} IS NULL THEN NULL",
        f"WHEN length({raw_col}) > {longest} THEN {binds(f'longer than {longest} characters')}",
    ]
    if map_problem is not None:
        checks.append(f"WHEN {map_problem}")
    checks.append(f"WHEN {norm_col} IS NULL THEN {binds(problem)}")
    if kind == "dob" and delivery_col is not None:
        checks.append(
            f"WHEN {norm_col} > {delivery_col} THEN {binds('date of birth after the delivery date')}"
        )
    if spec.required:
        checks.insert(0, f"WHEN {raw_col} IS NULL THEN {binds('required value missing')}")
    problem_sql = "CASE " + " ".join(checks) + " END"
    action: Action = "quarantine" if spec.required else (spec.on_invalid or default)
    return ValueSql(name, norm, problem_sql, action, sql_type)


def _mapped(spec: Value, raw_col: str, binds: Binds) -> tuple[str, str | None]:
    """The raw text through the config's ``map`` (trimmed, case-insensitive), and the unknown-code check."""
    if spec.map is None:
        return raw_col, None
    keys = [k.strip().lower() for k in spec.map]
    pairs = " ".join(f"WHEN {binds(k)} THEN {binds(v)}" for k, v in zip(keys, spec.map.values(), strict=True))
    mapped = f"(CASE lower({raw_col}) {pairs} END)"
    unknown = f"NOT list_contains({binds(keys)}, lower({raw_col})) THEN {binds('unknown code (not in map)')}"
    return mapped, unknown


def _typed(
    kind: str, spec: Value, text: str, binds: Binds, *, codes: tuple[str, ...]
) -> tuple[str, str, Action, str]:
    """(normalised SQL, problem text, default action, SQL type) for a person field or value type."""
    if kind in ("dob", "date"):
        formats = spec.date_formats or ["iso"]
        shown = ", ".join(formats)
        return date_expression(text, formats), f"not a date in the formats {shown}", "quarantine", "DATE"
    if kind in ("sex", "ethnicity", "code"):
        allowed = list(codes or (SEX_CODES if kind == "sex" else ETHNICITY_CODES))
        norm = f"(CASE WHEN list_contains({binds(allowed)}, lower({text})) THEN lower({text}) END)"
        return norm, "unknown code", "blank", "VARCHAR"
    if kind == "full_name":  # split into its parts; a name with no usable part is the person's problem
        norm = f"wf_split_name({text}, {binds(spec.name_order or 'forename_first')})"
        return (
            norm,
            "",
            "blank",
            "STRUCT(title VARCHAR, first_name VARCHAR, middle_names VARCHAR, surname VARCHAR)",
        )
    simple: dict[str, tuple[str, str, Action, str]] = {
        "first_name": (f"wf_name({text})", "no letters in the name", "blank", "VARCHAR"),
        "middle_names": (f"wf_name({text})", "no letters in the name", "blank", "VARCHAR"),
        "surname": (f"wf_name({text})", "no letters in the name", "blank", "VARCHAR"),
        "title": (f"nullif(upper(replace({text}, '.', '')), '')", "not a title", "blank", "VARCHAR"),
        "address": (f"wf_address({text})", "no letters or digits in the address", "blank", "VARCHAR"),
        "postcode": _postcode(spec, text),
        "identifier": (f"nullif(upper(regexp_replace({text}, '\\s', '', 'g')), '')", "", "blank", "VARCHAR"),
        "nhs_number": (f"wf_nhs({text})", "not a valid NHS number (check digit)", "blank", "VARCHAR"),
        "upn": (f"wf_upn({text})", "not a valid UPN (check letter)", "blank", "VARCHAR"),
        "ni_number": (f"wf_ni({text})", "not a valid National Insurance number", "blank", "VARCHAR"),
        "local_id": (text, "", "blank", "VARCHAR"),
        "role": (f"lower({text})", "", "blank", "VARCHAR"),
        "text": (text, "", "blank", "VARCHAR"),
        "age": (
            f"(CASE WHEN {_whole(text)} BETWEEN 0 AND 125 THEN {_whole(text)}::INTEGER END)",
            "not an age in years (0-125)",
            "blank",
            "INTEGER",
        ),
        "int": (_whole(text), "not a whole number", "quarantine", "BIGINT"),
        "decimal": (
            f"TRY_CAST(wf__amount_text({text}) AS DECIMAL(14,2))",
            "not an amount",
            "quarantine",
            "DECIMAL(14,2)",
        ),
    }
    if kind == "bool":
        norm = (
            f"(CASE WHEN list_contains({binds(_TRUE)}, lower({text})) THEN true "
            f"WHEN list_contains({binds(_FALSE)}, lower({text})) THEN false END)"
        )
        return norm, "not yes/no", "quarantine", "BOOLEAN"
    if kind not in simple:
        raise ValueError(f"no normaliser for {kind!r}")
    return simple[kind]


def _postcode(spec: Value, text: str) -> tuple[str, str, Action, str]:
    """A UK postcode in its canonical form; with ``country: any``, other text kept upper-cased as well."""
    if spec.country == "any":
        other = f"CASE WHEN regexp_matches({text}, '[\\p{{L}}\\p{{N}}]') THEN upper({text}) END"
        return (
            f"coalesce(wf_postcode({text}), {other})",
            "no letters or digits in the postcode",
            "blank",
            "VARCHAR",
        )
    return f"wf_postcode({text})", "not a UK postcode", "blank", "VARCHAR"


def _whole(text: str) -> str:
    """A whole number from text ("1,234", "12.0"), NULL when it has a fraction or is not a number."""
    number = f"TRY_CAST(replace({text}, ',', '') AS DOUBLE)"
    return f"(CASE WHEN {number} = trunc({number}) AND abs({number}) < 1e15 THEN {number}::BIGINT END)"
