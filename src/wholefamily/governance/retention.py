"""Retention: how long each kind of record is kept (``governance/retention.yaml``), what would go, and going.

Three kinds of record, each kept for ``keep_days`` counted back from the day retention runs:

* ``partner_deliveries``: a delivery's rows in the warehouse (``mentions``, ``events``, ``quarantine``,
  ``field_warnings``, ``duplicate_rows``) and the delivered file itself in ``extracts/``, by delivery
  date; a rule may name one ``source`` to override the general rule for it. The file goes too, or the
  next ingest would read the rows back. A person link (``person_mentions``) goes when no delivery of its
  mention is left.
* ``reports``: the data-quality report folders ``reports/<run id>/``, by when the run finished.
* ``returns``: the quarterly returns ``returns/<period>/``, by the end of the period.
* ``subject_access_packs``: the packs ``governance/subject-access/<person>/``, by when the pack was last
  written (a request answered is closed well within the period).

The casework site's kinds (``closed_cases``, ``documents``, ``audit_entries``, ``exports``) are rules of the
same file, applied by the site (``wholefamily.web.governance.retention``); the pipeline never opens its
database.

A dry run lists what would go, per table and source. A run removes it in one transaction and appends to
``retention_log`` how many rows of each table, source and delivery went and each file or folder deleted
(counts, never values), so ``reconcile`` can still show that what ingest accepted is what is held plus
what retention removed. The run also writes ``governance/retention-runs/<run id>.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wholefamily.governance.errors import GovernanceError, field_problems
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, new_run_id, utc_now
from wholefamily.warehouse.sql import quote_ident
from wholefamily.workspace import Workspace

Records = Literal[
    "partner_deliveries",
    "reports",
    "returns",
    "subject_access_packs",
    "closed_cases",
    "documents",
    "audit_entries",
    "exports",
]
#: The kinds of record kept as folders, removed whole.
FOLDERS = ("reports", "returns", "subject_access_packs")
#: The warehouse tables holding a delivery's rows (each has source and delivery_date).
DELIVERY_TABLES = ("mentions", "events", "quarantine", "field_warnings", "duplicate_rows")
_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    records: Records
    source: str | None = None
    keep_days: int = Field(ge=1)
    why: str = ""

    @model_validator(mode="after")
    def _source_only_for_deliveries(self) -> Rule:
        if self.source is not None and self.records != "partner_deliveries":
            raise ValueError("source applies to partner_deliveries rules only")
        return self

    def describe(self) -> str:
        of = f" of {self.source}" if self.source else ""
        return f"{self.records}{of}: keep {self.keep_days} days"


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_rule_each(self) -> Rules:
        seen: set[tuple[str, str | None]] = set()
        for rule in self.rules:
            key = (rule.records, rule.source)
            if key in seen:
                raise ValueError(f"two rules for {rule.records}{' of ' + rule.source if rule.source else ''}")
            seen.add(key)
        return self

    def for_records(self, records: Records, source: str | None = None) -> Rule | None:
        """The source's own rule, else the general rule for the kind of record (None: kept)."""
        found = {(r.records, r.source): r for r in self.rules}
        return found.get((records, source)) or found.get((records, None))


@dataclass(frozen=True)
class Removal:
    """One line of the plan: rows of a table (source and delivery), or one file or folder."""

    records: str
    target: str
    source: str | None
    delivery_date: dt.date | None
    rows: int
    rule: str


def load_rules(path: Path) -> Rules:
    if not path.is_file():
        raise GovernanceError(
            f"{path}: no retention rules; write them first (docs/information-governance.md)"
        )
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GovernanceError(f"{path}: cannot read the retention rules: {exc}") from exc
    try:
        return Rules.model_validate(raw if isinstance(raw, dict) else {"rules": raw})
    except ValidationError as exc:
        raise GovernanceError(f"{path}: invalid retention rules\n{field_problems(exc)}") from exc


def plan_removals(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, rules: Rules, as_of: dt.date
) -> list[Removal]:
    """Everything past its retention on ``as_of``: warehouse rows, delivered files, reports and returns."""
    return [
        *_delivery_removals(con, workspace, rules, as_of),
        *_report_removals(con, workspace, rules, as_of),
        *_return_removals(workspace, rules, as_of),
        *_pack_removals(workspace, rules, as_of),
    ]


def _cutoff(rule: Rule, as_of: dt.date) -> dt.date:
    """Records dated before this day have passed their retention."""
    return as_of - dt.timedelta(days=rule.keep_days)


