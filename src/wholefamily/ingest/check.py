"""``wholefamily sources check``: a dry run of ingest on one source's files, publishing nothing.

The source is loaded exactly as ``wholefamily ingest`` loads it (``run.staged_source``), into an in-memory
database, so the figures are the ones a real run would give: the people of the first rows as parsed, fill
rates, what would be quarantined and warned, and the reconciliation. Identifiers are masked but for their
last three characters.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import yaml

from wholefamily.ingest.config import SourceConfig, load_source_config
from wholefamily.ingest.deliveries import Delivery, find_deliveries
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.fields import ROW_ID
from wholefamily.ingest.load import Counts, LoadedFile
from wholefamily.ingest.normalise import register_macros
from wholefamily.ingest.run import staged_source
from wholefamily.ingest.staging import create_staging
from wholefamily.warehouse.connection import scratch
from wholefamily.warehouse.sql import quote_ident
from wholefamily.warehouse.tables import PERSON_COLUMNS
from wholefamily.workspace import Workspace

#: Rows whose people are shown as parsed.
SHOWN_ROWS = 10
MASKED = ("nhs_number", "upn", "ni_number", "local_id")
_RUN_ID = "dry-run"


@dataclass(frozen=True)
class ParsedPerson:
    """One person read from a row, with their fields as ingest normalises them (identifiers masked)."""

    file: str
    sheet: str | None
    row_number: int
    people_group: str
    person_index: int
    accepted: bool
    fields: dict[str, Any]  # the canonical fields that have a value


@dataclass(frozen=True)
class EventFill:
    kind: str
    events: int
    filled: dict[str, float]  # end date or value -> share of the events that have it


@dataclass(frozen=True)
class CheckResult:
    config: SourceConfig
    counts: Counts
    files: list[LoadedFile]
    people: list[ParsedPerson]
    fill: list[dict[str, Any]]  # per people group and field: present, share present, valid, share valid
    events: list[EventFill]
    quarantine: list[dict[str, Any]]  # field, reason, count
    warnings: list[dict[str, Any]]  # field, reason, count
    delivery_warnings: list[str]  # about the files themselves (one with no rows)


def check_source(
    config: SourceConfig, deliveries: list[Delivery], rows: int | None = SHOWN_ROWS
) -> CheckResult:
    """Load the deliveries as ingest would, in memory; the people of the first ``rows`` rows (None: all)."""
    con = scratch()
    try:
        register_macros(con)
        create_staging(con)
        with staged_source(con, config, deliveries, _RUN_ID) as (result, quality):
            people = _people(con, config, rows)
            events = _event_fill(con, config)
        return CheckResult(
            config,
            result.counts,
            result.files,
            people,
            quality["fields"],
            events,
            quality["quarantine_reasons"],
            quality["warnings_by_field"],
            result.delivery_warnings(),
        )
    finally:
        con.close()


def find_config(workspace: Workspace, source: str) -> SourceConfig:
    """The config named by ``source``: a path to a YAML file, or the id of one in the workspace's sources/."""
    path = Path(source)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return load_source_config(path)
    for candidate in sorted(workspace.sources.glob("*.yaml")) + sorted(workspace.sources.glob("*.yml")):
        try:
            raw = yaml.safe_load(candidate.read_text("utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(raw, dict) and raw.get("source") == source:
            return load_source_config(candidate)
    raise IngestError(f"no source config with source: {source} in {workspace.sources}")


def deliveries_to_check(workspace: Workspace, config: SourceConfig, file: Path | None) -> list[Delivery]:
    """The source's deliveries, or the one file given, dated from its path (else today)."""
    if file is None:
        return find_deliveries(workspace.root, config, None)
    if not file.is_file():
        raise IngestError(f"{file}: no such file")
    try:
        relative = file.resolve().relative_to(workspace.root.resolve()).as_posix()
    except ValueError:
        relative = str(file)
    found = re.search(config.delivery_date_pattern, relative)
    try:
        date = dt.date.fromisoformat(found.group(1)) if found else dt.date.today()
    except ValueError:
        date = dt.date.today()
    return [Delivery(file, relative, date)]


def mask(value: Any) -> Any:
    """An identifier with all but its last three characters hidden."""
    text = str(value)
    return "*" * max(len(text) - 3, 3) + text[-3:] if len(text) > 3 else "***"


def _people(con: duckdb.DuckDBPyConnection, config: SourceConfig, rows: int | None) -> list[ParsedPerson]:
    columns = ", ".join(f"p.{quote_ident(c)}" for c in PERSON_COLUMNS)
    first = "" if rows is None else f"AND p.{ROW_ID} < {int(rows)}"
    found = con.execute(
        f"SELECT ri.file, ri.sheet, ri.row_number, p.people_group, p.person_index, m.{ROW_ID} IS NOT NULL, "  # noqa: S608
        f"{columns} FROM src_persons p JOIN src_rowinfo ri ON ri.{ROW_ID} = p.{ROW_ID} "
        f"LEFT JOIN src_mentions m ON m.{ROW_ID} = p.{ROW_ID} AND m.people_group = p.people_group "
        f"AND m.person_index = p.person_index WHERE p.present {first} "
        f"ORDER BY p.{ROW_ID}, list_position($groups, p.people_group), p.person_index",
        {"groups": [g.name for g in config.people]},
    ).fetchall()
    people = []
    for file, sheet, row_number, group, index, accepted, *values in found:
        fields = {
            name: mask(value) if name in MASKED else value
            for name, value in zip(PERSON_COLUMNS, values, strict=True)
            if value is not None
        }
        people.append(ParsedPerson(file, sheet, row_number, group, index, accepted, fields))
    return people


def _event_fill(con: duckdb.DuckDBPyConnection, config: SourceConfig) -> list[EventFill]:
    """Per event kind of the config: how many events, and the share of them with each value it sets."""
    configured: dict[str, list[str]] = {}
    for event in config.events:
        names = configured.setdefault(event.kind, [])
        names += [n for n in (["end_date"] if event.end_date else []) + list(event.values) if n not in names]
    fills = []
    for kind, names in configured.items():
        counts = "".join(f", count({quote_ident(n)})" for n in names)
        total, *filled = con.execute(
            f"SELECT count(*){counts} FROM stg_events WHERE kind = $kind",  # noqa: S608
            {"kind": kind},
        ).fetchall()[0]
        shares = {n: f / total if total else 0.0 for n, f in zip(names, filled, strict=True)}
        fills.append(EventFill(kind, total, shares))
    return fills
