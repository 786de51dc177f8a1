"""One ingest run: every selected source read, checked and staged, then published at once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow
import yaml

from wholefamily import __version__
from wholefamily.ingest.config import ConfigError, SourceConfig, load_source_configs
from wholefamily.ingest.deliveries import Delivery, find_deliveries
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.load import SourceResult, drop_source_tables, load_source
from wholefamily.ingest.normalise import register_macros
from wholefamily.ingest.quality import source_quality
from wholefamily.ingest.report import write_reports
from wholefamily.ingest.staging import canonical_tables, carry_over, create_staging, drop_staging, staged
from wholefamily.vocabulary import load_vocabulary
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, new_run_id, utc_now
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class RunResult:
    run_id: str
    sources: list[SourceResult]
    report_index: Path


@dataclass(frozen=True)
class Progress:
    """Callbacks for a progress display: a source starts (with its files), a file has been read."""

    source_started: Callable[[SourceConfig, list[Delivery]], None] = lambda config, deliveries: None
    file_read: Callable[[Delivery], None] = lambda delivery: None


def run_ingest(
    workspace: Workspace,
    as_of: dt.date | None = None,
    only: Sequence[str] = (),
    progress: Progress | None = None,
) -> RunResult:
    """Ingest the workspace's sources (all, or ``only``) from deliveries up to ``as_of``; publish atomically.

    Every file is found and dated before the warehouse is opened; a warehouse file created by a run that
    then fails is removed again, so a failed first run leaves no empty warehouse behind.
    """
    started = utc_now()
    configs, texts = _configs(workspace, only)
    plan = [(c, find_deliveries(workspace.root, c, as_of)) for c in configs]
    vocab = load_vocabulary()
    run_id = new_run_id()
    fresh = not workspace.warehouse.exists()
    con = open_warehouse(workspace.warehouse, create=True)
    published = False
    try:
        register_macros(con)
        create_staging(con)
        results, qualities = _stage(con, plan, run_id, progress or Progress())
        run_row: dict[str, object] = {
            "run_id": run_id,
            "started_at": started,
            "finished_at": utc_now(),
            "status": "published",
            "as_of": as_of,
            "sources": [c.source for c in configs],
            "wholefamily_version": __version__,
            "duckdb_version": duckdb.__version__,
            "pyarrow_version": pyarrow.__version__,
            "vocabulary_version": vocab.version,
        }
        carried = carry_over(con, [c.source for c in configs]) if only else []
        try:
            publish_run(
                con,
                StepRun(run_id, "ingest", started, as_of, [r for r in carried if r != run_id]),
                replace={name: staged(name) for name in canonical_tables()},
                rows={
                    "runs": [run_row],
                    "run_sources": _source_rows(run_id, results, texts),
                    "run_files": _file_rows(run_id, results),
                },
            )
        except duckdb.Error as exc:
            raise IngestError(
                f"{workspace.warehouse}: the run could not be published and nothing was changed "
                f"({str(exc).splitlines()[0]})"
            ) from exc
        published = True
    finally:
        try:
            drop_staging(con)
        finally:
            con.close()
            if fresh and not published:
                for leftover in (
                    workspace.warehouse,
                    workspace.warehouse.with_name(workspace.warehouse.name + ".wal"),
                ):
                    leftover.unlink(missing_ok=True)
    index = write_reports(workspace.reports / run_id, run_row, qualities)
    return RunResult(run_id, results, index)


def _stage(
    con: duckdb.DuckDBPyConnection,
    plan: list[tuple[SourceConfig, list[Delivery]]],
    run_id: str,
    progress: Progress,
) -> tuple[list[SourceResult], list[dict[str, Any]]]:
    """Load every source into the staging tables, with its data-quality figures; one source at a time."""
    vocab = load_vocabulary()
    results: list[SourceResult] = []
    qualities: list[dict[str, Any]] = []
    for config, deliveries in plan:
        progress.source_started(config, deliveries)
        try:
            result = load_source(con, config, deliveries, run_id, vocab, progress.file_read)
            results.append(result)
            qualities.append(source_quality(con, result, run_id))
        finally:
            drop_source_tables(con, config)
    return results, qualities


def _configs(
    workspace: Workspace, only: Sequence[str]
) -> tuple[list[SourceConfig], dict[str, tuple[str, str]]]:
    """The selected configs, and for each its file name and text (kept with the run)."""
    try:
        configs = load_source_configs(workspace.sources)
    except ConfigError as exc:
        raise IngestError(str(exc)) from exc
    texts: dict[str, tuple[str, str]] = {}
    for path in sorted(workspace.sources.glob("*.yaml")) + sorted(workspace.sources.glob("*.yml")):
        text = path.read_text("utf-8")
        texts[str(yaml.safe_load(text)["source"])] = (path.name, text)
    unknown = sorted(set(only) - {c.source for c in configs})
    if unknown:
        known = ", ".join(c.source for c in configs)
        raise IngestError(f"unknown source {', '.join(map(repr, unknown))} (sources: {known})")
    return [c for c in configs if not only or c.source in only], texts


def _source_rows(
    run_id: str, results: list[SourceResult], texts: dict[str, tuple[str, str]]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for result in results:
        name, text = texts[result.config.source]
        rows.append(
            {
                "run_id": run_id,
                "source": result.config.source,
                "config_file": name,
                "config_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "config_text": text,
                **vars(result.counts),
                "reconciliation": result.counts.reconciliation(),
            }
        )
    return rows


def _file_rows(run_id: str, results: list[SourceResult]) -> list[dict[str, object]]:
    return [
        {
            "run_id": run_id,
            "source": r.config.source,
            "file": f.relative,
            "sha256": f.sha256,
            "delivery_date": f.delivery_date,
            "rows": f.rows,
        }
        for r in results
        for f in r.files
    ]
