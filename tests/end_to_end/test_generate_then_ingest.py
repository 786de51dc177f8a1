"""A small synthetic authority, generated then ingested through the command line, loses nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.ingest.config import load_source_configs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("county") / "ws"
    runner = CliRunner()
    generated = runner.invoke(main, ["generate", "--residents", "3000", "--seed", "11", "--out", str(out)])
    assert generated.exit_code == 0, generated.output
    ingested = runner.invoke(main, ["ingest", "--workspace", str(out)])
    assert ingested.exit_code == 0, ingested.output
    yield out


def query(county: Path, sql: str) -> list[tuple[object, ...]]:
    """Run SQL over the published warehouse (read-only) beside the generator's truth."""
    with duckdb.connect() as con:
        con.execute("attach ? as warehouse (read_only)", [str(county / "warehouse.duckdb")])
        con.execute("use warehouse")
        con.execute(
            "create temp table truth_mentions as select * from read_parquet(?)",
            [str(county / "truth" / "mentions.parquet")],
        )
        return con.execute(sql).fetchall()


def test_every_source_config_loads_rows(county: Path) -> None:
    configured = {config.source for config in load_source_configs(county / "sources")}
    loaded = dict(query(county, "select source, rows_accepted from run_sources"))
    assert set(loaded) == configured
    assert all(int(str(rows)) > 0 for rows in loaded.values())


def test_rows_read_are_accepted_quarantined_or_exact_duplicates(county: Path) -> None:
    rows = query(
        county,
        "select source, rows_read, rows_accepted, rows_quarantined, rows_duplicates_dropped, mentions_read,"
        " mentions_accepted, mentions_quarantined from run_sources",
    )
    for source, read, accepted, quarantined, duplicates, m_read, m_accepted, m_quarantined in rows:
        assert read == accepted + quarantined + duplicates, source
        assert m_read == m_accepted + m_quarantined, source


def test_every_true_person_mention_is_in_the_warehouse_or_in_quarantine(county: Path) -> None:
    """The generator's record of every person it wrote into an extract, joined to what ingest kept."""
    lost = query(
        county,
        """
        select t.source, t.file, t.row_number, t.people_group, t.person_index
        from truth_mentions t
        where not exists (
            select 1 from mentions m
            where m.source = t.source and m.file = t.file and coalesce(m.sheet, '') = coalesce(t.sheet, '')
              and m.row_number = t.row_number and m.people_group = t.people_group
              and m.person_index = t.person_index and m.delivery_date = t.delivery_date)
          and not exists (
            select 1 from quarantine q
            where q.source = t.source and q.file = t.file and coalesce(q.sheet, '') = coalesce(t.sheet, '')
              and q.row_number = t.row_number
              and (q.person_index is null
                   or (q.people_group = t.people_group and q.person_index = t.person_index)))
        limit 10
        """,
    )
    assert lost == []
    (total,) = query(county, "select count(*) from truth_mentions")[0]
    assert int(str(total)) > 3000


def test_quarantine_and_warnings_catch_the_errors_the_generator_planted(county: Path) -> None:
    (quarantined,) = query(county, "select count(*) from quarantine")[0]
    (warnings,) = query(county, "select count(*) from field_warnings")[0]
    assert int(str(quarantined)) > 0
    assert int(str(warnings)) > 0


def test_data_quality_reports_are_written_per_source(county: Path) -> None:
    (run_id,) = query(county, "select run_id from runs order by started_at desc limit 1")[0]
    report_dir = county / "reports" / str(run_id)
    for (source,) in query(county, "select source from run_sources"):
        assert (report_dir / f"{source}.html").is_file()
        assert (report_dir / f"{source}.json").is_file()
