"""The generated register covers every source; `governance agreements` lists it with those due for review."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.governance.agreements import check_delivery, load_register


def test_the_generated_register_covers_every_source_and_ingest_warns_of_nothing(
    authority: tuple[Path, str],
) -> None:
    ws, ingest_output = authority
    register = load_register(ws / "governance" / "agreements.yaml")
    assert register is not None
    sources = [yaml.safe_load(p.read_text("utf-8"))["source"] for p in (ws / "sources").glob("*.yaml")]
    assert len(sources) == 14
    assert {check_delivery(register, s, dt.date(2026, 10, 31)).verdict for s in sources} == {"in_force"}
    health = [a for a in register.agreements if "mental_health_referrals" in a.sources]
    assert health[0].article_9_condition == "substantial_public_interest"
    assert "agreement" not in ingest_output
    assert "Warning:" not in ingest_output


def test_agreements_command_lists_them_and_those_due_for_review(authority: tuple[Path, str]) -> None:
    ws, _ = authority
    runner = CliRunner()
    listed = runner.invoke(
        main, ["governance", "agreements", "--workspace", str(ws), "--today", "2026-10-31"]
    )
    assert listed.exit_code == 0, listed.output
    assert "isa-police" in listed.output
    assert "No agreement is due for review by 2027-01-29" in listed.output
    due = runner.invoke(
        main,
        ["governance", "agreements", "--workspace", str(ws), "--today", "2026-10-31", "--due-days", "200"],
    )
    assert "Due for review by 2027-05-19" in due.output
    assert due.output.count("isa-police") == 2


def test_agreements_command_without_a_register_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "wholefamily-workspace.yaml").write_text("wholefamily_workspace: 1\n", "utf-8")
    result = CliRunner().invoke(main, ["governance", "agreements", "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert "no sharing agreements register" in result.output


def test_agreements_command_names_the_sources_no_agreement_covers(
    authority: tuple[Path, str], tmp_path: Path
) -> None:
    ws, _ = authority
    copy = tmp_path / "ws"
    for folder in ("sources", "governance"):
        shutil.copytree(ws / folder, copy / folder, ignore=shutil.ignore_patterns("subject-access"))
    shutil.copyfile(ws / "wholefamily-workspace.yaml", copy / "wholefamily-workspace.yaml")
    register = yaml.safe_load((copy / "governance" / "agreements.yaml").read_text("utf-8"))
    register["agreements"] = [a for a in register["agreements"] if a["id"] != "isa-police"]
    (copy / "governance" / "agreements.yaml").write_text(yaml.safe_dump(register), "utf-8")
    result = CliRunner().invoke(main, ["governance", "agreements", "--workspace", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Sources with no agreement: police_incidents (ingest warns" in " ".join(result.output.split())
    listed = CliRunner().invoke(main, ["governance", "agreements", "--workspace", str(ws)])
    assert "Sources with no agreement" not in listed.output
