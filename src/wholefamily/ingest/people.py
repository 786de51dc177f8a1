"""SQL that turns a source's rows into person mentions: one row per person per record, normalised.

Each people group gives its persons from the row itself, from a nested JSON array (position = person
index) or from one cell split into parts. A person exists when any of its columns has a value; its
fields are read in three steps (raw text, normalised value, problem; see ``fields.py``), then each
problem either quarantines the person or blanks the field with a warning.
"""

from __future__ import annotations

import re

from wholefamily.ingest.config import People, SourceConfig
from wholefamily.ingest.fields import ColumnSql, ValueSql, raw_sql, text_sql, value_sql
from wholefamily.ingest.readers.jsondoc import json_path
from wholefamily.warehouse.sql import Binds, quote_ident
from wholefamily.warehouse.tables import PERSON_COLUMNS

PROBLEM_TYPE = "STRUCT(field VARCHAR, reason VARCHAR, raw_value VARCHAR, quarantine BOOLEAN)"
#: Columns every source's rows table has besides the delivered ones.
ROW_ID, DELIVERY = "__wf_rid", "__wf_delivery"


def persons_sql(config: SourceConfig, rows: str, binds: Binds) -> str:
    """One SELECT over the rows table giving every person of every group of the source."""
    return "\nUNION ALL BY NAME\n".join(_group_sql(group, rows, binds) for group in config.people)


def _group_sql(group: People, rows: str, binds: Binds) -> str:
    origin, index, column_sql, always_present = _origin(group, rows, binds)
    fields = group.fields
    texts = ", ".join(f"{text_sql(spec, column_sql, binds)} AS t_{f}" for f, spec in fields.items())
    raws = ", ".join(f"{raw_sql(spec, f't_{f}', binds)} AS r_{f}" for f, spec in fields.items())
    checked: dict[str, ValueSql] = {
        f: value_sql(f, spec, f, f"r_{f}", f"n_{f}", binds, delivery_col=DELIVERY)
        for f, spec in fields.items()
        if f != "full_name"
    }
    step2 = ", ".join([f"{v.norm} AS n_{f}" for f, v in checked.items()])
    if "full_name" in fields:
        order = fields["full_name"].name_order or "forename_first"
        step2 = ", ".join(
            x for x in (step2, f"wf_split_name(r_full_name, {binds(order)}) AS n_full_name") if x
        )
    step3 = ", ".join(f"{v.problem} AS p_{f}" for f, v in checked.items())
    column_raws = [f"r_{f}" for f, spec in fields.items() if spec.column is not None]
    present = "true" if always_present else (" OR ".join(f"{c} IS NOT NULL" for c in column_raws) or "false")
    final = _final_columns(group, list(checked), binds)
    problems = _problems(group, checked, binds)
    filled = [
        f"CASE WHEN r_{f} IS NOT NULL THEN {binds(f)} END" for f, s in fields.items() if s.column is not None
    ]
    present_fields = f"list_filter(CAST([{', '.join(filled)}] AS VARCHAR[]), lambda x: x IS NOT NULL)"
    return (
        f"SELECT {ROW_ID}, {binds(group.name)} AS people_group, person_index, {present} AS present, "  # noqa: S608
        f"{final}, {problems} AS problems, {present_fields} AS present_fields FROM ("
        f"SELECT *{', ' + step3 if step3 else ''} FROM ("
        f"SELECT *{', ' + step2 if step2 else ''} FROM ("
        f"SELECT *, {raws} FROM ("
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


def _name_part(group: People, part: str, binds: Binds) -> str | None:
    """A name part from its own column when configured and usable, else from the split full name."""
    given = [f"CASE WHEN p_{part} IS NULL THEN n_{part} END"] if part in group.fields else []
    if "full_name" in group.fields:
        given.append(f"struct_extract(n_full_name, {binds(part)})")
    return None if not given else given[0] if len(given) == 1 else f"coalesce({', '.join(given)})"


def _final_columns(group: People, checked_fields: list[str], binds: Binds) -> str:
    """The canonical person columns: checked values blanked when they have a problem, names merged."""
    columns: dict[str, str | None] = {
        f: f"CASE WHEN p_{f} IS NULL THEN n_{f} END" if f in checked_fields else None for f in PERSON_COLUMNS
    }
    for part in ("title", "first_name", "middle_names", "surname"):
        columns[part] = _name_part(group, part, binds)
    columns["name_raw"] = _name_raw(group)
    return ", ".join(
        f"CAST({sql or 'NULL'} AS {PERSON_COLUMNS[name]}) AS {name}" for name, sql in columns.items()
    )


def _name_raw(group: People) -> str:
    """The name as delivered, for display: the full name, or the name parts joined."""
    parts = [f"r_{f}" for f in ("first_name", "middle_names", "surname") if f in group.fields]
    given = (["r_full_name"] if "full_name" in group.fields else []) + (
        [f"wf_text(concat_ws(' ', {', '.join(parts)}))"] if parts else []
    )
    return given[0] if len(given) == 1 else f"coalesce({', '.join(given)})"


def _problems(group: People, checked: dict[str, ValueSql], binds: Binds) -> str:
    """The person's problems: one per field, a missing or unusable name, a cell part not matching."""
    items = [
        f"{{'field': {binds(f)}, 'reason': p_{f}, 'raw_value': CAST(r_{f} AS VARCHAR), "
        f"'quarantine': {'true' if v.action == 'quarantine' else 'false'}}}"
        for f, v in checked.items()
    ]
    first = _name_part(group, "first_name", binds) or "NULL"
    last = _name_part(group, "surname", binds) or "NULL"
    raw_name = _name_raw(group)
    no_name = (
        f"CASE WHEN ({first}) IS NULL AND ({last}) IS NULL THEN "
        f"CASE WHEN {raw_name} IS NULL THEN {binds('name missing')} ELSE {binds('no usable name')} END END"
    )
    items.append(
        f"{{'field': {binds('name')}, 'reason': {no_name}, 'raw_value': {raw_name}, 'quarantine': true}}"
    )
    checked_list = f"list_filter([{', '.join(items)}], lambda x: x.reason IS NOT NULL)"
    if group.from_ == "cell":  # a part that does not match the pattern has no fields to check
        mismatch = (
            f"[{{'field': {binds('cell')}, 'reason': {binds('part of the cell does not match the pattern')}, "
            "'raw_value': __wf_part, 'quarantine': true}]"
        )
        checked_list = f"CASE WHEN __wf_matched THEN {checked_list} ELSE {mismatch} END"
    return f"CAST({checked_list} AS {PROBLEM_TYPE}[])"
