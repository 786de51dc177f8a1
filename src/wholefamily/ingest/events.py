"""SQL for the canonical events a record holds.

Per configured event: a row-level step reads its date, end date and values from the record (problems
there quarantine the whole row or blank the value), then a per-person step gives the event to each
accepted mention of the named groups and roles, adding values taken from the person (``person_field``).
A bad value taken from the person is always blanked with a warning: the person was already accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from wholefamily.ingest.config import DEFAULT_NULLS, Event, Value
from wholefamily.ingest.expressions import condition, expression_sql
from wholefamily.ingest.fields import PROBLEM_TYPE, ROW_ID, ValueSql, raw_sql, shown_sql, text_sql, value_sql
from wholefamily.vocabulary import Vocabulary
from wholefamily.warehouse.sql import Binds, quote_ident


@dataclass(frozen=True)
class EventValue:
    column: str  # column of the wide events table
    spec: Value
    kind: str  # value type, or "date" for the event's dates
    codes: tuple[str, ...]


def event_values(event: Event, vocab: Vocabulary) -> list[EventValue]:
    """The event's dates and values as typed value specs; the event date is always required."""
    kind = vocab.kinds[event.kind]
    values = [EventValue("event_date", event.date.model_copy(update={"required": True}), "date", ())]
    if event.end_date is not None:
        values.append(EventValue("end_date", event.end_date, "date", ()))
    for name, spec in event.values.items():
        field = kind.fields[name]
        values.append(EventValue(name, spec, field.type, field.codes))
    return values


def checked_sql(
    base: str, keep: str, values: list[EventValue], label: str, binds: Binds, person: bool
) -> tuple[str, dict[str, ValueSql]]:
    """Raw, normalised and problem columns for the values (record ones, or person ones when ``person``)."""
    chosen = [v for v in values if (v.spec.person_field is not None) == person]
    texts = ", ".join(
        f"{text_sql(v.spec, quote_ident, binds, person_sql=quote_ident)} AS t_{i}"
        for i, v in enumerate(chosen)
    )
    raws = ", ".join(f"{raw_sql(v.spec, f't_{i}', binds)} AS r_{i}" for i, v in enumerate(chosen))
    checked = {
        v.column: value_sql(f"{label}.{v.column}", v.spec, v.kind, f"r_{i}", f"n_{i}", binds, codes=v.codes)
        for i, v in enumerate(chosen)
    }
    norms = ", ".join(f"{c.norm} AS n_{i}" for i, c in enumerate(checked.values()))
    problems = ", ".join(f"{c.problem} AS p_{i}" for i, c in enumerate(checked.values()))
    if not chosen:
        return f"SELECT {keep} FROM {base}", {}  # noqa: S608
    steps = f"SELECT *, {norms} FROM (SELECT *, {raws} FROM (SELECT {keep}, {texts} FROM {base}))"  # noqa: S608
    return f"SELECT *, {problems} FROM ({steps})", checked  # noqa: S608


def problems_list(checked: dict[str, ValueSql], binds: Binds, force_blank: bool = False) -> str:
    items = [
        f"{{'field': {binds(c.name)}, 'reason': p_{i}, 'raw_value': {shown_sql(f'r_{i}')}, "
        f"'quarantine': {'true' if c.action == 'quarantine' and not force_blank else 'false'}}}"
        for i, c in enumerate(checked.values())
    ]
    if not items:
        return f"CAST([] AS {PROBLEM_TYPE}[])"
    return f"CAST(list_filter([{', '.join(items)}], lambda x: x.reason IS NOT NULL) AS {PROBLEM_TYPE}[])"


def record_events_sql(event: Event, vocab: Vocabulary, rows: str, binds: Binds) -> str:
    """Per row: whether the event is there, its record-level dates and values (blanked if bad), problems."""
    values = event_values(event, vocab)
    conditions = []
    if event.when_present:  # blank: empty or one of the default null values
        present = f"wf_text({quote_ident(event.when_present)})"
        conditions.append(f"coalesce(NOT list_contains({binds(list(DEFAULT_NULLS))}, {present}), false)")
    if event.when:  # not true (false, or NULL from a blank column) is no event
        conditions.append(f"coalesce({expression_sql(condition(event.when), quote_ident, binds)}, false)")
    emit = " AND ".join(conditions) or "true"
    # only the row id and our own columns leave the first step, so no partner column meets ours
    inner, checked = checked_sql(rows, f"{ROW_ID}, {emit} AS emit", values, event.kind, binds, person=False)
    columns = [
        f"CAST(CASE WHEN p_{i} IS NULL THEN n_{i} END AS {c.sql_type}) AS {quote_ident(name)}"
        for i, (name, c) in enumerate(checked.items())
    ]
    problems = problems_list(checked, binds)
    return (
        f"SELECT {ROW_ID}, emit, {', '.join(columns)}, "  # noqa: S608
        f"CASE WHEN emit THEN {problems} ELSE CAST([] AS {PROBLEM_TYPE}[]) END AS problems FROM ({inner})"
    )


def person_events_sql(
    index: int,
    event: Event,
    vocab: Vocabulary,
    mentions: str,
    record_events: str,
    value_types: dict[str, str],
    binds: Binds,
) -> str:
    """The event for each accepted mention it belongs to, with every column of the wide events table."""
    values = event_values(event, vocab)
    base = f"(SELECT m.*, e.* EXCLUDE ({ROW_ID}) FROM {mentions} m JOIN {record_events} e ON e.{ROW_ID} = m.{ROW_ID}"  # noqa: S608
    filters = ["e.emit"]
    if event.people is not None:
        filters.append(f"list_contains({binds(event.people)}, m.people_group)")
    if event.roles is not None:
        filters.append(f"list_contains({binds([r.lower() for r in event.roles])}, lower(m.role))")
    base += " WHERE " + " AND ".join(filters) + ")"
    inner, checked = checked_sql(base, "*", values, event.kind, binds, person=True)
    from_person = {
        name: f"CAST(CASE WHEN p_{i} IS NULL THEN n_{i} END AS {c.sql_type})"
        for i, (name, c) in enumerate(checked.items())
    }
    record_level = {v.column for v in values if v.spec.person_field is None}
    columns = []
    for name, sql_type in {"event_date": "DATE", "end_date": "DATE", **value_types}.items():
        if name in from_person:
            columns.append(f"{from_person[name]} AS {quote_ident(name)}")
        elif name in record_level:
            columns.append(quote_ident(name))
        else:
            columns.append(f"CAST(NULL AS {sql_type}) AS {quote_ident(name)}")
    event_key = f"mention_key || ':' || {binds(str(index))} || ':' || {binds(event.kind)}"
    return (
        f"SELECT {event_key} AS event_key, mention_key, source, record_key, {binds(event.kind)} AS kind, "  # noqa: S608
        f"delivery_date, run_id, {', '.join(columns)}, "
        f"{problems_list(checked, binds, force_blank=True)} AS problems FROM ({inner})"
    )
