"""Retention in the casework site: a closed case past its period becomes a tombstone that still counts, old audit
entries and exports go, and the run is audited with counts only."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from django.utils import timezone
from journey_builders import TODAY, closed, plan_every_need
from web_world import World

from wholefamily.cli import main
from wholefamily.governance.retention import Rules
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    Assessment,
    CaseNote,
    ClaimSignOff,
    Closure,
    Document,
    Family,
    MemberConsidered,
    Membership,
    Need,
    Person,
    WellbeingScore,
)
from wholefamily.web.exports.jobs import path_of
from wholefamily.web.exports.models import Export
from wholefamily.web.exports.retention import exports_before
from wholefamily.web.governance.retention import RETENTION_RUN, casework_retention
from wholefamily.workspace import Workspace

RULES = Rules.model_validate(
    {
        "rules": [
            {"records": "closed_cases", "keep_days": 2190},
            {"records": "documents", "keep_days": 1095},
            {"records": "audit_entries", "keep_days": 1000},
            {"records": "exports", "keep_days": 30},
        ]
    }
)
OTHERS = {"exports": exports_before}


@pytest.fixture
def folders(settings: Any, tmp_path: Path) -> Path:
    settings.DOCUMENTS_FOLDER = tmp_path / "documents"
    settings.EXPORTS_FOLDER = tmp_path / "exports"
    return tmp_path


def _old_case(world: World, folders: Path) -> Family:
    """The north family's case, worked and closed 2,500 days ago, with a note, an assessment, a plan, a
    document on disk, a claim signed off, and an audit entry and an export from then."""
    family, kw = world.families["north"], world.users["kw_north"]
    parent = world.people["north_parent"]
    note = CaseNote.objects.create(
        family=family,
        kind="home_visit",
        happened_on=TODAY,
        note="Visited ParentNorth at home",
        recorded_by=kw,
    )
    note.people.add(parent)
    assessment = Assessment.objects.create(
        family=family, started_on=TODAY, summary="ParentNorth is coping", recorded_by=kw
    )
    MemberConsidered.objects.create(assessment=assessment, person=parent, notes="Worried about ChildNorth")
    WellbeingScore.objects.create(
        family=family, assessment=assessment, scored_on=TODAY, area="housing", score=4, recorded_by=kw
    )
    plan_every_need(family, kw)
    stored = f"{family.pk}/letter.pdf"
    (folders / "documents" / str(family.pk)).mkdir(parents=True)
    (folders / "documents" / stored).write_bytes(b"%PDF-1.4 letter")
    Document.objects.create(
        family=family,
        person=parent,
        kind="letter",
        title="Letter to ParentNorth",
        original_name="letter.pdf",
        file_type="pdf",
        size=15,
        sha256="0" * 64,
        stored_name=stored,
    )
    closed(family, kw, days_ago=2500, reason=Closure.Reason.OUTCOMES_MET)
    ClaimSignOff.objects.create(family=family, period="2019Q1", signed_off_by=world.users["coordinator"])
    old = timezone.now() - dt.timedelta(days=2500)
    entry = AuditEntry.objects.create(action="view", family_id=family.pk, summary="Viewed the family")
    AuditEntry.objects.filter(pk=entry.pk).update(at=old)
    export = Export.objects.create(
        user=kw, list_name="families", format="csv", reason="caseload", status="done", expires_at=old
    )
    Export.objects.filter(pk=export.pk).update(created_at=old)
    path_of(export).parent.mkdir(parents=True, exist_ok=True)
    path_of(export).write_text("reference\nWF000001\n", "utf-8")
    return family


def _everything() -> str:
    """The whole casework database as JSON (history tables included), but the audit log."""
    out = io.StringIO()
    call_command("dumpdata", "casework", stdout=out)
    return out.getvalue()


def test_a_closed_case_past_retention_becomes_a_tombstone_that_still_counts(
    world: World, folders: Path
) -> None:
    family = _old_case(world, folders)
    assert "ParentNorth" in _everything()
    counts_before = (
        Family.objects.count(),
        Closure.objects.count(),
        Need.objects.count(),
        ClaimSignOff.objects.count(),
        Membership.objects.count(),
        WellbeingScore.objects.count(),
    )

    planned = casework_retention(
        RULES, TODAY, apply=False, run_id="dry", governance=folders / "governance", others=OTHERS
    )
    assert planned.counts["closed_cases"]["families"] == 1
    assert planned.counts["closed_cases"]["people"] == 2
    assert planned.counts["closed_cases"]["case notes"] == 1
    assert planned.counts["closed_cases"]["documents"] == 1
    assert planned.counts["documents"]["documents"] == 0  # the tombstone's, counted once
    assert planned.counts["audit_entries"]["audit entries"] == 1
    assert planned.counts["exports"]["exports"] == 1
    assert CaseNote.objects.count() == 1 and not (folders / "governance").exists()

    done = casework_retention(
        RULES, TODAY, apply=True, run_id="run1", governance=folders / "governance", others=OTHERS
    )
    assert done.counts == planned.counts
    assert done.files_deleted == 2
    assert not list((folders / "documents").rglob("*.pdf")) and not list((folders / "exports").iterdir())

    assert counts_before == (
        Family.objects.count(),
        Closure.objects.count(),
        Need.objects.count(),
        ClaimSignOff.objects.count(),
        Membership.objects.count(),
        WellbeingScore.objects.count(),
    )
    family.refresh_from_db()
    assert family.pseudonymised_on == TODAY and family.status == Family.Status.CLOSED and family.address == ""
    closure = family.closures.get()
    assert (
        closure.closed_on == TODAY - dt.timedelta(days=2500) and closure.reason == Closure.Reason.OUTCOMES_MET
    )
    parent = Person.objects.get(pk=world.people["north_parent"].pk)
    assert (parent.first_name, parent.surname, parent.date_of_birth) == ("", "", dt.date(1990, 3, 1))
    assert not CaseNote.objects.exists() and not Document.objects.exists() and not Assessment.objects.exists()
    dump = _everything()
    for value in ("ParentNorth", "ChildNorth", "1 North Road", "Things get better"):
        assert value not in dump, value
    assert "ParentSouth" in dump and "1 South Road" in dump  # other families are untouched

    run = AuditEntry.objects.get(object_type=RETENTION_RUN)
    assert run.object_id == "run1" and run.detail["removed"]["closed_cases"]["families"] == 1
    assert "ParentNorth" not in json.dumps(run.detail)
    logged = json.loads((folders / "governance" / "retention-runs" / "run1-casework.json").read_text("utf-8"))
    assert logged == run.detail

    again = casework_retention(RULES, TODAY, apply=True, run_id="run2", governance=folders / "governance")
    assert again.nothing and AuditEntry.objects.filter(object_type=RETENTION_RUN).count() == 2


def test_cases_closed_within_the_period_and_open_cases_are_kept(world: World, folders: Path) -> None:
    closed(world.families["south"], world.users["kw_south"], days_ago=100)
    planned = casework_retention(RULES, TODAY, apply=True, run_id="run", governance=folders / "governance")
    assert planned.counts["closed_cases"]["families"] == 0
    assert not Family.objects.exclude(pseudonymised_on=None).exists()


def test_the_retention_command_covers_the_site(
    world: World, folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``wholefamily governance retention`` runs the site's rules when the workspace has a site."""
    monkeypatch.setenv("WHOLEFAMILY_HOME", os.environ["WHOLEFAMILY_HOME"])  # the command points it elsewhere
    workspace = Workspace(folders / "ws")
    workspace.create("retention test")
    workspace.governance.mkdir()
    workspace.retention_rules.write_text(
        "rules:\n  - records: closed_cases\n    keep_days: 2190\n  - records: exports\n    keep_days: 30\n",
        "utf-8",
    )
    (workspace.root / "casework.sqlite3").touch()  # the site's database (the tests' own is in use)
    family = _old_case(world, folders)
    runner = CliRunner()
    dry = runner.invoke(main, ["governance", "retention", "--workspace", str(workspace.root), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would be removed" in dry.output and "closed_cases: keep 2190 days" in dry.output
    assert Family.objects.get(pk=family.pk).pseudonymised_on is None
    applied = runner.invoke(main, ["governance", "retention", "--workspace", str(workspace.root), "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Casework site: audited, and 2 files deleted." in applied.output
    assert Family.objects.get(pk=family.pk).pseudonymised_on == TODAY
    assert len(list((workspace.governance / "retention-runs").glob("*-casework.json"))) == 1


def test_documents_can_go_before_the_rest_of_the_record(world: World, folders: Path) -> None:
    family = _old_case(world, folders)
    rules = Rules.model_validate(
        {
            "rules": [
                {"records": "closed_cases", "keep_days": 5000},
                {"records": "documents", "keep_days": 1000},
            ]
        }
    )
    done = casework_retention(rules, TODAY, apply=True, run_id="docs", governance=folders / "governance")
    assert done.counts["documents"] == {"documents": 1} and not sum(done.counts["closed_cases"].values())
    assert done.files_deleted == 1 and not list((folders / "documents").rglob("*.pdf"))
    assert not Document.objects.exists() and CaseNote.objects.filter(family=family).exists()
    assert Family.objects.get(pk=family.pk).pseudonymised_on is None
