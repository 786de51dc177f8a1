"""A Standard Safeguarding Dataset extract (early help history from a case system): generated field by field
as the published model has it, and ingested by the shipped configs with joined and grouped tables."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from workspace_builder import Ws

import wholefamily
from wholefamily.cli import main
from wholefamily.ingest.config import ConfigError, parse_source_config
from wholefamily.ingest.ssd_model import EPISODES, FAMILY, PERSON, ssd_model

CONFIGS = Path(wholefamily.__file__).parent / "synthetic" / "sources_ssd"
TODAY = "2026-10-31"


def _generate(out: Path) -> None:
    args = ["generate", "--residents", "2000", "--seed", "3", "--deliveries", "1", "--ssd", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ssd") / "ws"
    _generate(out)
    return out


def test_the_generator_writes_the_models_tables_field_by_field(extract: Path, tmp_path: Path) -> None:
    folder = extract / "extracts" / TODAY
    model = ssd_model()
    for table in model.tables.values():
        with (folder / table.file_name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == table.columns
    people = {r["pers_person_id"] for r in _rows(folder / "ssd_person.csv")}
    episodes = _rows(folder / "ssd_early_help_episodes.csv")
    families = _rows(folder / "ssd_family.csv")
    assert episodes and families
    assert {r["earl_person_id"] for r in episodes} <= people
    assert {r["fami_person_id"] for r in families} == people  # everyone named is in a family
    for table, rows in ((PERSON, _rows(folder / "ssd_person.csv")), (EPISODES, episodes), (FAMILY, families)):
        key = model.tables[table].key
        assert len({r[key] for r in rows}) == len(rows), table
        for spec in model.tables[table].fields:
            for row in rows:
                value = row[spec.name]
                if spec.required:
                    assert value, (table, spec.name)
                if spec.is_datetime and value:
                    dt.datetime.strptime(value, model.datetime_format)
                if spec.max_length is not None:
                    assert len(value) <= spec.max_length, (table, spec.name, value)
    # the same seed writes the same bytes
    again = tmp_path / "again"
    _generate(again)
    for table in model.tables.values():
        assert (again / "extracts" / TODAY / table.file_name).read_bytes() == (
            folder / table.file_name
        ).read_bytes()


def test_the_shipped_configs_read_every_row_and_reconcile(extract: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(extract, ws)
    for config in (ws / "sources").glob("*.yaml"):
        if not config.name.startswith("ssd_"):
            config.unlink()
    result = CliRunner().invoke(main, ["ingest", "--workspace", str(ws)])
    assert result.exit_code == 0, result.output
    folder = extract / "extracts" / TODAY
    episodes = _rows(folder / "ssd_early_help_episodes.csv")
    families = _rows(folder / "ssd_family.csv")
    built = Ws(ws)
    counts = dict(
        (r[0], r[1:])
        for r in built.query(
            "select source, rows_read, rows_accepted, rows_quarantined, rows_duplicates_dropped, mentions_read, "
            "mentions_accepted from run_sources"
        )
    )
    assert counts["ssd_early_help_episodes"] == (
        len(episodes),
        len(episodes),
        0,
        0,
        len(episodes),
        len(episodes),
    )
    family_ids = {r["fami_family_id"] for r in families}
    assert counts["ssd_family"] == (len(family_ids), len(family_ids), 0, 0, len(families), len(families))
    # each episode is an event with its dates, reason, end reason, organisation and the case system
    first = episodes[0]
    event = built.one(
        "select event_date, end_date, episode_reason, episode_end_reason, organisation, source_system "
        "from events where kind = 'early_help_episode' and record_key = ?",
        [first["earl_episode_id"]],
    )
    assert event == (
        dt.date.fromisoformat(first["earl_episode_start_date"][:10]),
        dt.date.fromisoformat(first["earl_episode_end_date"][:10])
        if first["earl_episode_end_date"]
        else None,
        first["earl_episode_reason"],
        first["earl_episode_end_reason"] or None,
        first["earl_episode_organisation"],
        "Liquidlogic",
    )
    # a family's members are one record, so that family formation reads them as one household
    members = built.query(
        "select record_key, count(*) from mentions where source = 'ssd_family' group by 1 order by 1"
    )
    expected: dict[str, int] = {}
    for row in families:
        expected[row["fami_family_id"]] = expected.get(row["fami_family_id"], 0) + 1
    assert members == sorted(expected.items())
    # the truth names each person mention where ingest puts it (the family's first row, the member's place)
    truth = pq.read_table(ws / "truth" / "mentions.parquet").to_pylist()
    placed = {
        (t["source"], t["row_number"], t["people_group"], t["person_index"])
        for t in truth
        if t["source"].startswith("ssd_")
    }
    assert placed == set(
        built.query(
            "select source, row_number, people_group, person_index from mentions where source like 'ssd_%'"
        )
    )


PERSON_HEADER = ",".join(ssd_model().tables[PERSON].columns)


def _person(pid: str, forename: str, surname: str, dob: str = "2015-03-04 00:00:00.000") -> str:
    return f",{pid},,{forename},{surname},F,02,WBRI,{dob},,,N,,,,"


def test_bad_rows_are_quarantined_naming_the_file_row_and_field(ws: Ws) -> None:
    for config in CONFIGS.glob("*.yaml"):
        shutil.copy(config, ws.root / "sources" / config.name)
    day = "extracts/2025-01-31"
    ws.file(
        f"{day}/ssd_person.csv",
        "\n".join(
            [
                PERSON_HEADER,
                _person("P1", "Ann", "Lee"),
                _person("P1", "Ann", "Lee"),  # a line repeated exactly is no doubt about who is meant
                _person("P2", "Bea", "Lee"),
                _person("P2", "Bee", "Leigh"),  # the same person id twice: which is meant is not known
                _person("P3", "Cy", "Day", dob="31/02/2015"),  # not a date in the model's format
            ]
        )
        + "\n",
    )
    ws.file(
        f"{day}/ssd_early_help_episodes.csv",
        ",".join(ssd_model().tables[EPISODES].columns)
        + "\n"
        + "E1,P1,2024-01-05 00:00:00.000,2024-06-30 00:00:00.000,Parenting support,Outcomes met,Hub,W1\n"
        + "E2,P9,2024-01-05 00:00:00.000,,Parenting support,,Hub,W1\n"  # no such person
        + "E3,P2,2024-01-05 00:00:00.000,,Parenting support,,Hub,W1\n"
        + "E4,P1,05/01/2024,,Parenting support,,Hub,W1\n",  # a start date not in the model's format
    )
    ws.file(
        f"{day}/ssd_family.csv",
        "fami_table_id,fami_family_id,fami_person_id\nT1,F1,P1\nT2,F1,P3\nT3,F2,P9\nT1,F1,P1\n",  # T1 twice
    )
    ws.ingest()
    quarantined = ws.query(
        "select source, file, row_number, field, reason from quarantine order by source, row_number, field"
    )
    assert quarantined == [
        ("ssd_early_help_episodes", f"{day}/ssd_early_help_episodes.csv", 3, "(row)",
         f"no row of {day}/ssd_person.csv (its pers_person_id) matches earl_person_id"),
        ("ssd_early_help_episodes", f"{day}/ssd_early_help_episodes.csv", 4, "(row)",
         f"{day}/ssd_person.csv: rows 4, 5 have the same pers_person_id: which one is meant is not known"),
        ("ssd_early_help_episodes", f"{day}/ssd_early_help_episodes.csv", 5, "early_help_episode.event_date",
         "not a date in the formats iso"),
        ("ssd_family", f"{day}/ssd_family.csv", 2, "dob", "not a date in the formats iso"),  # F1's 2nd member
        ("ssd_family", f"{day}/ssd_family.csv", 4, "(row)",
         f"no row of {day}/ssd_person.csv (its pers_person_id) matches fami_person_id"),
    ]  # fmt: skip
    assert ws.query(
        "select source, rows_read, rows_accepted, rows_quarantined from run_sources order by 1"
    ) == [
        ("ssd_early_help_episodes", 4, 1, 3),
        ("ssd_family", 2, 1, 1),
    ]
    # a grouped record is on its first row; the member whose date of birth is not a date is its second person
    assert ws.query("select person_index from quarantine where field = 'dob'") == [(1,)]
    assert ws.query("select first_name from mentions where source = 'ssd_family'") == [("ANN",)]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("format: {type: csv}", "format: {type: json}"),
        ("match: {earl_person_id: pers_person_id}", "match: {earl_person_id: pers_person_id, a: b}"),
        ("file: ssd_person.csv", "file: ../ssd_person.csv"),
    ],
)
def test_joins_are_checked_when_the_config_loads(change: str, problem: str) -> None:
    text = (CONFIGS / "ssd_early_help_episodes.yaml").read_text("utf-8")
    parse_source_config("ok.yaml", text)
    assert change in text
    with pytest.raises(ConfigError):
        parse_source_config("bad.yaml", text.replace(change, problem))


def test_a_grouped_records_people_are_its_nested_array() -> None:
    text = (CONFIGS / "ssd_family.yaml").read_text("utf-8")
    with pytest.raises(ConfigError, match=r"must be group\.nested_as"):
        parse_source_config("bad.yaml", text.replace("path: members", "path: people"))
