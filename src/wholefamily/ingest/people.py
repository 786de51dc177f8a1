"""SQL that turns a source's rows into person mentions: one row per person per record, normalised.

Each people group gives its persons from the row itself, from a nested JSON array (position = person
index) or from one cell split into parts. A person exists when any of its columns has a value; its
fields are read in three steps (raw text, normalised value, problem; see ``fields.py``), then each
problem either quarantines the person or blanks the field with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wholefamily.ingest.config import People, PersonField, SourceConfig, Value
from wholefamily.ingest.fields import (
    DELIVERY,
    PROBLEM_TYPE,
    ROW_ID,
    ColumnSql,
    ValueSql,
    max_length,
    raw_sql,
    shown_sql,
    text_sql,
    value_sql,
)
from wholefamily.ingest.readers.jsondoc import json_path
from wholefamily.warehouse.sql import Binds, quote_ident
from wholefamily.warehouse.tables import PERSON_COLUMNS


@dataclass(frozen=True)
class Item:
    """One value a people group reads: a person field, or an identifier of a named type."""

    key: str  # its columns in the SQL: t_<key>, r_<key>, n_<key>, p_<key>
    label: str  # as problems and the report name it: the field, or identifiers.<type>
    kind: str  # its normaliser: the field's name, or "identifier"
    spec: Value


def items(group: People) -> list[Item]:
    fields = [Item(f, f, f, spec) for f, spec in group.fields.items()]
    ids = [
        Item(f"id{i}", f"identifiers.{name}", "identifier", group.identifiers[name])
        for i, name in enumerate(sorted(group.identifiers))
    ]
    return fields + ids


def persons_sql(config: SourceConfig, rows: str, binds: Binds) -> str:
    """One SELECT over the rows table giving every person of every group of the source."""
    return "\nUNION ALL BY NAME\n".join(_group_sql(group, rows, binds) for group in config.people)


def _group_sql(group: People, rows: str, binds: Binds) -> str:
    origin, index, column_sql, always_present = _origin(group, rows, binds)
    read = items(group)
    texts = ", ".join(f"{text_sql(i.spec, column_sql, binds)} AS t_{i.key}" for i in read)
    raws = ", ".join(f"{raw_sql(i.spec, f't_{i.key}', binds)} AS r_{i.key}" for i in read)
    checked = {
        i.key: value_sql(i.label, i.spec, i.kind, f"r_{i.key}", f"n_{i.key}", binds, delivery_col=DELIVERY)
        for i in read
    }
    norms = ", ".join(f"{v.norm} AS n_{k}" for k, v in checked.items())
    problems = ", ".join(f"{v.problem} AS p_{k}" for k, v in checked.items())
    own = [f"r_{i.key}" for i in read if i.spec.columns()]
    present = "true" if always_present else (" OR ".join(f"{c} IS NOT NULL" for c in own) or "false")
    filled = [f"CASE WHEN r_{i.key} IS NOT NULL THEN {binds(i.label)} END" for i in read if i.spec.columns()]
    present_fields = f"list_filter(CAST([{', '.join(filled)}] AS VARCHAR[]), lambda x: x IS NOT NULL)"
    return (
        f"SELECT {ROW_ID}, {binds(group.name)} AS people_group, person_index, {present} AS present, "  # noqa: S608
        f"{_final_columns(group, binds)}, {_problems(group, checked, binds)} AS problems, "
        f"{present_fields} AS present_fields FROM ("
        f"SELECT *, {problems} FROM (SELECT *, {norms} FROM (SELECT *, {raws} FROM ("
        f"SELECT {ROW_ID}, {DELIVERY}, {index} AS person_index"
        f"{', __wf_part, __wf_matched' if group.from_ == 'cell' else ''}, "
        f"{texts} FROM {origin}))))"
    )


def _origin(group: People, rows: str, binds: Binds) -> tuple[str, str, ColumnSql, bool]:
    """(FROM clause, its person index, how a field column becomes SQL, whether persons always exist).

    The row's own columns are never next to ours unqualified: the rows table has the delivered columns and
    ``__wf_*`` ones only (a partner column may not start with ``__wf_``), and every column these origins add
    starts with ``__wf_`` too.
    """
    if group.from_ == "row":
        return rows, "0", quote_ident, False
    if group.from_ == "nested":
        assert group.path is not None
        nested = (
            "(SELECT *, unnest(range(len(__wf_list))) AS __wf_index, unnest(__wf_list) AS __wf_person FROM "  # noqa: S608
            f"(SELECT *, json_extract(CAST({quote_ident(group.path)} AS JSON), '$[*]') AS __wf_list FROM {rows}))"
        )
        return (
            nested,
            "__wf_index",
            lambda key: f"json_extract_string(__wf_person, {binds(json_path(key))})",
            False,
        )
    assert group.cell is not None
    cell = group.cell
    groups = list(re.compile(cell.pattern).groupindex)
    parts = (
        f"list_filter(list_transform(string_split(wf_text({quote_ident(cell.column)}), {binds(cell.separator)}), "
        "lambda x: trim(x)), lambda x: x <> '')"
    )
    split = (
        f"(SELECT *, regexp_extract(__wf_part, {binds(cell.pattern)}, {binds(groups)}) AS __wf_cell, "  # noqa: S608
        f"regexp_matches(__wf_part, {binds(cell.pattern)}) AS __wf_matched FROM "
        "(SELECT *, unnest(range(len(__wf_parts))) AS __wf_index, unnest(__wf_parts) AS __wf_part FROM "
        f"(SELECT *, {parts} AS __wf_parts FROM {rows})))"
    )
    return split, "__wf_index", lambda name: f"nullif(struct_extract(__wf_cell, {binds(name)}), '')", True


def _usable(key: str) -> str:
    """A value as the person keeps it: blanked when it has a problem."""
    return f"CASE WHEN p_{key} IS NULL THEN n_{key} END"


def _name_part(group: People, part: str, binds: Binds) -> str | None:
    """A name part from its own column when configured and usable, else from the split full name.

    A first-name column holding several given names ("SAMUEL GEORGE") gives the first as the first name
    and the others as the middle names (unless a middle-names column has them).
    """
    given = [_usable(part)] if part in group.fields else []
    if part == "first_name" and given:
        given = [f"nullif(split_part({given[0]}, ' ', 1), '')"]
    if part == "middle_names" and "first_name" in group.fields:
        given.append(f"nullif(array_to_string(string_split({_usable('first_name')}, ' ')[2:], ' '), '')")
    if "full_name" in group.fields:
        given.append(f"struct_extract({_usable('full_name')}, {binds(part)})")
    return None if not given else given[0] if len(given) == 1 else f"coalesce({', '.join(given)})"


def _final_columns(group: People, binds: Binds) -> str:
    """The canonical person columns: usable values, names merged, identifiers as ``type:value``."""
    columns: dict[str, str | None] = {f: _usable(f) if f in group.fields else None for f in PERSON_COLUMNS}
    for part in ("title", "first_name", "middle_names", "surname"):
        columns[part] = _name_part(group, part, binds)
    columns["name_raw"] = _name_raw(group)
    columns["other_ids"] = _other_ids(group, binds)
    return ", ".join(
        f"CAST({sql or 'NULL'} AS {PERSON_COLUMNS[name]}) AS {name}" for name, sql in columns.items()
    )


def _other_ids(group: People, binds: Binds) -> str | None:
    """The person's identifiers of named types as a list of ``type:value``, in type order; NULL when none."""
    ids = [i for i in items(group) if i.kind == "identifier"]
    if not ids:
        return None
    tagged = ", ".join(
        f"{binds(i.label.removeprefix('identifiers.') + ':')} || {_usable(i.key)}" for i in ids
    )
    return f"nullif(list_filter([{tagged}], lambda x: x IS NOT NULL), [])"


