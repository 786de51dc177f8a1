"""`wholefamily sources draft`: the layout sniffed (encoding, delimiter, title lines, sheets, JSON arrays),
person fields guessed from headers and values, a config ingest accepts, and no personal value copied."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml
from click.testing import CliRunner, Result
from workspace_builder import Ws, write_workbook

from wholefamily.cli import main
from wholefamily.identifiers import nhs_check_digit, upn_check_letter


def draft(ws: Ws, relative: str, *args: str) -> tuple[str, dict[str, Any]]:
    """Draft the file into the workspace's sources/ (as the data manager would); the text and its YAML."""
    result = sources(ws, "draft", str(ws.root / relative), *args)
    assert result.exit_code == 0, result.output
    written = sorted((ws.root / "sources").glob("*.yaml"))[-1].read_text("utf-8")
    return written, yaml.safe_load(written)


def sources(ws: Ws, *args: str) -> Result:
    return CliRunner().invoke(main, ["sources", args[0], "--workspace", str(ws.root), *args[1:]])


def comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))


def nhs(n: int) -> str:
    digits = f"{n:09d}"
    return digits + str(nhs_check_digit(digits)) if nhs_check_digit(digits) is not None else nhs(n + 1)


def upn(n: int) -> str:
    digits = f"{n:012d}"
    return upn_check_letter(digits) + digits


TENANTS = [
    ("NH-00417", "SMITH, Mrs Jane", "03/04/1984", "AB 12 34 56 C", "ab1 2de", "1,234.50"),
    ("NH-00418", "O'NEIL, Mr Sean", "30/11/1979", "", "AB1 3DE", ""),
    ("NH-00419", "BRIGHT, Zoë", "21/07/1990", "JK 65 43 21 A", "AB2 4FG", "£12.00"),
    ("NH-00420", "PATEL, Dr Ravi", "01/01/1966", "CE 11 22 33 D", "AB2 5HJ", ""),
]


def test_a_windows_file_with_title_lines_and_semicolons_is_read_as_delivered(ws: Ws) -> None:
    lines = ["Northfield Homes – tenancies and arrears", "Run date: 31/03/2025", ""]
    lines += [";".join(["Tenancy Ref", "Lead Tenant", "Lead DOB", "NI No", "Post Code", "Arrears £"])]
    lines += [";".join(row) for row in TENANTS]
    ws.file("extracts/2025-03-31/northfield_tenancies.csv", "\r\n".join(lines) + "\r\n", encoding="cp1252")
    text, config = draft(ws, "extracts/2025-03-31/northfield_tenancies.csv")
    assert config["source"] == "northfield_tenancies"
    assert config["files"] == "extracts/*/northfield_tenancies.csv"
    assert config["format"] == {
        "type": "csv",
        "encoding": "cp1252",
        "delimiter": ";",
        "quotechar": '"',
        "header_row": 4,
    }
    assert config["record_key"] == ["Tenancy Ref"]
    [tenant] = config["people"]
    assert tenant["fields"] == {
        "full_name": {"column": "Lead Tenant", "name_order": "surname_first"},
        "dob": {"column": "Lead DOB", "date_formats": ["%d/%m/%Y"]},
        "postcode": {"column": "Post Code"},
        "ni_number": {"column": "NI No"},
    }
    assert "# line 4 holds the column names; the lines above it are titles" in text
    assert "# the header names a date of birth; 100% of values look like dd/mm/yyyy" in text
    assert "Arrears £: text" in text  # not read: named in the comments for the events
    ws.ingest()
    names = ws.query("select title, first_name, surname, ni_number from mentions order by surname")
    assert names == [
        (None, "ZOE", "BRIGHT", "JK654321A"),
        ("MR", "SEAN", "ONEIL", None),
        ("DR", "RAVI", "PATEL", "CE112233D"),
        ("MRS", "JANE", "SMITH", "AB123456C"),
    ]
    assert_no_values(text, [v for row in TENANTS for v in row[1:4]])


def assert_no_values(text: str, values: list[str]) -> None:
    """No name, date of birth or identifier of the file is in the draft."""
    found = [v for v in values if v and (v in text or v.upper() in text)]
    assert not found, found


