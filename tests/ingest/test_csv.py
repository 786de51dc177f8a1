"""CSV sources: delimiters, encodings, title lines, physical line numbers, unreadable lines kept."""

from __future__ import annotations

import pytest
from workspace_builder import Ws, people_config


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter(ws: Ws, delimiter: str) -> None:
    ws.config(
        "clients", people_config(f'{{type: csv, delimiter: "{delimiter.encode("unicode_escape").decode()}"}}')
    )
    lines = [
        ["id", "first", "last", "dob"],
        ["C1", "Ann", "Lee", "01/02/1990"],
        ["C2", "Bob", "Ray", "02/03/1991"],
    ]
    ws.file("extracts/2024-01-31/clients.csv", "\n".join(delimiter.join(r) for r in lines) + "\n")
    ws.ingest()
    assert ws.query("select local_id, first_name, surname, row_number from mentions order by 1") == [
        ("C1", "ANN", "LEE", 2),
        ("C2", "BOB", "RAY", 3),
    ]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_encodings(ws: Ws, encoding: str) -> None:
    ws.config("clients", people_config(f"{{type: csv, encoding: {encoding}}}"))
    ws.file(
        "extracts/2024-01-31/clients.csv", "id,first,last,dob\nC1,Zoë,Muñoz,01/02/1990\n", encoding=encoding
    )
    ws.ingest()
    assert (
        ws.one("select first_name || ' ' || surname || ' / ' || name_raw from mentions")
        == "ZOE MUNOZ / Zoë Muñoz"
    )


def test_wrong_encoding_stops_the_run_naming_the_file(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv}"))
    ws.file(
        "extracts/2024-01-31/clients.csv", "id,first,last,dob\nC1,Zoë,Lee,01/02/1990\n", encoding="cp1252"
    )
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "extracts/2024-01-31/clients.csv" in result.output
    assert "utf-8" in result.output
    assert "Traceback" not in result.output
    assert not (ws.root / "warehouse.duckdb").exists() or ws.query(
        "select count(*) from duckdb_tables() where table_name = 'mentions'"
    ) == [(0,)]


def test_title_lines_and_quoted_line_breaks_keep_physical_line_numbers(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv, header_row: 3}"))
    ws.file(
        "extracts/2024-01-31/clients.csv",
        'Client extract\nRun on 31/01/2024\nid,first,last,dob\nC1,"Ann\nMarie",Lee,01/02/1990\n'
        "C2,Bob,Ray,02/03/1991\n",
    )
    ws.ingest()
    assert ws.query("select local_id, row_number from mentions order by 1") == [("C1", 4), ("C2", 6)]


def test_a_line_with_too_many_fields_is_quarantined_with_its_line_number(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv}"))
    ws.file(
        "extracts/2024-01-31/clients.csv",
        'id,first,last,dob\nC1,"A\nB",Lee,01/02/1990\nC2,Bob,Ray,02/03/1991,extra\nC3,Cy,Day,03/04/1992\n',
    )
    ws.ingest()
    assert ws.query("select local_id, row_number from mentions order by 1") == [("C1", 2), ("C3", 5)]
    row, reason, raw = ws.one("select row_number, reason, raw from quarantine")
    assert (row, reason) == (4, "5 fields where the header has 4")
    assert "C2,Bob,Ray" in raw
    assert ws.one("select rows_read, rows_accepted, rows_quarantined from run_sources") == (3, 2, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty file"),
        (
            "id,first,surname,dob\nC1,A,B,01/01/2000\n",
            "column 'last' named in the source config is not in the file",
        ),
    ],
)
def test_unreadable_files_stop_the_run(ws: Ws, content: str, message: str) -> None:
    ws.config("clients", people_config("{type: csv}"))
    ws.file("extracts/2024-01-31/clients.csv", content)
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "extracts/2024-01-31/clients.csv" in result.output
    assert message in " ".join(result.output.split())


def test_a_delivery_with_a_header_and_no_rows_is_read_as_zero_rows(ws: Ws) -> None:
    """A partner with nothing to report this month sends the header alone: a delivery, not an error."""
    ws.config("clients", people_config("{type: csv}"))
    ws.file("extracts/2024-01-31/clients.csv", "id,first,last,dob\n")
    ws.ingest()
    assert ws.one("select rows_read, rows_accepted, rows_quarantined from run_sources") == (0, 0, 0)


def test_no_files_matching_the_glob(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv}"))
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "no files match 'extracts/*/clients.csv'" in " ".join(result.output.split())


def test_bad_config_stops_the_run(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv, delimiter: ';;'}"))
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "clients.yaml" in result.output and "delimiter" in result.output


def test_a_byte_order_mark_is_not_part_of_the_first_column_name(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv}"))
    ws.file(
        "extracts/2024-01-31/clients.csv", "id,first,last,dob\nC1,Ann,Lee,01/02/1990\n", encoding="utf-8-sig"
    )
    ws.ingest()
    assert ws.one("select local_id from mentions") == "C1"


def test_quotechar(ws: Ws) -> None:
    ws.config("clients", people_config('{type: csv, quotechar: "\'"}'))
    ws.file("extracts/2024-01-31/clients.csv", "id,first,last,dob\nC1,'Ann, Marie',Lee,01/02/1990\n")
    ws.ingest()
    assert ws.one("select first_name, middle_names, surname from mentions") == ("ANN", "MARIE", "LEE")
    assert ws.one("select name_raw from mentions") == "Ann, Marie Lee"
