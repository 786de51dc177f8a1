"""Every format and option the brief asks for is present in the extracts, as the configs describe it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import python_calamine

LAST = "extracts/2026-10-31"


def text(authority: Path, name: str, encoding: str) -> str:
    return (authority / LAST / name).read_bytes().decode(encoding)


def test_csv_delimiters_and_encodings(authority: Path) -> None:
    raw = (authority / LAST / "school_attendance.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert text(authority, "youth_offending.csv", "cp1252").splitlines()[0].count(";") == 9
    assert text(authority, "dwp_benefits.txt", "utf-8").splitlines()[0].count("|") == 11
    arrears = text(authority, "rent_arrears.tsv", "cp1252").splitlines()
    assert arrears[0].startswith("Wexcombe Homes") and "\t" in arrears[2] and "Arrears (£)" in arrears[2]
    assert "\t" in text(authority, "maternity_antenatal.tsv", "utf-8").splitlines()[0]
    # accented names survive in the Windows-1252 files (and would not decode as UTF-8)
    cp1252 = "".join(
        text(authority, f, "cp1252")
        for f in ("substance_misuse.csv", "youth_offending.csv", "rent_arrears.tsv")
    )
    assert re.search("[éëâïóöü]", cp1252)
    raw_cp = b"".join(
        (authority / LAST / f).read_bytes()
        for f in ("substance_misuse.csv", "rent_arrears.tsv", "youth_offending.csv")
    )
    assert any(b in raw_cp for b in (b"\xe9", b"\xeb", b"\xe2", b"\xf3"))


def test_names_and_dates_in_the_formats_each_partner_uses(authority: Path) -> None:
    assert re.search(
        r'"[A-Z\'-]+, [A-Z][a-z]', text(authority, "substance_misuse.csv", "cp1252")
    )  # SURNAME, Forename
    yot = text(authority, "youth_offending.csv", "cp1252").splitlines()[1].split(";")
    assert re.fullmatch(r'"[^ ]+ [^"]+"', yot[2])  # Forename Surname
    assert re.fullmatch(r'"\d{5}"', yot[3])  # DOB as an Excel serial number
    assert re.fullmatch(r'"\d{2}-[A-Z][a-z]{2}-\d{2}"', yot[7])  # dd-MMM-yy
    dwp = text(authority, "dwp_benefits.txt", "utf-8").splitlines()[1].split("|")
    assert re.fullmatch(r"\d{8}", dwp[9])  # yyyymmdd
    att = text(authority, "school_attendance.csv", "utf-8-sig").splitlines()[1].split(",")
    assert re.fullmatch(r'"\d{2}/\d{2}/\d{4}"', att[5]) and re.fullmatch(r'"\d{4}-\d{2}-\d{2}"', att[10])
    assert "Contact1Name" not in text(authority, "school_attendance.csv", "utf-8-sig").splitlines()[0]
    contacts = list(csv.DictReader(io.StringIO(text(authority, "school_contacts.csv", "utf-8"))))
    assert any(re.fullmatch(r"[A-Z'-]+, [A-Z][a-z'-]+", row["Contact 1 Name"]) for row in contacts)
    pupils = [row["PupilID"] for row in contacts]
    assert len(set(pupils)) > 0.97 * len(pupils)  # one row per pupil, but for a few duplicate lines
    cells = [
        line.split('","')[-1] for line in text(authority, "housing_tenancies.csv", "utf-8").splitlines()[1:]
    ]
    assert any(
        re.fullmatch(r"[^;]+ \(\d{2}/\d{2}/\d{4}\); [^;]+ \(\d{2}/\d{2}/\d{4}\).*", c.rstrip('"'))
        for c in cells
    )


def test_sex_is_coded_differently_by_partners(authority: Path) -> None:
    assert ',"F",' in text(authority, "school_attendance.csv", "utf-8-sig")
    assert ',"2",' in text(authority, "mental_health_referrals.csv", "utf-8")
    assert ',"Female",' in text(authority, "health_visiting.csv", "utf-8")


def test_impossible_dates_and_unknown_codes_are_planted(authority: Path) -> None:
    import pyarrow.parquet as pq

    errors = pq.read_table(authority / "truth" / "errors.parquet").to_pylist()
    kinds = {e["error"] for e in errors}
    for kind in (
        "typo",
        "nickname",
        "day_month_swapped",
        "missing",
        "stale_address",
        "invalid_check_digit",
        "unknown_code",
        "impossible_date",
        "future_date",
        "duplicate_registration",
        "exact_duplicate",
        "age_instead_of_dob",
        "blank_required",
    ):
        assert kind in kinds, kind


def test_excel_workbooks_have_title_rows_sheets_date_cells_and_serials(authority: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(authority / LAST / "school_suspensions.xlsx"))
    assert book.sheet_names == ["Suspensions", "Permanent exclusions"]
    rows = book.get_sheet_by_name("Suspensions").to_python()
    assert rows[0][0] == "Wexcombe Council Education Service" and rows[3][0] == "Ref"
    import datetime as dt

    assert isinstance(rows[4][3], dt.date)  # a real date cell
    homeless = python_calamine.CalamineWorkbook.from_path(
        str(authority / LAST / "homelessness_approaches.xlsx")
    )
    assert len(homeless.sheet_names) == 3
    sheet = homeless.get_sheet_by_name("Prevention duty").to_python()
    assert sheet[2][0] == "Case Ref" and isinstance(sheet[3][3], float)  # DOB as a plain serial number


def test_json_with_nested_people(authority: Path) -> None:
    police = json.loads(text(authority, "police_incidents.json", "utf-8"))["incidents"]
    assert any(len(i["persons"]) >= 3 for i in police)
    people = [p for i in police for p in i["persons"]]
    assert any(p["dob"] is None and p["age"] is not None for p in people)
    csc = json.loads(text(authority, "childrens_social_care.json", "utf-8"))["data"]["episodes"]
    assert any(h["relationship"].endswith("(lives elsewhere)") for e in csc for h in e["household"])
