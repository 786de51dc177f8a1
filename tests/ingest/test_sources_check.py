"""`wholefamily sources check`: a dry run that counts exactly what ingest counts and writes nothing."""

from __future__ import annotations

import dataclasses

from click.testing import CliRunner, Result
from workspace_builder import Ws

from wholefamily.cli import main
from wholefamily.ingest.check import check_source, deliveries_to_check, find_config
from wholefamily.workspace import Workspace

CONFIG = """\
    source: clinic
    title: Clinic contacts
    agency: health
    files: extracts/*/clinic.csv
    format: {type: csv}
    record_key: [ref]
    people:
      - name: patient
        fields:
          nhs_number: {column: nhs}
          first_name: {column: first}
          surname: {column: last, required: true}
          dob: {column: dob, date_formats: ["%d/%m/%Y"]}
          sex: {column: sex, map: {M: male, F: female}}
    events:
      - kind: service_contact
        date: {column: seen, date_formats: ["%d/%m/%Y"]}
        end_date: {column: left, date_formats: ["%d/%m/%Y"]}
        values:
          service: {value: camhs}
    """
JANUARY = """\
    ref,nhs,first,last,dob,sex,seen,left
    R1,9434765919,Ann,Lee,01/02/2010,F,03/01/2024,
    R2,9434765918,Bob,Ray,31/02/2011,M,04/01/2024,05/01/2024
    R3,,Cy,,05/05/2012,X,05/01/2024,
    R1,9434765919,Ann,Lee,01/02/2010,F,03/01/2024,
    R1,9434765919,Ann,Leigh,01/02/2010,F,03/01/2024,
    R4,9434765919,Di,Day,06/06/2013,F,not a date,
    """
FEBRUARY = """\
    ref,nhs,first,last,dob,sex,seen,left
    R1,9434765919,Ann,Lee,01/02/2010,F,03/01/2024,01/02/2024
    R5,,Ed,Fox,07/07/2014,M,01/02/2024,
    """


def check(ws: Ws, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "200"})  # rich wraps at the terminal's width
    return runner.invoke(main, ["sources", "check", "--workspace", str(ws.root), *args])


def test_check_counts_what_ingest_counts_and_writes_nothing(ws: Ws) -> None:
    ws.config("clinic", CONFIG)
    ws.file("extracts/2024-01-31/clinic.csv", JANUARY)
    ws.file("extracts/2024-02-29/clinic.csv", FEBRUARY)
    result = check(ws, "clinic")
    assert result.exit_code == 0, result.output
    assert not (ws.root / "warehouse.duckdb").exists()
    assert not any((ws.root / "reports").iterdir())
    assert "9434765919" not in result.output and "*******919" in result.output  # identifiers masked
    for shown in (
        "record key repeated in this delivery",
        "required value missing",
        "not a date in the formats",
    ):
        assert shown in result.output
    workspace = Workspace(ws.root)
    config = find_config(workspace, "clinic")
    dry = check_source(config, deliveries_to_check(workspace, config, None))
    ws.ingest()
    counts = ", ".join(f.name for f in dataclasses.fields(dry.counts))
    assert ws.query(f"select {counts} from run_sources") == [dataclasses.astuple(dry.counts)]
    assert (dry.counts.rows_read, dry.counts.rows_quarantined, dry.counts.rows_duplicates_dropped) == (
        8,
        4,
        1,
    )
    quarantined = ws.query("select field, reason, count(*) from quarantine group by all order by all")
    assert sorted((q["field"], q["reason"], q["count"]) for q in dry.quarantine) == quarantined
    assert ws.one("select count(*) from field_warnings") == sum(w["count"] for w in dry.warnings)


def test_the_people_of_the_first_rows_as_parsed_and_the_fill_rates(ws: Ws) -> None:
    ws.config("clinic", CONFIG)
    ws.file("extracts/2024-01-31/clinic.csv", JANUARY)
    workspace = Workspace(ws.root)
    config = find_config(workspace, "clinic")
    result = check_source(config, deliveries_to_check(workspace, config, None), rows=2)
    assert [(p.row_number, p.accepted, p.fields["first_name"]) for p in result.people] == [
        (2, True, "ANN"),
        (3, False, "BOB"),  # 31 February: quarantined
    ]
    assert result.people[0].fields["nhs_number"] == "*******919"
    fill = {r["field"]: (r["share_present"], r["share_valid"]) for r in result.fill}
    # of the five people read (the exact duplicate dropped): a check digit wrong, one NHS number missing, sex X
    assert fill["nhs_number"] == (0.8, 0.75) and fill["sex"] == (1.0, 0.8)
    [contacts] = result.events
    assert (contacts.kind, contacts.events, contacts.filled) == (
        "service_contact",
        1,
        {"end_date": 0.0, "service": 1.0},
    )


def test_one_file_checked_with_a_config_from_anywhere(ws: Ws) -> None:
    ws.config("clinic", CONFIG)
    elsewhere = ws.root.parent / "clinic-draft.yaml"
    elsewhere.write_text((ws.root / "sources/clinic.yaml").read_text("utf-8"), "utf-8")
    ws.file("extracts/2024-01-31/clinic.csv", JANUARY)
    newer = ws.file("incoming/2024-02-29/clinic.csv", FEBRUARY)
    result = check(ws, str(elsewhere), "--file", str(newer))
    assert result.exit_code == 0, result.output
    assert "incoming/2024-02-29/clinic.csv" in result.output and "2024-02-29" in result.output
    workspace = Workspace(ws.root)
    config = find_config(workspace, str(elsewhere))
    assert check_source(config, deliveries_to_check(workspace, config, newer)).counts.rows_read == 2


def test_an_unknown_source_fails_in_one_line(ws: Ws) -> None:
    ws.config("clinic", CONFIG)
    result = check(ws, "pharmacy")
    assert result.exit_code == 2
    assert result.output.strip().startswith("sources check failed: no source config with source: pharmacy")


def test_a_delivery_with_no_rows_is_pointed_out(ws: Ws) -> None:
    ws.config("clinic", CONFIG)
    ws.file("extracts/2024-01-31/clinic.csv", "ref,nhs,first,last,dob,sex,seen,left\n")
    result = check(ws, "clinic")
    assert result.exit_code == 0, result.output
    assert "Warning: extracts/2024-01-31/clinic.csv: no rows" in result.output
