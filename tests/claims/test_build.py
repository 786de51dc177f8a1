"""claims build: claimable families, each reason a family is not, claimed twice, Earned Autonomy."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest
from claims_commands import invoke

from wholefamily.claims.build import build_claims
from wholefamily.claims.errors import ClaimsError
from wholefamily.claims.period import parse_period
from wholefamily.claims.register import Claim, read_register, write_register
from wholefamily.workspace import Workspace

Q4 = parse_period("2026Q4")


def candidates(ws: Workspace, run: str) -> dict[str, str]:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        rows = con.execute(
            "SELECT family_id, status FROM claim_candidates WHERE run_id = ?", [run]
        ).fetchall()
    return {str(f): str(s) for f, s in rows}


def reasons(ws: Workspace, run: str) -> dict[str, list[tuple[str, str, str]]]:
    out: dict[str, list[tuple[str, str, str]]] = {}
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        for f, rule, need, text in con.execute(
            "SELECT family_id, rule_id, descriptor_id, reason FROM claim_reasons WHERE run_id = ? ORDER BY ALL",
            [run],
        ).fetchall():
            out.setdefault(str(f), []).append((str(rule), str(need), str(text)))
    return out


def claimable(ws: Workspace, rules: Path) -> list[str]:
    run = build_claims(ws, Q4, rules_file=rules).run_id
    found = sorted(f for f, s in candidates(ws, run).items() if s == "claimable")
    assert len(found) >= 4
    return found


def edit_milestones(ws: Workspace, changes: dict[str, dict[str, str]]) -> None:
    with ws.milestones.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(changes.get(row["family_id"], {}))
    with ws.milestones.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_a_family_claimable_at_the_default_rules(ws: Workspace) -> None:
    result = build_claims(ws, Q4)
    assert result.statuses["claimable"] >= 1 and result.packs.written
    found = candidates(ws, result.run_id)
    assert sorted(f for f, s in found.items() if s == "claimable") == result.packs.written
    assert all(f not in reasons(ws, result.run_id) for f in result.packs.written)


def test_each_reason_a_family_is_not_claimable(ws: Workspace, one_need: Path) -> None:
    first, second, *_ = claimable(ws, one_need)
    edit_milestones(
        ws,
        {
            first: {"lead_practitioner": "", "assessment_date": "", "plan_date": ""},
            second: {"closure_date": "", "closure_reason": ""},
        },
    )
    invoke("outcomes", "--workspace", str(ws.root), "--as-of", "2026-10-31")
    run = build_claims(ws, Q4, rules_file=one_need).run_id
    found, why = candidates(ws, run), reasons(ws, run)
    assert found[first] == found[second] == "not_claimable"
    assert [r[0] for r in why[first]] == ["assessment", "lead_practitioner", "plan"]
    assert why[second] == [("closed", "", "the case is not closed by 2026-10-31")]
    with (ws.claims / "2026Q4" / "candidates.csv").open(encoding="utf-8") as handle:
        listed = list(csv.DictReader(handle))
    assert {
        "family_id": second,
        "status": "not_claimable",
        "rule_id": "closed",
        "descriptor_id": "",
    }.items() <= next(r for r in listed if r["family_id"] == second).items()
    assert {r["family_id"] for r in listed} == set(found)
    broken = [r for rs in why.values() for r in rs if r[0] == "outcomes_met"]
    assert broken and all(r[1] and (" relapsed (" in r[2] or " not " in r[2]) for r in broken)
    early = reasons(ws, build_claims(ws, parse_period("2026Q2"), rules_file=one_need).run_id)
    assert any(r[0] == "sustained" and "after the period ends on 2026-06-30" in r[2] for r in early[first])
    defaults = reasons(ws, build_claims(ws, Q4).run_id)  # three needs by default
    assert any(r[0] == "identified" and "at least 3 needs are required" in r[2] for r in defaults[first])
    assert any(r[0] == "in_scope" for rs in defaults.values() for r in rs)


def test_a_family_claimed_before_is_refused(ws: Workspace, one_need: Path) -> None:
    family = claimable(ws, one_need)[0]
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        lineage = con.execute(
            """SELECT s.inputs, c.outcome_run_id, c.identify_run_id FROM step_runs s
               JOIN claim_runs c USING (run_id)"""
        ).fetchone()
    assert lineage is not None and sorted(lineage[0]) == sorted(lineage[1:])
    write_register(
        ws.claims_register, [Claim(family, "2026Q3", "submitted", "coordinator1", dt.date(2026, 10, 2))]
    )
    run = build_claims(ws, Q4, rules_file=one_need).run_id
    assert candidates(ws, run)[family] == "not_claimable"
    assert reasons(ws, run)[family] == [
        ("not_claimed_before", "", "claimed for 2026Q3 (signed off by coordinator1 on 2026-10-02)")
    ]
    with one_need.open("a", encoding="utf-8") as handle:
        handle.write("rules:\n  not_claimed_before:\n    enabled: false\n")
    assert candidates(ws, build_claims(ws, Q4, rules_file=one_need).run_id)[family] == "claimable"
    twice = [
        Claim(family, "2026Q3", "submitted", "coordinator1", dt.date(2026, 10, 2)),
        Claim(family, "2026Q4", "submitted", "coordinator1", dt.date(2027, 1, 5)),
    ]
    write_register(ws.claims_register, twice)
    with pytest.raises(
        ClaimsError, match=f"line 3, status: {family} was already submitted for 2026Q3 on line 2"
    ):
        build_claims(ws, Q4, rules_file=one_need)


def test_earned_autonomy_makes_no_claims_but_reports_outcomes(ws: Workspace, one_need: Path) -> None:
    one_need.write_text("settings:\n  min_needs: 1\n  earned_autonomy: true\n", "utf-8")
    result = build_claims(ws, Q4, rules_file=one_need)
    assert result.earned_autonomy and set(result.statuses) == {"not_claimable"}
    assert result.reasons["payment_by_results"] == result.statuses["not_claimable"]
    assert not result.packs.written
    invoke("claims", "returns", "--workspace", str(ws.root), "--period", "2026Q4")
    with (ws.returns / "2026Q4" / "progress.csv").open(encoding="utf-8") as handle:
        figures = list(csv.DictReader(handle))
    assert any(f["figure"] == "need_outcomes" and f["status"] == "met" for f in figures)
    assert not [f for f in figures if f["figure"] in ("claimable", "claimed")]


def test_every_bad_row_of_the_claims_register_is_named(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "family_id,period,status,signed_off_by,signed_off_on\n"
        "F1,2026Q4,submitted,coordinator1,2027-01-05\n"  # line 2: good
        ",2026Q4,submitted,coordinator1,2027-01-05\n"  # line 3: no family
        "F3,2026Q5,submitted,coordinator1,2027-01-05\n"  # line 4: no such quarter
        "F4,2026Q4,paid,coordinator1,2027-01-05\n"  # line 5: unknown status
        "F5,2026Q4,withdrawn,,2027-13-05\n"  # line 6: nobody, not a date
        "F1,2026Q4,withdrawn,coordinator1,2027-01-06\n",  # line 7: the same claim twice
        "utf-8",
    )
    with pytest.raises(ClaimsError) as caught:
        read_register(path)
    text = str(caught.value)
    for expected in (
        f"{path}, line 3, family_id: empty",
        f"{path}, line 4, period: '2026Q5' is not a claim period",
        f"{path}, line 5, status: 'paid' is not one of submitted, withdrawn",
        f"{path}, line 6, signed_off_by: empty",
        f"{path}, line 6, signed_off_on: '2027-13-05' is not a date (YYYY-MM-DD)",
        f"{path}, line 7, period: F1 for 2026Q4 is also on line 2",
    ):
        assert expected in text
    assert read_register(tmp_path / "none.csv").claims == []


def test_the_register_keeps_the_override_reason_and_its_dictionary_says_so(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    claims = [
        Claim(
            "F1", "2026Q4", "submitted", "coordinator1", dt.date(2027, 1, 5), "school move, attendance back"
        ),
        Claim("F2", "2026Q4", "withdrawn", "coordinator1", dt.date(2027, 1, 6)),
    ]
    write_register(path, claims)
    assert read_register(path).claims == claims
    with (tmp_path / "claims.dictionary.csv").open(encoding="utf-8") as handle:
        fields = {row["field"]: row["description"] for row in csv.DictReader(handle)}
    with path.open(encoding="utf-8") as handle:
        assert list(fields) == next(csv.reader(handle))
    assert "local discretionary override" in fields["override_reason"]
    older = tmp_path / "older.csv"  # a register written before the column: no overrides
    older.write_text(
        "family_id,period,status,signed_off_by,signed_off_on\nF1,2026Q4,submitted,c1,2027-01-05\n", "utf-8"
    )
    assert read_register(older).claims[0].override_reason == ""
    older.write_text(
        "family_id,period,status,signed_off_by,signed_off_on,override_reason\n"
        f"F1,2026Q4,submitted,c1,2027-01-05,{'x' * 501}\n",
        "utf-8",
    )
    with pytest.raises(ClaimsError, match="line 2, override_reason: longer than 500 characters"):
        read_register(older)
