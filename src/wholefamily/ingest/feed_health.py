"""Feed health: per partner source, the last delivery, its rows and their change from the delivery before, the
person fields that went empty, the expected frequency and who chases it, from what ingest recorded in the
warehouse (``run_files``, ``run_sources`` and ``mentions``). Nothing here imports the site: ``wholefamily
publish`` carries the figures into it, and the site asks ``feed_state`` whether a feed is overdue today.

- Rows of a delivery are those of its files (``run_files``, each file as the latest ingest run read it).
- A field *went empty* when it was filled in at least ``WAS_FILLED`` of the mentions of the delivery before
  and in at most ``NOW_EMPTY`` of the last one (fill rate dropped to about 0).
- The expected frequency (``expected_every_days``, 31 by default) and the owner role (``owner_role``) are read
  from the source's config as its latest ingest run used it (``run_sources.config_text``).
- A feed is ``overdue`` once ``expected_every_days`` have passed since its last delivery, ``due_soon`` within
  ``DUE_SOON_DAYS`` before that, else ``ok``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import duckdb
import yaml

from wholefamily.ingest.config import SourceConfig
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.sql import quote_ident
from wholefamily.warehouse.tables import PERSON_COLUMNS

DUE_SOON_DAYS = 7
WAS_FILLED = 0.05
NOW_EMPTY = 0.01
#: The person fields whose fill rate is watched (the role is the people group's, always set).
WATCHED_FIELDS = tuple(name for name in PERSON_COLUMNS if name != "role")

State = Literal["overdue", "due_soon", "ok"]


@dataclass(frozen=True)
class FeedHealth:
    source: str
    title: str
    agency: str
    owner_role: str
    expected_every_days: int
    last_delivery: dt.date
    rows: int
    previous_delivery: dt.date | None = None
    previous_rows: int | None = None
    fields_gone_empty: tuple[str, ...] = ()

    @property
    def due_on(self) -> dt.date:
        """The date the next delivery is expected by."""
        return self.last_delivery + dt.timedelta(days=self.expected_every_days)

    @property
    def rows_change(self) -> int | None:
        return None if self.previous_rows is None else self.rows - self.previous_rows


def feed_state(due_on: dt.date, today: dt.date) -> State:
    """Overdue once the expected date has passed, due soon within ``DUE_SOON_DAYS`` of it, else ok."""
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "ok"


def gone_empty(previous: dict[str, float], latest: dict[str, float]) -> tuple[str, ...]:
    """The fields filled in the delivery before (share of mentions) and about empty in the last one."""
    return tuple(
        sorted(f for f, share in previous.items() if share >= WAS_FILLED and latest.get(f, 0.0) <= NOW_EMPTY)
    )


def _config_value(text: str, name: str, default: Any = None) -> Any:
    """A setting of the source config as ingest used it (validated then), else its default."""
    loaded = yaml.safe_load(text) if text else None
    value = loaded.get(name) if isinstance(loaded, dict) else None
    if value is not None:
        return value
    return SourceConfig.model_fields[name].default if default is None else default


def read_feed_health(con: duckdb.DuckDBPyConnection) -> list[FeedHealth]:
    """Every source that ingest has delivered, by source id; empty before the first ingest."""
    if not {"run_files", "run_sources", "mentions"} <= published_tables(con):
        return []
    deliveries = con.execute(
        """
        WITH files AS (
            SELECT source, file, delivery_date, rows FROM main.run_files
            QUALIFY row_number() OVER (PARTITION BY source, file ORDER BY run_id DESC) = 1)
        SELECT source, delivery_date, rows FROM (
            SELECT source, delivery_date, sum(rows)::BIGINT AS rows FROM files GROUP BY source, delivery_date)
        QUALIFY row_number() OVER (PARTITION BY source ORDER BY delivery_date DESC) <= 2
        ORDER BY source, delivery_date DESC
        """
    ).fetchall()
    configs = dict(
        con.execute(
            """
            SELECT source, config_text FROM main.run_sources
            QUALIFY row_number() OVER (PARTITION BY source ORDER BY run_id DESC) = 1
            """
        ).fetchall()
    )
    fills = _fill_rates(con)
    by_source: dict[str, list[tuple[dt.date, int]]] = {}
    for source, delivered, rows in deliveries:
        by_source.setdefault(str(source), []).append((delivered, int(rows)))
    feeds = []
    for source, (latest, *before) in sorted(by_source.items()):
        text = str(configs.get(source) or "")
        previous = before[0] if before else None
        feeds.append(
            FeedHealth(
                source=source,
                title=str(_config_value(text, "title", source)),
                agency=str(_config_value(text, "agency", "")),
                owner_role=str(_config_value(text, "owner_role")),
                expected_every_days=int(_config_value(text, "expected_every_days")),
                last_delivery=latest[0],
                rows=latest[1],
                previous_delivery=previous[0] if previous else None,
                previous_rows=previous[1] if previous else None,
                fields_gone_empty=gone_empty(
                    fills.get((source, previous[0]), {}), fills.get((source, latest[0]), {})
                )
                if previous
                else (),
            )
        )
    return feeds


def _fill_rates(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, dt.date], dict[str, float]]:
    """Per source and delivery, the share of mentions with each watched field filled in."""
    # the fields are the person columns the registry declares for `mentions`, so none can be missing
    counts = ", ".join(f"count({quote_ident(f)})" for f in WATCHED_FIELDS)
    rows = (
        con.table("main.mentions")
        .aggregate(f"source, delivery_date, count(*), {counts}", "source, delivery_date")
        .fetchall()
    )
    return {
        (str(source), delivered): {f: n / total for f, n in zip(WATCHED_FIELDS, filled, strict=True)}
        for source, delivered, total, *filled in rows
        if total
    }