def _delivery_removals(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, rules: Rules, as_of: dt.date
) -> list[Removal]:
    present = published_tables(con)
    if "mentions" not in present:
        return []
    removals: list[Removal] = []
    deliveries = con.execute(  # every table of a delivery is published by the same ingest run
        "SELECT DISTINCT source, delivery_date FROM main.run_files UNION "
        "SELECT DISTINCT source, delivery_date FROM main.mentions UNION "
        "SELECT DISTINCT source, delivery_date FROM main.quarantine ORDER BY source, delivery_date"
    ).fetchall()
    for source, delivery_date in deliveries:
        rule = rules.for_records("partner_deliveries", source)
        if rule is None or delivery_date >= _cutoff(rule, as_of):
            continue
        for name in DELIVERY_TABLES:
            if name not in present:
                continue
            row = con.execute(
                f"SELECT count(*) FROM main.{quote_ident(name)} WHERE source = ? AND delivery_date = ?",  # noqa: S608
                [source, delivery_date],
            ).fetchone()
            rows = int(row[0]) if row else 0
            if rows:
                removals.append(
                    Removal("partner_deliveries", name, source, delivery_date, rows, rule.describe())
                )
        for file, file_rows in con.execute(
            "SELECT file, max(rows) FROM main.run_files WHERE source = ? AND delivery_date = ? GROUP BY file "
            "ORDER BY file",
            [source, delivery_date],
        ).fetchall():
            if (workspace.root / file).is_file():
                removals.append(
                    Removal(
                        "partner_deliveries", file, source, delivery_date, int(file_rows), rule.describe()
                    )
                )
    return removals


def _report_removals(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, rules: Rules, as_of: dt.date
) -> list[Removal]:
    rule = rules.for_records("reports")
    if rule is None or "step_runs" not in published_tables(con) or not workspace.reports.is_dir():
        return []
    finished = {
        str(r[0]): r[1].date()
        for r in con.execute("SELECT run_id, finished_at FROM main.step_runs").fetchall()
    }
    return [
        Removal("reports", folder.relative_to(workspace.root).as_posix(), None, None, 0, rule.describe())
        for folder in sorted(workspace.reports.iterdir())
        if folder.is_dir() and folder.name in finished and finished[folder.name] < _cutoff(rule, as_of)
    ]


def _return_removals(workspace: Workspace, rules: Rules, as_of: dt.date) -> list[Removal]:
    rule = rules.for_records("returns")
    if rule is None or not workspace.returns.is_dir():
        return []
    removals = []
    for folder in sorted(workspace.returns.iterdir()):
        match = _PERIOD.match(folder.name)
        if folder.is_dir() and match:
            year, quarter = int(match.group(1)), int(match.group(2))
            period_end = dt.date(year + quarter // 4, quarter * 3 % 12 + 1, 1) - dt.timedelta(days=1)
            if period_end < _cutoff(rule, as_of):
                removals.append(
                    Removal(
                        "returns",
                        folder.relative_to(workspace.root).as_posix(),
                        None,
                        None,
                        0,
                        rule.describe(),
                    )
                )
    return removals


def _pack_removals(workspace: Workspace, rules: Rules, as_of: dt.date) -> list[Removal]:
    rule = rules.for_records("subject_access_packs")
    folder = workspace.governance / "subject-access"
    if rule is None or not folder.is_dir():
        return []
    removals = []
    for pack in sorted(p for p in folder.iterdir() if p.is_dir()):
        written = max(
            (f.stat().st_mtime for f in pack.rglob("*") if f.is_file()), default=pack.stat().st_mtime
        )
        if dt.datetime.fromtimestamp(written, dt.UTC).date() < _cutoff(rule, as_of):
            target = pack.relative_to(workspace.root).as_posix()
            removals.append(Removal("subject_access_packs", target, None, None, 0, rule.describe()))
    return removals


def apply_removals(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, removals: Sequence[Removal], as_of: dt.date
) -> str:
    """Remove the planned rows in one published run with its ``retention_log``, then the files and folders;
    returns the run id. The log is written before the files go, so a file deleted is never unrecorded."""
    run_id, started = new_run_id(), utc_now()
    rows = [r for r in removals if r.records == "partner_deliveries" and r.target in DELIVERY_TABLES]
    replace: dict[str, str] = {}
    if rows:
        expired = sorted({(r.source, r.delivery_date) for r in rows}, key=str)
        con.execute("CREATE OR REPLACE TEMP TABLE ret_expired (source VARCHAR, delivery_date DATE)")
        con.executemany("INSERT INTO ret_expired VALUES (?, ?)", [list(e) for e in expired])
        for name in {r.target for r in rows}:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {quote_ident('ret_' + name)} AS SELECT * FROM main.{quote_ident(name)} "  # noqa: S608
                f"t ANTI JOIN ret_expired x ON x.source = t.source AND x.delivery_date = t.delivery_date"
            )
            replace[name] = f"ret_{name}"
        if "person_mentions" in published_tables(con):
            con.execute(
                "CREATE OR REPLACE TEMP TABLE ret_person_mentions AS SELECT * FROM main.person_mentions p "
                "WHERE p.mention_key IN (SELECT mention_key FROM ret_mentions)"
                if "mentions" in replace
                else "CREATE OR REPLACE TEMP TABLE ret_person_mentions AS SELECT * FROM main.person_mentions"
            )
            replace["person_mentions"] = "ret_person_mentions"
    applied = utc_now()
    log = [{"run_id": run_id, "applied_at": applied, "as_of": as_of, **asdict(r)} for r in removals]
    linked_gone = _count_gone(con, "person_mentions", replace)
    if linked_gone:
        log.append(
            {
                "run_id": run_id,
                "applied_at": applied,
                "as_of": as_of,
                "records": "partner_deliveries",
                "target": "person_mentions",
                "source": None,
                "delivery_date": None,
                "rows": linked_gone,
                "rule": "a person link goes with the last delivery of its mention",
            }
        )
    try:
        publish_run(
            con, StepRun(run_id, "retention", started, as_of), replace=replace, rows={"retention_log": log}
        )
    finally:
        for staged in replace.values():
            con.execute(f"DROP TABLE IF EXISTS temp.{quote_ident(staged)}")
        con.execute("DROP TABLE IF EXISTS temp.ret_expired")
    for removal in removals:
        path = workspace.root / removal.target
        if removal.records == "partner_deliveries" and removal.target not in DELIVERY_TABLES:
            path.unlink(missing_ok=True)
        elif removal.records in FOLDERS and path.is_dir():
            shutil.rmtree(path)
    record = workspace.governance / "retention-runs" / f"{run_id}.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(log, indent=2, default=str), "utf-8")
    return run_id


