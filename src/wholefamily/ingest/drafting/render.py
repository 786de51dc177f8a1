"""Writing a draft as YAML with comments: every guess with its reason, and what to check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from wholefamily.ingest.config import PERSON_FIELDS
from wholefamily.ingest.drafting.groups import Group
from wholefamily.ingest.drafting.keys import Key
from wholefamily.ingest.drafting.sample import Sample
from wholefamily.vocabulary import load_vocabulary

_FORMAT_OPTIONS = {
    "csv": ("encoding", "delimiter", "quotechar", "header_row"),
    "excel": ("sheets", "header_row"),
    "json": ("records_path", "encoding"),
}


@dataclass(frozen=True)
class Outline:
    """Everything a draft says, each guess with why (see ``wholefamily.ingest.draft``)."""

    file: str
    source: str
    title: str
    agency: tuple[str, str]
    files: tuple[str, str]
    sample: Sample
    key: tuple[Key, str, str]  # record_key, why, what to check
    groups: list[Group]
    unread: list[tuple[str, str, list[str] | None]]  # column, what it holds, its date formats if dates
    notes: list[str]


def render(outline: Outline) -> str:
    lines = [
        f"# Draft source config for {_one_line(outline.file)}, written by `wholefamily sources draft` on "
        f"{dt.date.today():%Y-%m-%d}.",
        "# Each guess says what it is based on; 'check:' marks what to look at. No value from the file is",
        "# copied here except short code lists. The source id and the people group names are part of every",
        "# person's key: choose them for good. Then fill in the events (or leave them out) and run",
        f"#   wholefamily sources check {outline.source}    (a dry run: what ingest would read and quarantine)",
        f"#   wholefamily ingest --source {outline.source}",
        "",
        "# from the file name: choose the id for good",
        f"source: {flow(outline.source)}",
        f"title: {flow(outline.title)}",
        *_comment(outline.agency[1]),
        f"agency: {flow(outline.agency[0])}",
        *_comment(outline.files[1]),
        f"files: {flow(outline.files[0])}",
        "format:",
        f"  type: {outline.sample.format.type}",
    ]
    for option in _FORMAT_OPTIONS[outline.sample.format.type]:
        lines += _comment(outline.sample.reasons.get(option, ""), indent=2)
        lines.append(f"  {option}: {flow(getattr(outline.sample.format, option))}")
    key, why, check = outline.key
    lines += _comment(why, f"check: {check}")
    lines.append(f"record_key: {flow(key)}")
    lines.append("people:")
    for group in outline.groups:
        lines += _group(group)
    if outline.unread or outline.notes:
        lines += ["", "# Not read (columns that are no person's field: some may be event dates and values):"]
        lines += [f"#   {_one_line(column)}: {_one_line(what)}" for column, what, _ in outline.unread]
        lines += [f"#   {_one_line(note)}" for note in outline.notes]
    lines += ["", *_events_template(outline.unread)]
    return "\n".join(lines) + "\n"


class _OneLine(yaml.SafeDumper):
    """Strings with line breaks or tabs in double quotes ("\\n"), so that every value stays on its line."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\n\r\t") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_OneLine.add_representer(str, _string)


def flow(value: Any) -> str:
    """A value as YAML on one line (quoted where YAML needs it)."""
    text = yaml.dump(
        value, Dumper=_OneLine, default_flow_style=True, allow_unicode=True, width=1 << 30, sort_keys=False
    )
    return text.removesuffix("\n...\n").removesuffix("\n")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _comment(why: str, check: str = "", indent: int = 0) -> list[str]:
    pad = " " * indent
    return [f"{pad}# {_one_line(text)}" for text in (why, check) if text]


def _group(group: Group) -> list[str]:
    if group.origin == "cell" and group.cell is not None:
        where = [
            "    from: cell",
            f"    cell: {flow({'column': group.cell.column, 'separator': group.cell.separator, 'pattern': group.cell.pattern})}",
        ]
        why = group.cell.why
    elif group.origin == "nested":
        where = ["    from: nested", f"    path: {flow(group.path)}"]
        why = f"people in the array {group.path!r} of each record"
    else:
        where = []
        why = "people on the row: " + ", ".join(g.column for g in group.fields.values())
    lines = [
        *_comment(
            why, "check: the group's name (pupil, tenant, occupant, ...) is part of every key", indent=2
        ),
        f"  - name: {flow(group.name)}",
        *where,
        "    fields:",
    ]
    for name in PERSON_FIELDS:
        guess = group.fields.get(name)
        if guess is not None:
            lines += _comment(guess.why, indent=6)
            lines += [f"      # check: {_one_line(c)}" for c in guess.checks]
            lines.append(f"      {name}: {flow(guess.spec)}")
    return lines


def _events_template(unread: list[tuple[str, str, list[str] | None]]) -> list[str]:
    vocabulary = load_vocabulary()
    lines = [
        "# events: what each record says happened, in the event vocabulary's kinds",
        "# (src/wholefamily/data/event_vocabulary.yaml). Fill in one per kind the file holds and remove the",
        "# '# ' before its lines, or leave them out: a source may have no events. The kinds, with their values",
        "# (a kind with a period has an end_date too):",
    ]
    for kind in vocabulary.kinds.values():
        period = " (period)" if kind.period else ""
        lines.append(f"#   {kind.name}{period}: {', '.join(kind.fields)}")
    lines += [
        "# A file with no date of its own can date its events by the delivery: date: {delivery_date: true}.",
        "# An event only some records hold: when_present: COLUMN, or a condition, when: Notice = 'NSP'; a value",
        "# worked out from columns: {expression: ...} (docs/source-configs.md, expressions).",
    ]
    dates = [(column, formats) for column, _, formats in unread if formats]
    if dates:
        lines.append("# Date columns, as an event's date would read them:")
        lines += [f"#   date: {flow({'column': c, 'date_formats': formats})}" for c, formats in dates]
    return [
        *lines,
        "# events:",
        "#   - kind: KIND",
        "#     date: {column: COLUMN, date_formats: [FORMAT]}",
        "#     values:",
        "#       VALUE: {column: COLUMN}              # a code value maps the partner's codes: {map: {CODE: ours}}",
    ]
