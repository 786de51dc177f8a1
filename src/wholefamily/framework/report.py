"""The coordinator's export of an identify run: CSV files and one self-contained HTML page."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import duckdb

from wholefamily.framework.model import Framework

EXPORTS = {
    "families.csv": """SELECT family_id, eligible, priority, priority_reason, n_needs, n_headlines,
        array_to_string(headlines, ' ') AS headlines, array_to_string(dependent_children, ' ') AS dependent_children,
        array_to_string(expectant_parents, ' ') AS expectant_parents
        FROM main.family_eligibility WHERE run_id = $run ORDER BY priority""",
    "needs.csv": """SELECT family_id, headline, headline_label, descriptor_id, descriptor_label, is_default, counted,
        array_to_string(persons, ' ') AS persons, events, note
        FROM main.family_needs WHERE run_id = $run ORDER BY family_id, headline, descriptor_id""",
    "evidence.csv": """SELECT family_id, descriptor_id, person_id, family_role, counted, source, record_key, kind,
        event_date, end_date, delivery_date, evidence_values, event_key
        FROM main.need_evidence WHERE run_id = $run ORDER BY family_id, descriptor_id, person_id, event_date""",
    "changes.csv": """SELECT family_id, change, descriptor_id, headline, previous_run_id
        FROM main.identify_changes WHERE run_id = $run ORDER BY change, family_id""",
}
TOP = 200


def write_report(con: duckdb.DuckDBPyConnection, folder: Path, run_id: str, fw: Framework) -> Path:
    """Write the CSV files and ``summary.html`` for one run; return the HTML page's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, select in EXPORTS.items():
        target = str(folder / name).replace("'", "''")  # a file path, not partner data
        con.execute(f"COPY ({select}) TO '{target}' (HEADER, DELIMITER ',')", {"run": run_id})
    page = folder / "summary.html"
    page.write_text(_html(con, run_id, fw), "utf-8")
    return page


def _table(head: list[str], rows: Sequence[Sequence[object]]) -> str:
    cells = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _html(con: duckdb.DuckDBPyConnection, run_id: str, fw: Framework) -> str:
    run = con.execute(
        "SELECT as_of, plan_file, previous_run_id, families_with_needs, eligible, rule_events "
        "FROM main.identify_runs WHERE run_id = ?",
        [run_id],
    ).fetchone()
    assert run is not None
    as_of, plan, previous, with_needs, eligible, n_events = run
    headlines = con.execute(
        """SELECT headline, any_value(headline_label), count(DISTINCT family_id) FILTER (WHERE counted),
                  count(DISTINCT family_id) FILTER (WHERE counted AND family_id IN (
                      SELECT family_id FROM main.family_eligibility WHERE run_id = $run AND eligible))
           FROM main.family_needs WHERE run_id = $run GROUP BY headline ORDER BY headline""",
        {"run": run_id},
    ).fetchall()
    changes = con.execute(
        "SELECT change, count(*) FROM main.identify_changes WHERE run_id = ? GROUP BY change ORDER BY change",
        [run_id],
    ).fetchall()
    top = con.execute(
        """SELECT priority, family_id, n_headlines, n_needs, array_to_string(headlines, ', '), priority_reason
           FROM main.family_eligibility WHERE run_id = ? AND eligible ORDER BY priority LIMIT ?""",
        [run_id, TOP],
    ).fetchall()
    rules = [
        (
            d.id,
            d.headline,
            d.label,
            "default (council can change)" if d.default else "local",
            "on" if d.enabled else "off",
            d.lookback_days,
            d.where or "",
            d.having or "",
        )
        for d in fw.descriptors
    ]
    elig = fw.eligibility
    style = (
        "body{font-family:Arial,sans-serif;margin:2em;color:#0b0c0c}table{border-collapse:collapse;margin:1em 0}"
        "th,td{border-bottom:1px solid #b1b4b6;padding:.3em .6em;text-align:left;vertical-align:top}"
        ".note{border-left:5px solid #1d70b8;padding:.5em 1em;background:#f3f2f1}"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Identify run {html.escape(run_id)}</title>
<style>{style}</style></head><body>
<h1>Families identified: {html.escape(fw.title)}</h1>
<p>Run {html.escape(run_id)}, as of {as_of}. Local plan: {html.escape(str(plan or "none"))}.
Compared with run {html.escape(str(previous or "none (first run)"))}.</p>
<p>{n_events:,} events read; {with_needs:,} families with at least one need; <strong>{eligible:,} eligible</strong>
(a dependent child or expectant parent, and at least {elig.min_needs} needs from at least {elig.min_headlines}
headlines; a non-resident parent supplies at most {elig.non_resident_parent_max_needs} need).</p>
<p class="note">{html.escape(fw.status)} The rules below marked "default" were written by this project from
published thresholds; they are not the programme's national text.</p>
<h2>How families are ordered</h2><p>{html.escape(fw.priority.explanation)}</p>
<h2>Changes since the previous run</h2>{_table(["change", "families or needs"], changes)}
<h2>Families with needs, by headline</h2>{_table(["headline", "label", "families", "of which eligible"], headlines)}
<h2>Eligible families in priority order (first {TOP})</h2>
{_table(["priority", "family", "headlines", "needs", "headline ids", "why this place"], top)}
<p>Every need's evidence (source record, event and the values that met the rule) is in evidence.csv.</p>
<h2>Rules used</h2>
{_table(["descriptor", "headline", "label", "status", "on", "look-back days", "where", "having"], rules)}
</body></html>
"""
