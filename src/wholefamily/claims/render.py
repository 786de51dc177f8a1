"""An evidence pack as files: JSON for machines, HTML for people, PDF for the coordinator's file. Each
rendering is a function of the pack alone, so a pack assembled again renders to the same bytes."""

from __future__ import annotations

import datetime as dt
import json

from fpdf import FPDF

from wholefamily.claims.pack import Pack
from wholefamily.reports import render


def pack_json(pack: Pack) -> bytes:
    return (json.dumps(pack, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def pack_html(pack: Pack) -> bytes:
    title = f"Evidence for the results claim of family {pack['family_id']}, {pack['period']}"
    return render("wholefamily.claims", "pack.html", title=title, pack=pack).encode()


def pack_pdf(pack: Pack) -> bytes:
    """A plain PDF of the pack, with a fixed creation date rather than the clock's (so the same pack
    gives the same bytes); the core fonts hold Latin-1 only, so other characters are replaced."""
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
