"""Data-quality reports: ``reports/<run_id>/<source>.json`` and ``.html``, and an ``index.html``.

The HTML is self-contained (inline CSS, no JavaScript) so a data manager can send it to the partner.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

_CSS = """
body{font-family:Arial,Helvetica,sans-serif;margin:2em;color:#0b0c0c;max-width:75em}
h1{font-size:1.8em}h2{font-size:1.3em;margin-top:1.6em;border-bottom:2px solid #b1b4b6}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border-bottom:1px solid #b1b4b6;padding:.3em .7em;
text-align:left;vertical-align:top}th{background:#f3f2f1}td.n{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#00703c;font-weight:bold}.bad{color:#d4351c;font-weight:bold}.muted{color:#505a5f}
"""


_PLAIN_NUMBERS = ("row_number", "person_index")


def write_reports(directory: Path, run: dict[str, Any], sources: list[dict[str, Any]]) -> Path:
    """Write every source's JSON and HTML report and the run's index; returns the index path."""
    directory.mkdir(parents=True, exist_ok=True)
    for quality in sources:
        name = quality["source"]
        (directory / f"{name}.json").write_text(json.dumps(quality, indent=2, default=str), "utf-8")
        (directory / f"{name}.html").write_text(source_html(quality), "utf-8")
    index = directory / "index.html"
    index.write_text(index_html(run, sources), "utf-8")
    return index


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_CSS}</style></head><body>{body}</body></html>\n"
    )


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _, label in columns)
    body = "".join("<tr>" + "".join(_cell(row.get(key), key) for key, _ in columns) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any, key: str) -> str:
    if isinstance(value, float):
        return f'<td class="n">{value:.1%}</td>'
    if isinstance(value, int):
        return f'<td class="n">{value if key in _PLAIN_NUMBERS else format(value, ",")}</td>'
    return f"<td>{escape('' if value is None else str(value))}</td>"


def _reconciliation(counts: dict[str, int]) -> str:
    rows_ok = counts["rows_read"] == counts["rows_accepted"] + counts["rows_quarantined"]
    mentions_ok = counts["mentions_read"] == counts["mentions_accepted"] + counts["mentions_quarantined"]
    rows = [
        {
            "what": "Rows (records)",
            "read": counts["rows_read"],
            "accepted": counts["rows_accepted"],
            "quarantined": counts["rows_quarantined"],
            "check": "balances" if rows_ok else "DOES NOT BALANCE",
        },
        {
            "what": "People mentioned",
            "read": counts["mentions_read"],
            "accepted": counts["mentions_accepted"],
            "quarantined": counts["mentions_quarantined"],
            "check": "balances" if mentions_ok else "DOES NOT BALANCE",
        },
    ]
    table = _table(
        rows,
        [
            ("what", ""),
            ("read", "Read"),
            ("accepted", "Accepted"),
            ("quarantined", "Quarantined"),
            ("check", "Read = accepted + quarantined"),
        ],
        "",
    )
    return table + (
        f"<p>{counts['events']:,} events loaded; {counts['warnings']:,} values blanked with a warning "
        "(the record was kept).</p>"
    )


def source_html(q: dict[str, Any]) -> str:
    dup = q["duplicates"]
    body = [
        f"<h1>Data quality: {escape(q['title'])}</h1>",
        f"<p>Source <code>{escape(q['source'])}</code> from {escape(q['agency'])}; run "
        f"<code>{escape(q['run_id'])}</code>.</p>",
        "<h2>Files</h2>",
        _table(
            q["files"],
            [("file", "File"), ("delivery_date", "Delivered"), ("rows", "Rows"), ("sha256", "SHA-256")],
            "No files.",
        ),
        "<h2>Reconciliation</h2>",
        _reconciliation(q["reconciliation"]),
        "<h2>Completeness and validity by field</h2>",
        "<p>Present: share of people with a value. Valid: share of those values that passed their checks.</p>",
        _table(
            q["fields"],
            [
                ("people_group", "People"),
                ("field", "Field"),
                ("present", "Present"),
                ("share_present", "Share present"),
                ("valid", "Valid"),
                ("share_valid", "Share valid"),
            ],
            "No people.",
        ),
        "<h2>Duplicates</h2>",
        f"<p>{dup['exact_duplicate_records']:,} exact duplicate records within a delivery; "
        f"{dup['repeated_record_keys']:,} records repeating a record key already seen in the same delivery "
        "(quarantined).</p>",
        "<h2>Event dates</h2>",
        _table(
            q["event_dates"],
            [("kind", "Event"), ("events", "Events"), ("first", "Earliest"), ("last", "Latest")],
            "No events.",
        ),
        "<h2>Quarantine reasons</h2>",
        _table(
            q["quarantine_reasons"],
            [("field", "Field"), ("reason", "Reason"), ("count", "Count")],
            "Nothing was quarantined.",
        ),
        "<h2>Sample of quarantined rows</h2>",
        _table(
            q["quarantine_sample"],
            [
                ("file", "File"),
                ("sheet", "Sheet"),
                ("row_number", "Row"),
                ("people_group", "Person"),
                ("person_index", "#"),
                ("field", "Field"),
                ("reason", "Reason"),
                ("raw_value", "Value"),
            ],
            "Nothing was quarantined.",
        ),
        "<h2>Warnings by field</h2>",
        _table(
            q["warnings_by_field"],
            [("field", "Field"), ("reason", "Reason"), ("count", "Count")],
            "No warnings.",
        ),
    ]
    return _page(f"Data quality: {q['title']}", "\n".join(body))


def index_html(run: dict[str, Any], sources: list[dict[str, Any]]) -> str:
    rows = [{"source": f"{s['source']}", "title": s["title"], **s["reconciliation"]} for s in sources]
    links = "".join(
        f'<li><a href="{escape(s["source"])}.html">{escape(s["title"])}</a> '
        f'(<a href="{escape(s["source"])}.json">JSON</a>)</li>'
        for s in sources
    )
    body = (
        f"<h1>Ingest run {escape(str(run['run_id']))}</h1>"
        f"<p>Started {escape(str(run['started_at']))}; as of {escape(str(run['as_of'] or 'all deliveries'))}.</p>"
        + _table(
            rows,
            [
                ("source", "Source"),
                ("rows_read", "Rows read"),
                ("rows_accepted", "Accepted"),
                ("rows_quarantined", "Quarantined"),
                ("mentions_read", "People read"),
                ("mentions_accepted", "Accepted"),
                ("mentions_quarantined", "Quarantined"),
                ("events", "Events"),
                ("warnings", "Warnings"),
            ],
            "No sources.",
        )
        + f"<h2>Reports by source</h2><ul>{links}</ul>"
    )
    return _page(f"Ingest run {run['run_id']}", body)
