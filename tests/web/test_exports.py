"""Exports of the site's lists as background jobs: each list exports what its page shows the user (never
another team's family), the job runs in the real database worker (queued, then done or failed), every step is
in the audit trail with the reason, the file is the asker's alone and expires, and no cell is a live formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from web_world import USERS, World, build_world

from clients_workspace import CLIENTS_WITH_DOB, clients_workspace
from spreadsheet_checks import assert_no_live_formula
from wholefamily.ingest.quarantine import HEADER as QUARANTINE_HEADER
from wholefamily.web.accounts.models import AuditEntry, Team, User
from wholefamily.web.casework.models import ClaimCandidate
from wholefamily.web.casework.record import family_lists
from wholefamily.web.exports.jobs import path_of
from wholefamily.web.exports.models import Export
from wholefamily.workspace import Workspace

REASON = "Checking the team's caseload for the quarterly review"


@pytest.fixture
def world(transactional_db: None) -> World:
    """The access world, committed: the worker reads and writes the database as it would in production."""
    return build_world()


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def _ask(client: Client, user: User, list_name: str, query: str = "", fmt: str = "csv") -> Export:
    client.force_login(user)
    response = client.post(f"/exports/new/{list_name}/{query}", {"format": fmt, "reason": REASON})
    assert response.status_code == 302, response.content.decode()[:2000]
    export = Export.objects.get(user=user)
    assert response["Location"] == f"/exports/{export.pk}/"
    return export


def _export(client: Client, user: User, list_name: str, query: str = "", fmt: str = "csv") -> list[list[str]]:
    """Ask for the export, run the worker, download the file and read its rows (header first)."""
    export = _ask(client, user, list_name, query, fmt)
    _run_worker()
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.problem
    response = client.get(f"/exports/{export.pk}/download/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    if fmt == "csv":
        return list(csv.reader(io.StringIO(body.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    return [[str(c.value) if c.value is not None else "" for c in row] for row in sheet.iter_rows()]


def _column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_families_list_exports_what_the_home_page_shows_the_user(
    world: World, client: Client, fmt: str
) -> None:
    user = world.users["kw_north"]
    rows = _export(client, user, "families", fmt=fmt)
    shown = [(h, f.reference) for h, fs, _ in family_lists.lists_for(user) for f in family_lists.rows(fs)]
    assert list(zip(_column(rows, "list"), _column(rows, "reference"), strict=True)) == shown
    references = set(_column(rows, "reference"))
    assert references == {world.families[n].reference for n in world.may_open("kw_north")}
    assert world.families["south"].reference not in references


def test_the_coordinator_s_families_export_keeps_the_page_s_filters(world: World, client: Client) -> None:
    north_team = Team.objects.get(name="North")
    rows = _export(client, world.users["coordinator"], "families", f"?team={north_team.pk}")
    assert set(_column(rows, "reference")) == {world.families[n].reference for n in ("north", "withdrawn")}


def test_search_results_export_only_the_people_the_user_may_open(world: World, client: Client) -> None:
    rows = _export(client, world.users["kw_north"], "people", "?q=Testperson")
    names = set(_column(rows, "first_name"))
    assert names == {"ParentNorth", "ChildNorth", "ParentWithdrawn", "ChildWithdrawn"}
    assert not any(world.families["south"].reference in families for families in _column(rows, "families"))


def test_the_team_families_export_equals_the_dashboard_list(world: World, client: Client) -> None:
    manager = world.users["manager_north"]
    client.force_login(manager)
    page = client.get("/dashboard/families/?sort=reference").content.decode()
    listed = re.findall(r'href="/families/\d+/">(WF\d{6})</a>', page[page.index('id="families-found"') :])
    rows = _export(client, manager, "team-families", "?sort=reference", fmt="xlsx")
    assert _column(rows, "reference") == listed
    assert listed and world.families["south"].reference not in listed


def test_claim_candidates_export_for_the_coordinator_and_not_a_keyworker(
    world: World, client: Client
) -> None:
    for name in ("north", "south"):
        ClaimCandidate.objects.create(
            family=world.families[name],
            period="2027Q1",
            status=ClaimCandidate.Status.CLAIMABLE,
            claims_run="r1",
        )
    rows = _export(client, world.users["coordinator"], "claims", "?period=2027Q1")
    assert sorted(_column(rows, "reference")) == sorted(
        world.families[n].reference for n in ("north", "south")
    )
    client.force_login(world.users["kw_north"])
    assert client.get("/exports/new/claims/?period=2027Q1").status_code == 403
    assert AuditEntry.objects.filter(username="kw_north", action=AuditEntry.Action.DENIED).exists()


def test_the_job_is_queued_then_done_and_each_step_is_audited(world: World, client: Client) -> None:
    user = world.users["kw_north"]
    export = _ask(client, user, "families")
    assert export.status == Export.Status.QUEUED
    assert "Waiting to start" in client.get(f"/exports/{export.pk}/").content.decode()
    assert client.get(f"/exports/{export.pk}/download/").status_code == 410
    _run_worker()
    export.refresh_from_db()
    assert (export.status, export.rows_total, export.rows_written) == (Export.Status.DONE, 2, 2)
    assert path_of(export).is_file()
    page = client.get("/exports/").content.decode()
    assert "Ready" in page and f"/exports/{export.pk}/download/" in page
    client.get(f"/exports/{export.pk}/download/")
    entries = list(
        AuditEntry.objects.filter(username="kw_north", action=AuditEntry.Action.EXPORT).order_by("at", "id")
    )
    assert [e.summary for e in entries] == [
        "Asked for an export of Families as CSV",
        "Exported 2 rows of Families as CSV",
        "Downloaded an export of Families",
    ]
    assert entries[0].detail["reason"] == REASON and entries[0].object_id == str(export.pk)
    assert entries[1].channel == "worker"


def test_a_failed_job_is_shown_with_its_problem(world: World, client: Client) -> None:
    export = _ask(client, world.users["coordinator"], "claims", "?period=2031Q4")
    _run_worker()
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    page = client.get(f"/exports/{export.pk}/").content.decode()
    assert "Failed" in page and "There are no claims for that period." in page
    assert not path_of(export).exists()


def test_the_form_asks_for_a_reason_and_a_format(world: World, client: Client) -> None:
    client.force_login(world.users["kw_north"])
    response = client.post("/exports/new/families/", {"format": "pdf", "reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the reason for the export" in page and "Choose CSV or XLSX" in page
    assert not Export.objects.exists()
    assert client.get("/exports/new/nothing/").status_code == 404


def test_only_the_user_who_asked_may_see_or_download_the_export(world: World, client: Client) -> None:
    export = _ask(client, world.users["kw_north"], "families")
    _run_worker()
    client.force_login(world.users["kw_south"])
    assert client.get(f"/exports/{export.pk}/download/").status_code == 404
    assert client.get(f"/exports/{export.pk}/").status_code == 404
    assert str(export.pk) not in client.get("/exports/").content.decode()
    assert AuditEntry.objects.filter(
        username="kw_south", action=AuditEntry.Action.DENIED, object_id=str(export.pk)
    ).exists()


def test_an_expired_export_is_removed_and_refused(world: World, client: Client) -> None:
    export = _ask(client, world.users["kw_north"], "families")
    _run_worker()
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"/exports/{export.pk}/download/").status_code == 410
    export.refresh_from_db()
    assert export.status == Export.Status.EXPIRED
    assert not path_of(export).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_exported_cell_is_a_live_formula(world: World, client: Client, fmt: str) -> None:
    Team.objects.filter(name="North").update(name='=HYPERLINK("http://example.invalid","North")')
    user = world.users["kw_north"]
    user.first_name, user.last_name = "@SUM(1+1)", "-2+3"
    user.save()
    rows = _export(client, user, "families", fmt=fmt)
    assert '\'=HYPERLINK("http://example.invalid","North")' in _column(rows, "team")
    assert_no_live_formula(path_of(Export.objects.get(user=user)))


ALLOWED = {
    "families": set(USERS) - {"admin"},
    "people": set(USERS) - {"admin"},
    "team-families": {"manager_north", "coordinator"},
    "claims": {"coordinator"},
    "quarantine": {"data_manager"},
    "review-queue": {"data_manager"},
}


@pytest.mark.parametrize("list_name", sorted(ALLOWED))
def test_who_may_ask_for_each_export(world: World, client: Client, list_name: str) -> None:
    for username, user in world.users.items():
        client.force_login(user)
        status = client.get(f"/exports/new/{list_name}/").status_code
        assert status == (200 if username in ALLOWED[list_name] else 403), username


def test_a_running_export_shows_its_progress(world: World, client: Client) -> None:
    export = _ask(client, world.users["kw_north"], "families")
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, rows_total=40_000, rows_written=10_000
    )
    page = client.get(f"/exports/{export.pk}/").content.decode()
    assert "Running" in page and "10,000 of 40,000 rows (25%)" in page
    assert 'http-equiv="refresh"' in page


@pytest.fixture
def ingested(tmp_path: Path, settings: Any) -> Workspace:
    """A workspace whose latest ingest quarantined two rows, one a formula; the site's workspace."""
    delivered = 'id,first,last,dob\nC1,Ann,Lee,1990-01-02\nC2,Bob,Day,"=1+2"\nC3,Cy,Fox,soon\n'
    workspace = clients_workspace(
        tmp_path / "ws",
        {"2024-01-31": delivered},
        config=CLIENTS_WITH_DOB,
        name="exports test",
        ingested=True,
    )
    settings.WORKSPACE = workspace.root
    return workspace


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_data_manager_exports_the_quarantine(
    world: World, client: Client, ingested: Workspace, fmt: str
) -> None:
    client.force_login(world.users["data_manager"])
    assert "/exports/new/quarantine/" in client.get("/exports/").content.decode()
    rows = _export(client, world.users["data_manager"], "quarantine", fmt=fmt)
    assert rows[0] == list(QUARANTINE_HEADER)
    assert _column(rows, "raw_value") == ["'=1+2", "soon"]
    if fmt == "xlsx":
        assert_no_live_formula(path_of(Export.objects.get()))


def test_the_review_queue_without_a_link_run_fails_saying_so(
    world: World, client: Client, ingested: Workspace
) -> None:
    export = _ask(client, world.users["data_manager"], "review-queue")
    _run_worker()
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert "no link run in the warehouse" in client.get(f"/exports/{export.pk}/").content.decode()
