"""One ingest run: every selected source read, checked and staged, then published at once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow
import yaml

from wholefamily import __version__
from wholefamily.governance.agreements import Register, load_register
from wholefamily.governance.errors import GovernanceError
from wholefamily.ingest.agreements import Screened, screen_deliveries
from wholefamily.ingest.config import ConfigError, SourceConfig, load_source_configs
from wholefamily.ingest.deliveries import Delivery, find_deliveries
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.load import Counts, SourceResult, drop_source_tables, load_source
from wholefamily.ingest.normalise import register_macros
from wholefamily.ingest.quality import empty_quality, source_quality
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
    register = _register(workspace)
    plan = [(c, screen_deliveries(register, c, find_deliveries(workspace.root, c, as_of))) for c in configs]
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


def _register(workspace: Workspace) -> Register | None:
    try:
        return load_register(workspace.agreements)
    except GovernanceError as exc:
        raise IngestError(str(exc)) from exc


def _stage(
    con: duckdb.DuckDBPyConnection,
    plan: list[tuple[SourceConfig, Screened]],
    run_id: str,
    progress: Progress,
) -> tuple[list[SourceResult], list[dict[str, Any]]]:
    """Load every source's admitted deliveries into the staging tables, with its data-quality figures and
    what the sharing agreements said; one source at a time."""
    results: list[SourceResult] = []
    qualities: list[dict[str, Any]] = []
    for config, screened in plan:
        progress.source_started(config, screened.admitted)
        result, quality = _load_admitted(con, config, screened, run_id, progress)
        result.counts.rows_refused = sum(r.rows for r in screened.refused)
        result.agreement_warnings = screened.warnings
        quality["reconciliation"].update(rows_refused=result.counts.rows_refused)
        quality["reconciliation"]["equations"] = result.counts.reconciliation()
        quality["agreements"] = {
            "warnings": screened.warnings,
            "refused": [{**vars(r), "delivery_date": r.delivery_date.isoformat()} for r in screened.refused],
        }
        results.append(result)
        qualities.append(quality)
    return results, qualities


def _load_admitted(
    con: duckdb.DuckDBPyConnection, config: SourceConfig, screened: Screened, run_id: str, progress: Progress
) -> tuple[SourceResult, dict[str, Any]]:
    """The source's admitted deliveries staged, with its figures (none to load when all were refused)."""
    if not screened.admitted:
        empty = SourceResult(config, Counts())
        return empty, empty_quality(empty, run_id)
    with staged_source(con, config, screened.admitted, run_id, progress.file_read) as (result, quality):
        return result, quality


@contextmanager
def staged_source(
    con: duckdb.DuckDBPyConnection,
    config: SourceConfig,
    deliveries: list[Delivery],
    run_id: str,
    on_file: Callable[[Delivery], None] = lambda delivery: None,
) -> Iterator[tuple[SourceResult, dict[str, Any]]]:
    """Load one source into the staging tables (``create_staging`` first), with its data-quality figures.

    The source's work tables (``src_*``: its rows, people, mentions) are there until the block ends.
    """
    try:
        result = load_source(con, config, deliveries, run_id, load_vocabulary(), on_file)
        yield result, source_quality(con, result, run_id)
    finally:
        drop_source_tables(con, config)


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
