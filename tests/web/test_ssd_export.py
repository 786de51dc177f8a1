"""``wholefamily ssd export``: our early help episodes as a Standard Safeguarding Dataset extract, with exactly the
model's columns, which the shipped SSD source configs import back as the same people, families and episodes."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import wholefamily
from wholefamily.cli import main
from wholefamily.ingest.ssd_model import ssd_model
from wholefamily.web.accounts.models import AuditEntry, Role, Team, User
from wholefamily.web.casework.models import Closure, Family, Membership, Person, Referral, Source
from wholefamily.web.warehouse_sync.ssd_export import export_ssd
from wholefamily.workspace import Workspace

CONFIGS = Path(wholefamily.__file__).parent / "synthetic" / "sources_ssd"
DELIVERY = "2026-01-31"
Member = tuple[str, str, dt.date | None, str, str, str]  # first name, surname, born, sex, ethnicity, role


def _family(team: Team | None, lead: User | None, *members: Member) -> Family:
    family = Family.objects.create(
        origin=Source.CASEWORK, status=Family.Status.OPEN, team=team, lead_practitioner=lead
    )
    for first, surname, born, sex, ethnicity, role in members:
        person = Person.objects.create(
            origin=Source.CASEWORK,
            first_name=first,
            surname=surname,
            date_of_birth=born,
            sex=sex,
            ethnicity=ethnicity,
        )
        Membership.objects.create(family=family, person=person, role=role, source=Source.CASEWORK)
    return family


def _refer(
    family: Family, on: dt.date, route: str = Referral.Route.EARLY_HELP, reason: str = "Parenting"
) -> None:
    Referral.objects.create(
        family=family, received_on=on, origin=Referral.Origin.AGENCY, reason=reason, route=route
    )


@pytest.fixture
def casework(db: None) -> dict[str, Family]:
    team = Team.objects.create(name="Early Help North")
    worker = User.objects.create_user("kw_ssd", role=Role.KEYWORKER, team=team)
    child, parent = Membership.Role.CHILD, Membership.Role.PARENT
    lee = _family(
        team,
        worker,
        ("Ann", "Lee", dt.date(1988, 2, 3), "female", "white", parent),
        ("Bo", "Lee", dt.date(2014, 5, 6), "male", "white", child),
        ("Cy", "Lee", dt.date(2017, 8, 9), "", "", child),
    )
    _refer(lee, dt.date(2025, 1, 10), reason="School\nattendance")
    Closure.objects.create(family=lee, closed_on=dt.date(2025, 6, 30), reason=Closure.Reason.OUTCOMES_MET)
    _refer(lee, dt.date(2025, 9, 1), reason="Housing")  # open
    adults = _family(None, None, ("Di", "Ray", dt.date(1970, 1, 1), "female", "black", parent))
    _refer(adults, dt.date(2025, 3, 3), reason="Debt")
    social_care = _family(None, None, ("Ed", "Fox", dt.date(2012, 1, 1), "male", "asian", child))
    _refer(social_care, dt.date(2025, 4, 4), route=Referral.Route.SOCIAL_CARE)
    return {"lee": lee, "adults": adults, "social_care": social_care}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_export_writes_the_models_columns_and_formats(
    casework: dict[str, Family], tmp_path: Path
) -> None:
    result = export_ssd(tmp_path)
    assert (result.families, result.people, result.episodes) == (2, 4, 5)
    model = ssd_model()
    for table in model.tables.values():
        with (tmp_path / table.file_name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == table.columns
    episodes = _read(tmp_path / "ssd_early_help_episodes.csv")
    lee = casework["lee"].reference
    first = [e for e in episodes if e["earl_episode_start_date"] == "2025-01-10 00:00:00.000"]
    assert [
        (e["earl_episode_end_date"], e["earl_episode_reason"], e["earl_episode_end_reason"]) for e in first
    ] == [("2025-06-30 00:00:00.000", "School attendance", "Outcomes met")] * 2  # one row for each child
    assert {e["earl_episode_organisation"] for e in first} == {"Early Help North"}
    assert {e["earl_episode_worker_id"] for e in first} == {"kw_ssd"}
    reopened = [e for e in episodes if e["earl_episode_start_date"].startswith("2025-09-01")]
    assert [(e["earl_episode_end_date"], e["earl_episode_end_reason"]) for e in reopened] == [("", "")] * 2
    people = {p["pers_forename"]: p for p in _read(tmp_path / "ssd_person.csv")}
    assert (people["Ann"]["pers_sex"], people["Ann"]["pers_ethnicity"], people["Ann"]["pers_dob"]) == (
        "F",
        "WOTH",
        "1988-02-03 00:00:00.000",
    )
    assert (people["Cy"]["pers_sex"], people["Cy"]["pers_gender"]) == ("U", "00")
    assert {f["fami_family_id"] for f in _read(tmp_path / "ssd_family.csv")} == {
        lee,
        casework["adults"].reference,
    }
    audited = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, channel="cli")
    assert sorted(audited.values_list("family_id", flat=True)) == sorted(
        [casework["lee"].pk, casework["adults"].pk]
    )


def test_an_export_imports_back_as_the_same_people_families_and_episodes(
    casework: dict[str, Family], tmp_path: Path
) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("ssd round trip")
    export_ssd(workspace.extracts / DELIVERY)
    for config in CONFIGS.glob("*.yaml"):
        shutil.copy(config, workspace.sources / config.name)
    result = CliRunner().invoke(main, ["ingest", "--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        counts = con.execute(
            "select sum(rows_quarantined), sum(mentions_quarantined) from run_sources"
        ).fetchone()
        people = con.execute(
            "select distinct local_id, first_name, surname, dob, sex, ethnicity from mentions order by 1"
        ).fetchall()
        families = con.execute(
            "select record_key, list(local_id order by person_index) from mentions where source = 'ssd_family' "
            "group by 1 order by 1"
        ).fetchall()
        episodes = con.execute(
            "select m.local_id, e.event_date, e.end_date, e.episode_reason, e.episode_end_reason, e.organisation "
            "from events e join mentions m using (mention_key, delivery_date) order by 1, 2"
        ).fetchall()
    assert counts == (0, 0)
    expected_people = sorted(
        (
            f"WFP{p.pk:07d}",
            p.first_name.upper(),
            p.surname.upper(),
            p.date_of_birth,
            p.sex or "unknown",
            p.ethnicity or None,
        )
        for p in Person.objects.filter(memberships__family__in=[casework["lee"], casework["adults"]])
    )
    assert people == expected_people
    assert families == sorted(
        (f.reference, [f"WFP{m.person_id:07d}" for m in f.memberships.order_by("person_id")])
        for f in (casework["lee"], casework["adults"])
    )
    children = sorted(
        f"WFP{m.person_id:07d}" for m in casework["lee"].memberships.filter(role=Membership.Role.CHILD)
    )
    ray = f"WFP{casework['adults'].memberships.get().person_id:07d}"
    assert episodes == sorted(
        [
            *(
                (
                    c,
                    dt.date(2025, 1, 10),
                    dt.date(2025, 6, 30),
                    "School attendance",
                    "Outcomes met",
                    "Early Help North",
                )
                for c in children
            ),
            *((c, dt.date(2025, 9, 1), None, "Housing", None, "Early Help North") for c in children),
            (ray, dt.date(2025, 3, 3), None, "Debt", None, None),
        ]
    )


def test_the_command_writes_the_three_tables(
    casework: dict[str, Family], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("ssd export command")
    monkeypatch.setenv("WHOLEFAMILY_HOME", str(workspace.root))  # django_setup sets it; put it back after
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["ssd", "export", str(out), "--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert f"Wrote 5 early help episodes of 2 families (4 people) to {out}" in " ".join(result.output.split())
    assert sorted(p.name for p in out.iterdir()) == sorted(t.file_name for t in ssd_model().tables.values())
