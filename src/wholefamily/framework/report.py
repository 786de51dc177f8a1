"""The coordinator's export of an identify run: CSV files and one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from wholefamily.framework.model import Framework
from wholefamily.reports import render, spreadsheet_text_sql
from wholefamily.warehouse.sql import quote_ident

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
    write_exports(con, folder, run_id)
    page = folder / "summary.html"
    page.write_text(_html(con, run_id, fw), "utf-8")
    return page


def write_exports(con: duckdb.DuckDBPyConnection, folder: Path, run_id: str) -> None:
    """The run's CSV files, every text cell safe to open in a spreadsheet (numbers and dates as they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, select in EXPORTS.items():
        described = con.execute(f"DESCRIBE {select}", {"run": run_id}).fetchall()
        cells = ", ".join(
            f"{spreadsheet_text_sql(quote_ident(c)) if t == 'VARCHAR' else quote_ident(c)} AS {quote_ident(c)}"
            for c, t, *_ in described
        )
        target = str(folder / name).replace("'", "''")  # a file path, not partner data
        con.execute(
            f"COPY (SELECT {cells} FROM ({select})) TO '{target}' (HEADER, DELIMITER ',')",  # noqa: S608
            {"run": run_id},
        )


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: object) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _html(con: duckdb.DuckDBPyConnection, run_id: str, fw: Framework) -> str:
    (run,) = _records(
        con,
        "SELECT as_of, plan_file, previous_run_id, families_with_needs, eligible, rule_events "
        "FROM main.identify_runs WHERE run_id = ?",
        [run_id],
    )
    headlines = _records(
        con,
        """SELECT headline, any_value(headline_label) AS label,
                  count(DISTINCT family_id) FILTER (WHERE counted) AS families,
                  count(DISTINCT family_id) FILTER (WHERE counted AND family_id IN (
                      SELECT family_id FROM main.family_eligibility WHERE run_id = $run AND eligible)) AS eligible
           FROM main.family_needs WHERE run_id = $run GROUP BY headline ORDER BY headline""",
        {"run": run_id},
    )
    changes = _records(
        con,
        "SELECT change, count(*) AS n FROM main.identify_changes WHERE run_id = ? GROUP BY change ORDER BY change",
        [run_id],
    )
    eligible = _records(
        con,
        """SELECT priority, family_id, n_headlines, n_needs, array_to_string(headlines, ', ') AS headlines,
                  priority_reason
           FROM main.family_eligibility WHERE run_id = ? AND eligible ORDER BY priority LIMIT ?""",
        [run_id, TOP],
    )
    rules = [
        {
            "id": d.id,
            "headline": d.headline,
            "label": d.label,
            "status": "default (council can change)" if d.default else "local",
            "on": "on" if d.enabled else "off",
            "lookback_days": d.lookback_days,
            "where": d.where or "",
            "having": d.having or "",
        }
        for d in fw.descriptors
    ]
    return render(
        "wholefamily.framework",
        "identify_report.html",
        run_id=run_id,
        run=run,
        fw=fw,
        top=TOP,
        changes=changes,
        headlines=headlines,
        eligible=eligible,
        rules=rules,
    )
