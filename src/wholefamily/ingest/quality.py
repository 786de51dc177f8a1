"""The data-quality figures of one source in one run, computed in SQL while its work tables exist."""

from __future__ import annotations

import dataclasses
from typing import Any

import duckdb

from wholefamily.ingest.duplicates import DUPLICATES
from wholefamily.ingest.load import SourceResult

SAMPLE_SIZE = 50


def source_quality(con: duckdb.DuckDBPyConnection, result: SourceResult, run_id: str) -> dict[str, Any]:
    config = result.config
    where = {"source": config.source, "run_id": run_id}
    return {
        "source": config.source,
        "title": config.title,
        "agency": config.agency,
        "run_id": run_id,
        "files": [
            {
                "file": f.relative,
                "delivery_date": f.delivery_date.isoformat(),
                "rows": f.rows,
                "sha256": f.sha256,
            }
            for f in result.files
        ],
        "reconciliation": {**dataclasses.asdict(result.counts), "equations": result.counts.reconciliation()},
        "balance": result.counts.balance_rows(),
        "fields": _rows(
            con,
            "WITH people AS (SELECT people_group, count(*) AS n FROM src_persons WHERE present GROUP BY ALL), "
            "filled AS (SELECT people_group, unnest(present_fields) AS field FROM src_persons WHERE present), "
            "bad AS (SELECT people_group, unnest(list_distinct(list_transform(problems, lambda x: x.field))) "
            "AS field FROM src_persons WHERE present), "
            "f AS (SELECT people_group, field, count(*) AS present FROM filled GROUP BY ALL), "
            "b AS (SELECT people_group, field, count(*) AS invalid FROM bad GROUP BY ALL) "
            "SELECT f.people_group, f.field, f.present, round(f.present / people.n, 4) AS share_present, "
            "f.present - coalesce(b.invalid, 0) AS valid, "
            "round((f.present - coalesce(b.invalid, 0)) / f.present, 4) AS share_valid "
            "FROM f JOIN people USING (people_group) LEFT JOIN b USING (people_group, field) "
            "ORDER BY f.people_group, f.field",
        ),
        "delivery_warnings": result.delivery_warnings(),
        "duplicates": {
            "exact_duplicate_records": result.counts.rows_duplicates_dropped,
            "exact_duplicate_sample": _rows(
                con,
                f"SELECT file, sheet, row_number, first_file, first_sheet, first_row FROM {DUPLICATES} "  # noqa: S608
                f"ORDER BY file, sheet, row_number LIMIT {SAMPLE_SIZE}",
            ),
            "repeated_record_keys": _one(
                con,
                "SELECT count(*) FROM src_rowinfo WHERE record_key IS NOT NULL AND "
                "list_contains(list_transform(problems, lambda x: x.field), 'record_key')",
            ),
        },
        "event_dates": _rows(
            con,
            "SELECT kind, count(*) AS events, min(event_date) AS first, max(event_date) AS last "
            "FROM stg_events WHERE source = $source AND run_id = $run_id GROUP BY kind ORDER BY kind",
            where,
        ),
        "quarantine_reasons": _rows(
            con,
            "SELECT field, reason, count(*) AS count FROM stg_quarantine WHERE source = $source AND run_id = $run_id "
            "GROUP BY ALL ORDER BY count DESC, field",
            where,
        ),
        "quarantine_sample": _rows(
            con,
            f"SELECT file, sheet, row_number, people_group, person_index, field, reason, raw_value "  # noqa: S608
            f"FROM stg_quarantine WHERE source = $source AND run_id = $run_id "
            f"ORDER BY file, sheet, row_number, people_group NULLS FIRST, person_index LIMIT {SAMPLE_SIZE}",
            where,
        ),
        "warnings_by_field": _rows(
            con,
            "SELECT field, reason, count(*) AS count FROM stg_field_warnings WHERE source = $source "
            "AND run_id = $run_id GROUP BY ALL ORDER BY count DESC, field",
            where,
        ),
    }


def empty_quality(result: SourceResult, run_id: str) -> dict[str, Any]:
    """The figures of a source with nothing loaded (every delivery refused), in the same shape."""
    config = result.config
    return {
        "source": config.source,
        "title": config.title,
        "agency": config.agency,
        "run_id": run_id,
        "files": [],
        "reconciliation": {**dataclasses.asdict(result.counts), "equations": result.counts.reconciliation()},
        "balance": result.counts.balance_rows(),
        "fields": [],
        "delivery_warnings": [],
        "duplicates": {"exact_duplicate_records": 0, "exact_duplicate_sample": [], "repeated_record_keys": 0},
        "event_dates": [],
        "quarantine_reasons": [],
        "quarantine_sample": [],
        "warnings_by_field": [],
    }


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [
        {n: (v.isoformat() if hasattr(v, "isoformat") else v) for n, v in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0