def test_a_byte_order_mark_tabs_and_names_in_two_columns(ws: Ws) -> None:
    rows = [["PupilID", "UPN", "Forename", "Surname", "DOB", "Gender", "Term"]]
    rows += [
        [f"P{i:04d}", upn(9972000100 + i), first, "Howard", f"2014-06-{i + 10:02d}", sex, term]
        for i, (first, sex) in enumerate([("Deborah", "F"), ("Gary", "M"), ("Lily", "F"), ("Sam", "U")])
        for term in ("2024-autumn", "2025-spring")
    ]
    text = "\ufeff" + "".join("\t".join(row) + "\n" for row in rows)
    ws.file("extracts/2025-03-31/attendance_20250331.tsv", text)
    _, config = draft(ws, "extracts/2025-03-31/attendance_20250331.tsv")
    assert config["source"] == "attendance"
    assert config["files"] == "extracts/*/attendance_*.tsv"  # next month's file matches too
    assert config["format"]["encoding"] == "utf-8-sig"
    assert config["format"]["delimiter"] == "\t"
    assert config["record_key"] == ["PupilID", "Term"]  # no column is unique, the pair is
    [pupil] = config["people"]
    assert pupil["name"] == "pupil"  # from the person's id
    assert pupil["fields"]["first_name"] == {"column": "Forename"}
    assert pupil["fields"]["surname"] == {"column": "Surname"}
    assert pupil["fields"]["dob"] == {"column": "DOB", "date_formats": ["iso"]}
    assert pupil["fields"]["sex"] == {"column": "Gender", "map": {"F": "female", "M": "male", "U": "unknown"}}
    assert pupil["fields"]["upn"] == {"column": "UPN"}
    assert pupil["fields"]["local_id"] == {"column": "PupilID"}
    ws.ingest()
    assert ws.one("select count(*), count(upn), count(distinct record_key) from mentions") == (8, 8, 8)


INCIDENTS = {
    "extract": {
        "force": "Shire Constabulary",
        "created": "2025-03-31T06:00:00Z",
        "incidents": [
            {
                "ref": "SC-25-004411",
                "reported": "2025-03-02T23:14:00Z",
                "type": "DA-HIGH",
                "people": [
                    {
                        "role": "VICTIM",
                        "name": {"forename": "Jane", "surname": "Smith"},
                        "dob": "1984-04-03",
                        "sex": "F",
                    },
                    {
                        "role": "SUSPECT",
                        "name": {"forename": "Mark", "surname": "Smith"},
                        "dob": None,
                        "age": 41,
                    },
                    {
                        "role": "CHILD PRESENT",
                        "name": {"forename": "Tom", "surname": "Smith"},
                        "dob": "2014-01-12",
                    },
                ],
            },
            {
                "ref": "SC-25-004412",
                "reported": "2025-03-05T10:00:00Z",
                "type": "ASB",
                "people": [
                    {"role": "WITNESS", "name": {"forename": "Ann", "surname": "Lee"}, "dob": "1990-07-21"}
                ],
            },
        ],
    }
}


def test_json_records_under_a_key_with_a_nested_array_of_people(ws: Ws) -> None:
    ws.file("extracts/2025-03-31/shire_incidents.json", json.dumps(INCIDENTS))
    text, config = draft(ws, "extracts/2025-03-31/shire_incidents.json")
    assert config["format"] == {"type": "json", "records_path": "extract.incidents", "encoding": "utf-8"}
    assert config["record_key"] == ["ref"]
    [involved] = config["people"]
    assert (involved["name"], involved["from"], involved["path"]) == ("people", "nested", "people")
    assert involved["fields"] == {
        "first_name": {"column": "name.forename"},
        "surname": {"column": "name.surname"},
        "dob": {"column": "dob", "date_formats": ["iso"]},
        "age": {"column": "age"},
        "sex": {"column": "sex", "map": {"F": "female"}},
        "role": {"column": "role"},
    }
    assert "#   reported: dates" in text and "type: codes" not in text  # two values: not a code list
    ws.ingest()
    rows = ws.query("select record_key, person_index, first_name, age, role from mentions order by 1, 2")
    assert [r[:3] for r in rows] == [
        ("SC-25-004411", 0, "JANE"),
        ("SC-25-004411", 1, "MARK"),
        ("SC-25-004411", 2, "TOM"),
        ("SC-25-004412", 0, "ANN"),
    ]
    assert rows[1][3:] == (41, "suspect")