def _count_gone(con: duckdb.DuckDBPyConnection, name: str, replace: dict[str, str]) -> int:
    if name not in replace:
        return 0
    row = con.execute(
        f"SELECT (SELECT count(*) FROM main.{quote_ident(name)}) - (SELECT count(*) FROM temp.{quote_ident(replace[name])})"  # noqa: S608
    ).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class Reconciliation:
    """Per source, for its latest ingest run: accepted = held now + removed by retention since."""

    source: str
    what: str
    accepted: int
    held: int
    removed: int

    def holds(self) -> bool:
        return self.accepted == self.held + self.removed


def reconcile(con: duckdb.DuckDBPyConnection) -> list[Reconciliation]:
    """Mentions and events accepted by each source's latest ingest run against those held now plus those
    retention removed after that run (``retention_log``)."""
    present = published_tables(con)
    if "run_sources" not in present:
        return []
    latest = con.execute(
        "WITH latest AS (SELECT s.source, max(r.finished_at) AS finished_at FROM main.run_sources s "
        "JOIN main.step_runs r ON r.run_id = s.run_id GROUP BY s.source) "
        "SELECT s.source, latest.finished_at, s.mentions_accepted, s.events, "
        "(SELECT count(*) FROM main.mentions m WHERE m.source = s.source), "
        "(SELECT count(*) FROM main.events e WHERE e.source = s.source) "
        "FROM main.run_sources s JOIN main.step_runs r ON r.run_id = s.run_id "
        "JOIN latest ON latest.source = s.source AND latest.finished_at = r.finished_at ORDER BY s.source"
    ).fetchall()
    logged = (
        con.execute(
            "SELECT l.source, l.target, r.finished_at, l.rows FROM main.retention_log l "
            "JOIN main.step_runs r ON r.run_id = l.run_id WHERE l.target IN ('mentions', 'events')"
        ).fetchall()
        if "retention_log" in present
        else []
    )

    def removed(source: str, target: str, since: dt.datetime) -> int:
        return sum(int(n) for s, t, at, n in logged if s == source and t == target and at >= since)

    return [
        Reconciliation(str(source), what, int(accepted), int(held), removed(source, what, since))
        for source, since, mentions_accepted, events, mentions_held, events_held in latest
        for what, accepted, held in (
            ("mentions", mentions_accepted, mentions_held),
            ("events", events, events_held),
        )
    ]
