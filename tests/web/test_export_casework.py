"""``wholefamily export-casework``: families and people recorded by hand go back into the pipeline as the
``casework_referrals`` partner source; the next ingest reads them and link joins them to partner records."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from django.test import RequestFactory
from web_world import World

from wholefamily.cli import main
from wholefamily.ingest.config import load_source_config
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.journey.front_door.referral import create_referral
from wholefamily.web.casework.models import Family, Membership, Person
from wholefamily.web.warehouse_sync.casework_extract import HEADER, SOURCE, export_casework
from wholefamily.workspace import Workspace

DAY = dt.date(2026, 11, 2)  # after the generated workspace's delivery (2026-10-31)


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A small synthetic authority, generated once; tests ingest into copies of it."""
    out = tmp_path_factory.mktemp("export-casework") / "ws"
    _invoke("generate", "--residents", "1000", "--seed", "7", "--out", str(out))
    return Workspace(out)


@pytest.fixture
def empty(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("export-casework test")
    return workspace


def _refer(user: User, postcode: str, address: str, *people: tuple[str, str, dt.date | None, str]) -> Family:
    data = {
        "address": address,
        "postcode": postcode,
        "referral_reason": "Worried about the family",
        "referrer_agency": "school",
        "referrer_name": "A Teacher",
    }
    members = [{"first_name": f, "surname": s, "date_of_birth": d, "role": r} for f, s, d, r in people]
    return create_referral(data, members, user, RequestFactory().post("/families/new/"))


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _query(workspace: Workspace, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_an_empty_casework_database_gives_a_header_only_delivery_that_ingests(
    db: None, empty: Workspace
) -> None:
    result = export_casework(empty, DAY)
    assert result.path == empty.extracts / "2026-11-02" / "casework_referrals.csv"
    assert _rows(result.path) == [list(HEADER)]
    assert (result.families, result.people, result.config_written) == (0, 0, True)
    assert load_source_config(empty.sources / "casework_referrals.yaml").source == SOURCE
    _invoke("ingest", "--workspace", str(empty.root))
    assert _query(empty, "SELECT count(*) FROM mentions") == [(0,)]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_each_family_with_hand_made_people_is_one_row_with_its_current_members(
    world: World, empty: Workspace
) -> None:
    user = world.users["kw_north"]
    smith = _refer(
        user,
        "WX2 3BD",
        "12 Example Street",
        ("Robin", "Sm|th;", dt.date(1988, 10, 9), "parent"),
        ("Kit", "Smith", dt.date(2016, 2, 1), "child"),
        ("Lee", "Jones", None, "non_resident_parent"),
    )
    kit = Person.objects.get(first_name="Kit")
    kit.sex = "female"
    kit.save()
    lee = Membership.objects.get(person__first_name="Lee")
    moved = _refer(user, "WX9 9ZZ", "3 Other Road", ("Sam", "Moved", dt.date(1990, 1, 1), "parent"))
    Membership.objects.filter(family=moved).update(end_date=DAY)  # left: not a member any more

    result = export_casework(empty, DAY)

    people = {p.first_name: p.pk for p in Person.objects.filter(origin="casework")}
    assert _rows(result.path) == [
        list(HEADER),
        [
            smith.reference,
            smith.created_at.date().isoformat(),
            f"{people['Robin']}|Robin|Sm th|1988-10-09||parent|12 Example Street|WX2 3BD; "
            f"{people['Kit']}|Kit|Smith|2016-02-01|female|child|12 Example Street|WX2 3BD; "
            f"{lee.person_id}|Lee|Jones|||non_resident_parent||",
        ],
    ]  # the world's pipeline families and people are not casework's to send
    assert (result.families, result.people) == (1, 3)
    exported = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert [(e.family_id, e.channel, e.detail["members"]) for e in exported] == [(smith.pk, "cli", 3)]


def test_exporting_a_day_again_rewrites_only_that_file_and_keeps_an_edited_config(
    world: World, empty: Workspace
) -> None:
    user = world.users["kw_north"]
    _refer(user, "WX2 3BD", "12 Example Street", ("Robin", "Smith", dt.date(1988, 10, 9), "parent"))
    other_day = empty.extracts / "2026-10-01" / "casework_referrals.csv"
    other_day.parent.mkdir(parents=True)
    other_day.write_text("an older delivery\n", "utf-8")
    neighbour = empty.extracts / "2026-11-02" / "school_attendance.csv"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("another partner\n", "utf-8")
    first = export_casework(empty, DAY)
    config = empty.sources / "casework_referrals.yaml"
    config.write_text(config.read_text("utf-8") + "# edited by the data manager\n", "utf-8")
    _refer(user, "WX3 1AA", "4 New Lane", ("Ash", "Brown", dt.date(1992, 5, 6), "parent"))

    again = export_casework(empty, DAY)

    assert again.path == first.path and (again.families, again.config_written) == (2, False)
    assert [row[2].split("|")[1] for row in _rows(again.path)[1:]] == ["Robin", "Ash"]
    assert config.read_text("utf-8").endswith("# edited by the data manager\n")
    assert other_day.read_text("utf-8") == "an older delivery\n"
    assert neighbour.read_text("utf-8") == "another partner\n"
    assert sorted(p.name for p in first.path.parent.iterdir()) == [
        "casework_referrals.csv",
        "school_attendance.csv",
    ]


def test_the_command_writes_the_delivery_and_says_what_next(
    world: World, empty: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WHOLEFAMILY_HOME", str(empty.root))  # django_setup sets it; put it back after
    _refer(world.users["kw_north"], "WX2 3BD", "12 Example Street", ("Robin", "Smith", None, "parent"))
    output = _invoke("export-casework", "--workspace", str(empty.root), "--date", "2026-11-02")
    assert "extracts/2026-11-02/casework_referrals.csv: 1 families, 1 people" in output
    assert "sources/casework_referrals.yaml" in output and "wholefamily ingest" in output
    assert len(_rows(empty.extracts / "2026-11-02" / "casework_referrals.csv")) == 2
    failed = CliRunner().invoke(main, ["export-casework", "--workspace", str(empty.root / "missing")])
    assert failed.exit_code == 2 and "not a wholefamily workspace" in failed.output


def _resident(workspace: Workspace) -> dict[str, Any]:
    """A parent of the synthetic truth living with a child, named in at least two partner sources."""
    truth = workspace.truth
    with duckdb.connect() as con:
        row = con.execute(
            f"""
        WITH named AS (
            SELECT person_id FROM '{truth / "mentions.parquet"}' GROUP BY person_id
            HAVING count(DISTINCT source) >= 2
        ), home AS (
            SELECT m.person_id, m.family_id, a.line1, a.postcode
            FROM '{truth / "memberships.parquet"}' m JOIN '{truth / "addresses.parquet"}' a USING (address_id)
            WHERE m.end_date IS NULL AND m.role IN ('mother', 'father', 'parent', 'lone_parent')
        )
        SELECT p.person_id, p.first_name, p.surname, p.dob, h.line1, h.postcode
        FROM '{truth / "people.parquet"}' p JOIN named USING (person_id) JOIN home h USING (person_id)
        WHERE p.dob IS NOT NULL ORDER BY p.person_id LIMIT 1
        """
        ).fetchone()
    assert row is not None, "the generated authority has no parent named by two sources"
    return dict(zip(("truth_id", "first_name", "surname", "dob", "address", "postcode"), row, strict=True))


@pytest.mark.slow
def test_a_hand_made_referral_is_ingested_and_linked_to_the_resident_it_copies(
    world: World, generated: Workspace, tmp_path: Path
) -> None:
    workspace = Workspace(tmp_path / "ws")
    shutil.copytree(generated.root, workspace.root)
    resident = _resident(workspace)
    family = _refer(
        world.users["kw_north"],
        resident["postcode"],
        resident["address"],
        (resident["first_name"], resident["surname"], resident["dob"], "parent"),
        ("Newborn", resident["surname"], dt.date(2026, 10, 20), "child"),
        ("Jordan", "Elsewhere", dt.date(1985, 7, 8), "non_resident_parent"),
    )
    export_casework(workspace, DAY)

    _invoke("ingest", "--workspace", str(workspace.root))
    mentions = _query(
        workspace,
        "SELECT mention_key, first_name, role, local_id FROM mentions WHERE source = ? ORDER BY mention_key",
        [SOURCE],
    )
    copy, baby, elsewhere = (
        Person.objects.get(memberships__family=family, first_name=n)
        for n in (resident["first_name"], "Newborn", "Jordan")
    )
    assert mentions == [
        (f"{SOURCE}:{family.reference}:member:0", resident["first_name"].upper(), "parent", str(copy.pk)),
        (f"{SOURCE}:{family.reference}:member:1", "NEWBORN", "child", str(baby.pk)),
        (f"{SOURCE}:{family.reference}:member:2", "JORDAN", "parent (lives elsewhere)", str(elsewhere.pk)),
    ]
    assert _query(workspace, "SELECT count(*) FROM quarantine WHERE source = ?", [SOURCE]) == [(0,)]

    _invoke("link", "--workspace", str(workspace.root))
    truth_mentions = workspace.truth / "mentions.parquet"
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        resident_ids = con.execute(
            f"""
            SELECT DISTINCT pm.person_id FROM '{truth_mentions}' t
            JOIN mentions m ON m.source = t.source AND m.file = t.file AND m.sheet IS NOT DISTINCT FROM t.sheet
                 AND m.row_number = t.row_number AND m.people_group = t.people_group
                 AND m.person_index = t.person_index
            JOIN person_mentions pm USING (mention_key)
            WHERE t.person_id = ? AND pm.run_id = (SELECT max(run_id) FROM person_mentions)
            """,
            [resident["truth_id"]],
        ).fetchall()
        linked = dict(
            con.execute(
                """
                SELECT m.local_id, pm.person_id FROM mentions m JOIN person_mentions pm USING (mention_key)
                WHERE m.source = ? AND pm.run_id = (SELECT max(run_id) FROM person_mentions)
                """,
                [SOURCE],
            ).fetchall()
        )
        families = {
            person: (family_id, resident)
            for person, family_id, resident in con.execute(
                """
                SELECT person_id, family_id, resident FROM family_members
                WHERE end_date IS NULL AND run_id = (SELECT max(run_id) FROM family_members)
                """
            ).fetchall()
        }
    assert len(resident_ids) == 1, "the resident's own partner records should be one person"
    assert linked[str(copy.pk)] == resident_ids[0][0]
    assert linked[str(baby.pk)] != resident_ids[0][0]
    # one household as casework states it: the parent elsewhere shares neither surname nor address with them
    home = families[resident_ids[0][0]][0]
    assert families[linked[str(baby.pk)]] == (home, True)
    assert families[linked[str(elsewhere.pk)]] == (home, False)