def test_the_sheets_of_records_are_chosen_with_their_header_row(ws: Ws) -> None:
    titles: list[list[object]] = [["Oakfield Academies Trust: exclusions"], ["OFFICIAL-SENSITIVE"], [], []]
    header: list[object] = ["Incident ID", "UPN", "Pupil Name", "DOB", "Gender", "Start Date", "Days"]
    autumn = [
        [
            f"OAT-{i}",
            upn(9972000200 + i),
            f"{surname}, {first}",
            dt.date(2014, 1, i + 1),
            "M",
            dt.date(2024, 10, 14),
            2.5,
        ]
        for i, (first, surname) in enumerate([("Tom", "Smith"), ("Ali", "Khan"), ("Jo", "Reed")])
    ]
    spring = [  # dates of birth typed into General cells: Excel keeps the day number
        [f"OAT-{i}", upn(9972000300 + i), f"{surname}, {first}", 41650 + i, "F", dt.date(2025, 2, 3), 1]
        for i, (first, surname) in enumerate([("Amy", "Stone"), ("Eve", "Ward")], start=10)
    ]
    write_workbook(
        ws.root / "extracts/2025-04-02/Oakfield exclusions April 2025.xlsx",
        {
            "Notes": [["About this return"], ["One sheet per term; the column names are on row 5."]],
            "Autumn 2024": [*titles, header, *autumn],
            "Spring 2025": [*titles, header, *spring],
            "Totals": [["Term", "Suspensions"], ["Autumn 2024", 3], ["Spring 2025", 2]],
        },
    )
    text, config = draft(ws, "extracts/2025-04-02/Oakfield exclusions April 2025.xlsx")
    assert config["files"] == "extracts/*/Oakfield exclusions *.xlsx"
    assert config["format"] == {"type": "excel", "sheets": ["Autumn 2024", "Spring 2025"], "header_row": 5}
    assert "sheet 'Totals' has other columns (header on row 1): not read" in text
    [pupil] = config["people"]
    assert pupil["fields"]["dob"] == {"column": "DOB", "date_formats": ["iso", "excel_serial"]}
    assert pupil["fields"]["full_name"] == {"column": "Pupil Name", "name_order": "surname_first"}
    assert "Start Date: dates" in text and "date: {column: Start Date, date_formats: [iso]}" in text
    ws.ingest()
    assert ws.query("select sheet, row_number, surname, dob from mentions order by sheet, row_number")[
        -1
    ] == (
        "Spring 2025",
        7,
        "WARD",
        dt.date(2014, 1, 22),  # day 41661
    )
    assert ws.one("select count(*) from mentions") == 5


def test_people_in_one_cell_and_a_second_person_on_the_row(ws: Ws) -> None:
    rows = [
        [
            "Ref",
            "Applicant Forenames",
            "Applicant Surname",
            "NHS Number",
            "Household Members",
            "Partner Name",
        ],
        [
            "H1",
            "Fatima",
            "Singh",
            nhs(400000001),
            "Ayesha SINGH (12/03/1962); Faisal SINGH (age 2)",
            "BAINS, Vikram",
        ],
        ["H2", "Zain", "Sandhu", nhs(400000011), "Nadia SANDHU (22/10/1939)", ""],
        ["H3", "Thea", "Griffiths", nhs(400000021), "", ""],
        [
            "H4",
            "Leo",
            "Green",
            nhs(400000031),
            "Ann GREEN (01/02/2003); Bob GREEN (03/04/2005)",
            "STONE, Kay",
        ],
    ]
    ws.file("extracts/2025-03-31/cases.csv", "".join(",".join(f'"{v}"' for v in row) + "\n" for row in rows))
    text, config = draft(ws, "extracts/2025-03-31/cases.csv")
    applicant, household, partner = config["people"]
    assert (applicant["name"], household["name"], partner["name"]) == (
        "applicant",
        "household_members",
        "partner",
    )
    assert applicant["fields"]["nhs_number"] == {"column": "NHS Number"}  # unprefixed: the first person's
    assert household["from"] == "cell"
    assert household["cell"]["separator"] == ";"
    assert household["fields"] == {
        "full_name": {"column": "full_name", "name_order": "forename_first"},
        "dob": {"column": "dob", "date_formats": ["%d/%m/%Y"]},
        "age": {"column": "age"},
    }
    assert partner["fields"] == {"full_name": {"column": "Partner Name", "name_order": "surname_first"}}
    ws.ingest()
    counts = ws.query(
        "select people_group, count(*), count(dob), count(age) from mentions group by 1 order by 1"
    )
    assert counts == [("applicant", 4, 0, 0), ("household_members", 5, 4, 1), ("partner", 2, 0, 0)]
    assert_no_values(text, [v for row in rows[1:] for v in row[1:]] + ["SINGH", "12/03/1962"])


