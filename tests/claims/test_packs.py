"""Evidence packs re-derive from the warehouse, tampering is found, a submitted claim's pack is frozen;
the returns' columns are their dictionaries'."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import duckdb
from claims_commands import invoke
from click.testing import CliRunner

from wholefamily.claims.build import build_claims
from wholefamily.claims.evidence import verify
from wholefamily.claims.period import parse_period
from wholefamily.claims.register import Claim, write_register
from wholefamily.cli import main
from wholefamily.workspace import Workspace

Q4 = parse_period("2026Q4")


def test_every_pack_re_derives_and_a_tampered_one_is_found(ws: Workspace, one_need: Path) -> None:
    result = build_claims(ws, Q4, rules_file=one_need)
    family = result.packs.written[0]
    folder = ws.claims / "2026Q4"
    pack = json.loads((folder / f"{family}.json").read_text("utf-8"))
    assert pack["status"] == "claimable" and all(r["passed"] for r in pack["rules"])
    assert pack["identification"] and all(n["evidence"] for n in pack["identification"])
    assert pack["outcomes"] and all(o["status"] == "met" for o in pack["outcomes"])
    assert (folder / f"{family}.pdf").read_bytes().startswith(b"%PDF")
    assert verify(ws, Q4) == (len(result.packs.written), [])
    html = folder / f"{result.packs.written[1]}.html"
    html.write_text(html.read_text("utf-8").replace("passed", "waived", 1), "utf-8")
    assert (
        f"2026Q4/{result.packs.written[1]}.html: differs from the pack assembled from the warehouse"
        in (verify(ws, Q4)[1])
    )
    pack["outcomes"][0]["status"] = "relapsed"
    (folder / f"{family}.json").write_text(json.dumps(pack), "utf-8")
    _, problems = verify(ws, Q4)
    assert (
        f"2026Q4/{family}.json: changed since it was written (its hash differs from the manifest)" in problems
    )
    assert (
        f"2026Q4/{family}.json: outcomes[0].status: the file says 'relapsed', the warehouse 'met'" in problems
    )
    outcome = CliRunner().invoke(
        main, ["claims", "verify", "--workspace", str(ws.root), "--period", "2026Q4"]
    )
    assert outcome.exit_code == 1 and "4 difference(s)" in outcome.output


def test_a_submitted_claims_pack_survives_a_rebuild(ws: Workspace, one_need: Path) -> None:
    family, other = build_claims(ws, Q4, rules_file=one_need).packs.written[:2]
    folder = ws.claims / "2026Q4"
    submitted = {s: (folder / f"{family}.{s}").read_bytes() for s in ("json", "html", "pdf")}
    write_register(
        ws.claims_register, [Claim(family, "2026Q4", "submitted", "coordinator1", dt.date(2027, 1, 5))]
    )
    invoke("outcomes", "--workspace", str(ws.root), "--as-of", "2026-10-31")  # a later outcomes run
    rebuilt = build_claims(ws, Q4, rules_file=one_need)
    assert rebuilt.statuses["submitted"] == 1 and rebuilt.packs.frozen == [family]
    assert {s: (folder / f"{family}.{s}").read_bytes() for s in submitted} == submitted
    assert (
        json.loads((folder / f"{other}.json").read_text("utf-8"))["outcome_run_id"] == rebuilt.outcome_run_id
    )
    assert verify(ws, Q4)[1] == []
    invoke("claims", "returns", "--workspace", str(ws.root), "--period", "2026Q4")
    with (ws.returns / "2026Q4" / "claim.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert (row["family_id"], row["signed_off_by"]) == (family, "coordinator1")
    assert row["evidence_sha256"] == manifest[family]["sha256"]["json"]


def test_the_returns_columns_are_their_dictionaries(ws: Workspace, one_need: Path) -> None:
    build_claims(ws, Q4, rules_file=one_need)
    output = invoke("claims", "returns", "--workspace", str(ws.root), "--period", "2026Q4")
    folder = ws.returns / "2026Q4"
    for name in ("progress", "claim", "impact_study"):
        assert f"returns/2026Q4/{name}.csv" in output
        with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        with (folder / f"{name}.dictionary.csv").open(encoding="utf-8") as handle:
            fields = list(csv.DictReader(handle))
        assert header == [f["field"] for f in fields]
        assert all(f["type"] and f["description"] for f in fields)
    with (folder / "progress.csv").open(encoding="utf-8") as handle:
        figures = {r["figure"] for r in csv.DictReader(handle)}
    assert {"identified", "worked_with", "closed", "need_outcomes", "claimable"} <= figures


def test_the_impact_study_holds_the_programme_and_a_comparison_group_below_the_threshold(
    ws: Workspace, one_need: Path
) -> None:
    build_claims(ws, Q4, rules_file=one_need)
    invoke("claims", "returns", "--workspace", str(ws.root), "--period", "2026Q4")
    with (ws.returns / "2026Q4" / "impact_study.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    programme = [r for r in rows if r["group"] == "programme"]
    comparison = [r for r in rows if r["group"] == "comparison"]
    worked = [line.split(",")[0] for line in ws.milestones.read_text("utf-8").splitlines()[1:]]
    assert sorted(r["family_id"] for r in programme) == sorted(worked)
    assert all(r["worked_with_start"] for r in programme)
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        (fewest,) = con.execute(
            "SELECT min(n_needs) FROM family_eligibility WHERE eligible AND run_id = (SELECT max(run_id) "
            "FROM family_eligibility)"
        ).fetchone() or (None,)
    assert comparison, "no family just below the threshold"
    assert all(r["eligible"] == "false" and int(r["needs"]) == fewest - 1 for r in comparison)
    assert not {r["family_id"] for r in comparison} & set(worked)


def test_an_overridden_claims_pack_carries_the_coordinators_reason(ws: Workspace, one_need: Path) -> None:
    first = build_claims(ws, Q4, rules_file=one_need)
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        row = con.execute(
            "SELECT min(family_id) FROM claim_candidates WHERE run_id = ? AND status = 'not_claimable'",
            [first.run_id],
        ).fetchone()
    assert row is not None and row[0] is not None
    family, reason = str(row[0]), "Attendance recovered after a school move"
    write_register(
        ws.claims_register,
        [Claim(family, "2026Q4", "submitted", "coordinator1", dt.date(2027, 1, 5), reason)],
    )
    rebuilt = build_claims(ws, Q4, rules_file=one_need)
    assert family in rebuilt.packs.written
    pack = json.loads((ws.claims / "2026Q4" / f"{family}.json").read_text("utf-8"))
    assert pack["status"] == "submitted" and pack["override_reason"] == reason
    assert not all(r["passed"] for r in pack["rules"])  # still not claimable by the rules: the pack says so
    assert reason in (ws.claims / "2026Q4" / f"{family}.html").read_text("utf-8")
    others = [f for f in rebuilt.packs.written if f != family]
    assert others and all(
        "override_reason" not in json.loads((ws.claims / "2026Q4" / f"{f}.json").read_text("utf-8"))
        for f in others
    )
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        stored = con.execute(
            "SELECT override_reason FROM claim_candidates WHERE run_id = ? AND family_id = ?",
            [rebuilt.run_id, family],
        ).fetchone()
    assert stored == (reason,)
    assert verify(ws, Q4)[1] == []
    invoke("claims", "returns", "--workspace", str(ws.root), "--period", "2026Q4")
    with (ws.returns / "2026Q4" / "claim.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["family_id"], row["override_reason"]) == (family, reason)
