"""Evidence packs: for each claimable or submitted family, what the claim rests on, as JSON (machines),
HTML (people) and PDF (the coordinator's file), under ``claims/<period>/``.

A pack is assembled from the warehouse alone, from one claims build and what it read: the family's
identification (each need with its partner records, from the identify run), the casework milestones (as
the outcomes run read them), each need's outcome at the sustain horizon with the records read after
closure, and each rule with whether it passed. ``verify_packs`` assembles every pack again and reports any
difference from the files. ``manifest.json`` keeps each pack's build and file hashes; once a claim is
submitted its pack is frozen: later builds neither rewrite nor remove it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from fpdf import FPDF

from wholefamily.claims.period import Period
from wholefamily.claims.runs import latest_claim_run
from wholefamily.reports import render
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.workspace import Workspace

Pack = dict[str, Any]
MANIFEST = "manifest.json"
SUFFIXES = ("json", "html", "pdf")


@dataclass
class PackSummary:
    written: list[str] = field(default_factory=list)
    frozen: list[str] = field(default_factory=list)  # kept as they were
    removed: list[str] = field(default_factory=list)  # no longer claimable


def assemble(con: duckdb.DuckDBPyConnection, claim_run: str, family_id: str) -> Pack:
    """The pack of one family as the claims build ``claim_run`` saw it, from the warehouse."""
    run = _rows(con, "SELECT * FROM main.claim_runs WHERE run_id = ?", [claim_run])[0]
    outcome_run, identify_run = run["outcome_run_id"], run["identify_run_id"]
    rules = json.loads(run["rules_json"])
    keys = {"family": family_id, "outcome": outcome_run, "identify": identify_run}
    candidate = _rows(
        con,
        "SELECT status, needs, headlines, sustain_end FROM main.claim_candidates WHERE run_id = ? AND family_id = ?",
        [claim_run, family_id],
    )[0]
    casework = _rows(
        con,
        """SELECT worked_with_start, assessment_date, plan_date, closure_date, closure_reason, lead_practitioner
           FROM main.outcome_families WHERE run_id = $outcome AND family_id = $family""",
        keys,
    )[0]
    evidence = _rows(
        con,
        """SELECT descriptor_id, person_id, family_role, source, record_key, kind, event_date, end_date,
                  delivery_date, evidence_values
           FROM main.need_evidence WHERE run_id = $identify AND family_id = $family AND counted
           ORDER BY descriptor_id, event_date, event_key""",
        keys,
    )
    needs = _rows(
        con,
        """SELECT descriptor_id, headline, headline_label, descriptor_label, persons FROM main.family_needs
           WHERE run_id = $identify AND family_id = $family AND counted ORDER BY headline, descriptor_id""",
        keys,
    )
    after = _rows(
        con,
        """SELECT e.descriptor_id, e.person_id, e.source, e.record_key, e.kind, e.event_date, e.end_date,
                  e.delivery_date, e.day_after_closure, e.breaks, e.evidence_values
           FROM main.outcome_evidence e JOIN main.need_outcomes o USING (run_id, family_id, descriptor_id)
           WHERE e.run_id = $outcome AND e.family_id = $family AND o.is_sustain_horizon
             AND e.day_after_closure <= o.horizon_days
           ORDER BY e.descriptor_id, e.event_date, e.event_key""",
        keys,
    )
    outcomes = _rows(
        con,
        """SELECT descriptor_id, headline, measure_id, measure_label, is_default, horizon_days, window_end,
                  status, reason, records, breaks
           FROM main.need_outcomes WHERE run_id = $outcome AND family_id = $family AND is_sustain_horizon
             AND counted ORDER BY headline, descriptor_id""",
        keys,
    )
    failed: dict[str, list[str]] = {}
    for r in _rows(
        con,
        "SELECT rule_id, reason FROM main.claim_reasons WHERE run_id = ? AND family_id = ? ORDER BY ALL",
        [claim_run, family_id],
    ):
        failed.setdefault(r["rule_id"], []).append(r["reason"])
    pack: Pack = _plain(
        {
            "pack": "wholefamily results claim evidence",
            "period": run["period"],
            "family_id": family_id,
            "status": candidate["status"],
            "framework": run["framework"],
            "claim_run_id": claim_run,
            "outcome_run_id": outcome_run,
            "identify_run_id": identify_run,
            "rules_default": rules["default"],
            "casework": {**casework, "sustain_end": candidate["sustain_end"]},
            "identification": [
                {
                    **n,
                    "evidence": [
                        _without(e, "descriptor_id")
                        for e in evidence
                        if e["descriptor_id"] == n["descriptor_id"]
                    ],
                }
                for n in needs
            ],
            "outcomes": [
                {
                    **o,
                    "evidence": [
                        _without(e, "descriptor_id")
                        for e in after
                        if e["descriptor_id"] == o["descriptor_id"]
                    ],
                }
                for o in outcomes
            ],
            "rules": [
                {
                    "id": rule_id,
                    "label": rule["label"],
                    "why": rule["why"],
                    "enabled": rule["enabled"],
                    "passed": rule_id not in failed,
                    "reasons": failed.get(rule_id, []),
                }
                for rule_id, rule in rules["rules"].items()
            ],
        }
    )
    return pack


def pack_json(pack: Pack) -> bytes:
    return (json.dumps(pack, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def pack_html(pack: Pack) -> bytes:
    title = f"Evidence for the results claim of family {pack['family_id']}, {pack['period']}"
    return render("wholefamily.claims", "pack.html", title=title, pack=pack).encode()


def pack_pdf(pack: Pack) -> bytes:
    """A plain PDF of the pack, dated by its build rather than the clock, so the same pack gives the
    same bytes."""
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.set_auto_page_break(True, 15)
    pdf.add_page()

    def line(text: str, size: int = 9, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        safe = text.encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, size * 0.5, safe, new_x="LMARGIN", new_y="NEXT")

    line(f"Results claim evidence: family {pack['family_id']}, {pack['period']} ({pack['status']})", 14, True)
    line(
        f"claims build {pack['claim_run_id']}; outcomes run {pack['outcome_run_id']}; "
        f"identify run {pack['identify_run_id']} ({pack['framework']})"
    )
    line("Casework", 11, True)
    for key, value in pack["casework"].items():
        line(f"{key.replace('_', ' ')}: {value if value is not None else '-'}")
    line("Needs identified", 11, True)
    for need in pack["identification"]:
        line(
            f"{need['headline_label']}: {need['descriptor_label']} ({len(need['evidence'])} record(s))",
            bold=True,
        )
        for e in need["evidence"]:
            line(
                f"  {e['event_date']} {e['source']} {e['kind']} {e['record_key']}: {e['evidence_values'] or ''}"
            )
    line("Outcomes at the sustain horizon", 11, True)
    for o in pack["outcomes"]:
        line(f"{o['descriptor_id']}: {o['status']} ({o['reason']})", bold=True)
        for e in o["evidence"]:
            mark = "breaks" if e["breaks"] else "shows"
            line(f"  day {e['day_after_closure']} {e['source']} {e['kind']} {e['record_key']} ({mark})")
    line("Rules", 11, True)
    for rule in pack["rules"]:
        verdict = "passed" if rule["passed"] else "NOT passed: " + "; ".join(rule["reasons"])
        line(f"{rule['label']}: {verdict if rule['enabled'] else 'switched off'}")
    return bytes(pdf.output())


RENDER = {"json": pack_json, "html": pack_html, "pdf": pack_pdf}


def write_packs(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, period: Period, claim_run: str
) -> PackSummary:
    """Write the pack of each claimable or submitted family of the build; keep the frozen ones; remove
    packs of families no longer claimable (unless frozen). A submitted claim's pack is frozen as the
    coordinator reviewed it, when its files are still the ones written."""
    folder = workspace.claims / period.name
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _manifest(folder)
    wanted = dict(
        con.execute(
            "SELECT family_id, status FROM main.claim_candidates WHERE run_id = ? AND status <> 'not_claimable'",
            [claim_run],
        ).fetchall()
    )
    summary = PackSummary()
    for family_id, status in sorted(wanted.items()):
        entry = manifest.get(family_id)
        if entry is not None and (
            entry["frozen"] or (status == "submitted" and not _changed(folder, family_id, entry))
        ):
            entry["frozen"] = True
            summary.frozen.append(family_id)
            continue
        pack = assemble(con, claim_run, family_id)
        files = {s: RENDER[s](pack) for s in SUFFIXES}
        for suffix, content in files.items():
            (folder / f"{family_id}.{suffix}").write_bytes(content)
        manifest[family_id] = {
            "claim_run_id": claim_run,
            "status": status,
            "frozen": status == "submitted",
            "sha256": {s: hashlib.sha256(c).hexdigest() for s, c in files.items()},
        }
        summary.written.append(family_id)
    for family_id in sorted(set(manifest) - set(wanted)):
        if not manifest[family_id]["frozen"]:
            for suffix in SUFFIXES:
                (folder / f"{family_id}.{suffix}").unlink(missing_ok=True)
            del manifest[family_id]
            summary.removed.append(family_id)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
    return summary


def verify(workspace: Workspace, period: Period) -> tuple[int, list[str]]:
    """How many packs were checked, and every difference between the packs on disk and the same packs
    assembled again from the warehouse (and their recorded hashes); none when every pack re-derives."""
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        latest_claim_run(con, period)  # refuses a period never built
        folder = workspace.claims / period.name
        manifest = _manifest(folder)
        return len(manifest), [
            p for f, e in sorted(manifest.items()) for p in _verify(con, folder, period, f, e)
        ]


def _verify(
    con: duckdb.DuckDBPyConnection, folder: Path, period: Period, family_id: str, entry: dict[str, Any]
) -> list[str]:
    where = f"{period.name}/{family_id}"
    problems = [f"{where}.{s}: {p}" for s, p in _changed(folder, family_id, entry).items()]
    path = folder / f"{family_id}.json"
    if not path.is_file():
        return problems
    pack = assemble(con, entry["claim_run_id"], family_id)
    try:
        written = json.loads(path.read_text("utf-8"))
    except ValueError:
        return [*problems, f"{where}.json: not JSON"]
    problems += [f"{where}.json: {d}" for d in _differences(written, pack, "")]
    html = folder / f"{family_id}.html"
    if html.is_file() and html.read_bytes() != pack_html(pack):
        problems.append(f"{where}.html: differs from the pack assembled from the warehouse")
    return problems


def pack_hashes(workspace: Workspace, period: Period) -> dict[str, str]:
    """The JSON hash of each pack of the period, by family (what a claim cites)."""
    return {f: e["sha256"]["json"] for f, e in _manifest(workspace.claims / period.name).items()}


def _manifest(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    manifest: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return manifest


def _changed(folder: Path, family_id: str, entry: dict[str, Any]) -> dict[str, str]:
    """The files of a pack missing or not matching their recorded hash."""
    out = {}
    for suffix, digest in entry["sha256"].items():
        path = folder / f"{family_id}.{suffix}"
        if not path.is_file():
            out[suffix] = "missing"
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            out[suffix] = "changed since it was written (its hash differs from the manifest)"
    return out


def _differences(written: Any, derived: Any, path: str) -> list[str]:
    if isinstance(written, dict) and isinstance(derived, dict):
        return [
            d
            for k in sorted(set(written) | set(derived))
            for d in _differences(written.get(k), derived.get(k), f"{path}.{k}" if path else k)
        ]
    if isinstance(written, list) and isinstance(derived, list) and len(written) == len(derived):
        return [
            d
            for i, (a, b) in enumerate(zip(written, derived, strict=True))
            for d in _differences(a, b, f"{path}[{i}]")
        ]
    if written != derived:
        return [f"{path}: the file says {written!r}, the warehouse {derived!r}"]
    return []


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[str] | dict[str, str]
) -> list[dict[str, Any]]:
    if isinstance(params, dict):  # DuckDB refuses named values a statement does not use
        params = {k: v for k, v in params.items() if f"${k}" in sql}
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _without(row: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != key}


def _plain(value: Any) -> Any:
    """Dates as ISO text, containers recursively: the pack as JSON holds it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