def test_a_draft_never_overwrites_a_config_and_a_bad_id_is_refused(ws: Ws) -> None:
    ws.file("extracts/2025-03-31/clients.csv", "Client ID,Forename,Surname\nC1,Ann,Lee\nC2,Bob,Ray\n")
    first = sources(ws, "draft", str(ws.root / "extracts/2025-03-31/clients.csv"))
    assert first.exit_code == 0, first.output
    written = (ws.root / "sources/clients.yaml").read_text("utf-8")
    again = sources(ws, "draft", str(ws.root / "extracts/2025-03-31/clients.csv"))
    assert again.exit_code == 2 and "already exists" in again.output
    assert (ws.root / "sources/clients.yaml").read_text("utf-8") == written
    shown = sources(
        ws, "draft", str(ws.root / "extracts/2025-03-31/clients.csv"), "--source", "cl", "--out", "-"
    )
    assert shown.exit_code == 0 and "source: cl\n" in shown.output
    bad = sources(ws, "draft", str(ws.root / "extracts/2025-03-31/clients.csv"), "--source", "Clients!")
    assert bad.exit_code == 2 and "lower_snake_case" in bad.output


def test_no_key_column_a_country_and_the_records_postcode_for_the_people_in_a_cell(ws: Ws) -> None:
    rows = [
        ["Tenant", "Postcode", "Country", "Occupants"],
        ["HUNT, Craig", "WX3 3WY", "United Kingdom", "Amy HUNT (01/02/2010); Bo HUNT (03/04/2012)"],
        ["BIBI, Asif", "75008", "France", ""],
        ["BIBI, Asif", "75008", "France", "Ali BIBI (05/06/2001)"],
    ]
    ws.file(
        "extracts/2025-03-31/tenants.csv", "".join(",".join(f'"{v}"' for v in row) + "\n" for row in rows)
    )
    text, config = draft(ws, "extracts/2025-03-31/tenants.csv")
    assert config["record_key"] == {"line_number": True}
    assert "# check: a record is keyed by its line: stable within one delivery only" in text
    tenant, occupants = config["people"]
    assert tenant["fields"]["postcode"] == {"column": "Postcode", "country": "any"}
    assert occupants["fields"]["postcode"] == {"country": "any", "record_column": "Postcode"}
    ws.ingest()
    assert ws.query(
        "select record_key, people_group, postcode from mentions order by 1, 2, person_index"
    ) == [
        ("2", "occupants", "WX3 3WY"),
        ("2", "occupants", "WX3 3WY"),
        ("2", "tenant", "WX3 3WY"),
        ("3", "tenant", "75008"),
        ("4", "occupants", "75008"),
        ("4", "tenant", "75008"),
    ]


def test_values_quoted_with_single_quotes(ws: Ws) -> None:
    ws.file(
        "extracts/2025-03-31/claims.txt",
        "'Claim'|'Surname'|'Forename'|'NINO'\n'C|1'|'O''NEIL'|'Sean'|'AB123456C'\n'C|2'|'LEE'|'Ann Jo'|''\n",
    )
    _, config = draft(ws, "extracts/2025-03-31/claims.txt")
    assert (config["format"]["delimiter"], config["format"]["quotechar"]) == ("|", "'")
    ws.ingest()
    assert ws.query("select record_key, first_name, middle_names, surname from mentions order by 1") == [
        ("C|1", "SEAN", None, "ONEIL"),
        ("C|2", "ANN", "JO", "LEE"),
    ]