def _name_raw(group: People) -> str:
    """The name as delivered, for display: the full name, or the name parts joined (a part longer than its
    limit is left out: it is not a name)."""

    def within(field: PersonField) -> str:
        return f"CASE WHEN length(r_{field}) <= {max_length(group.fields[field], field)} THEN r_{field} END"

    names: tuple[PersonField, ...] = ("first_name", "middle_names", "surname")
    parts = [within(f) for f in names if f in group.fields]
    given = ([within("full_name")] if "full_name" in group.fields else []) + (
        [f"wf_text(concat_ws(' ', {', '.join(parts)}))"] if parts else []
    )
    return given[0] if len(given) == 1 else f"coalesce({', '.join(given)})"


def _problems(group: People, checked: dict[str, ValueSql], binds: Binds) -> str:
    """The person's problems: one per field, a missing or unusable name, a cell part not matching."""
    found = [
        f"{{'field': {binds(v.name)}, 'reason': p_{k}, 'raw_value': {shown_sql(f'r_{k}')}, "
        f"'quarantine': {'true' if v.action == 'quarantine' else 'false'}}}"
        for k, v in checked.items()
    ]
    first = _name_part(group, "first_name", binds) or "NULL"
    last = _name_part(group, "surname", binds) or "NULL"
    raw_name = _name_raw(group)
    no_name = (
        f"CASE WHEN ({first}) IS NULL AND ({last}) IS NULL THEN "
        f"CASE WHEN {raw_name} IS NULL THEN {binds('name missing')} ELSE {binds('no usable name')} END END"
    )
    found.append(
        f"{{'field': {binds('name')}, 'reason': {no_name}, 'raw_value': {raw_name}, 'quarantine': true}}"
    )
    checked_list = f"list_filter([{', '.join(found)}], lambda x: x.reason IS NOT NULL)"
    if group.from_ == "cell":  # a part that does not match the pattern has no fields to check
        mismatch = (
            f"[{{'field': {binds('cell')}, 'reason': {binds('part of the cell does not match the pattern')}, "
            "'raw_value': __wf_part, 'quarantine': true}]"
        )
        checked_list = f"CASE WHEN __wf_matched THEN {checked_list} ELSE {mismatch} END"
    return f"CAST({checked_list} AS {PROBLEM_TYPE}[])"
