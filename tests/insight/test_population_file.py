"""The council's population file: read when right, every problem named by file, line and field when not;
and the one the generator writes for its authority counts its residents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from wholefamily.insight.errors import InsightError
from wholefamily.insight.population import AgeBand, read_population
from wholefamily.workspace import Workspace

HEADER = "area,age_band,sex,population,source,year\n"
BANDS = ("0-17", "18+")


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "population.csv"
    path.write_text(header + body, "utf-8")
    return path


def rows(area: str, counts: tuple[int, int, int, int] = (10, 11, 30, 31)) -> str:
    cells = [(b, s) for b in BANDS for s in ("female", "male")]
    return "".join(f"{area},{b},{s},{n},ONS mid-2024,2024\n" for (b, s), n in zip(cells, counts, strict=True))


def problems(path: Path) -> str:
    with pytest.raises(InsightError) as caught:
        read_population(path)
    return str(caught.value)


def test_a_good_file_is_read_and_counted_by_area_band_and_sex(tmp_path: Path) -> None:
    population = read_population(write(tmp_path, rows("WX1 1") + rows("wx1  2", (1, 2, 3, 4)) + rows("WX2")))
    assert population.districts == ("WX1", "WX2") and population.sectors == ("WX1 1", "WX1 2")
    assert population.count(district="WX1", children=True) == 10 + 11 + 1 + 2
    assert population.count(sector="WX1 2") == 10
    assert population.count(sex="female", band=AgeBand(18, None)) == 30 + 3 + 30
    assert population.band_of(17) == AgeBand(0, 17) and population.band_of(90) == AgeBand(18, None)
    assert population.sources == ("ONS mid-2024",) and population.years == (2024,)
    assert not population.has_ethnicity


def test_each_bad_field_is_named_with_its_line(tmp_path: Path) -> None:
    bad = (
        "WX1 1,0-17,female,ten,ONS,2024\n"
        "Leeds,0-17,male,5,ONS,2024\n"
        "WX1 1,teens,male,5,ONS,2024\n"
        "WX1 1,18+,other,5,ONS,2024\n"
        "WX1 1,18+,male,5,,24\n"
    )
    message = problems(write(tmp_path, bad))
    path = tmp_path / "population.csv"
    assert f"{path}, line 2, population: 'ten' is not a whole number of people" in message
    assert f"{path}, line 3, area: 'Leeds' is not a postcode district (WX1) or sector (WX1 3)" in message
    assert f"{path}, line 4, age_band: 'teens' is not an age band" in message
    assert f"{path}, line 5, sex: 'other' is not one of female, male" in message
    assert f"{path}, line 6, source: empty" in message
    assert f"{path}, line 6, year: '24' is not a year" in message


def test_missing_columns_and_a_missing_file_are_named(tmp_path: Path) -> None:
    assert "missing columns population, source" in problems(write(tmp_path, "", "area,age_band,sex,year\n"))
    assert "cannot read the population file" in problems(tmp_path / "absent.csv")
    assert "no rows" in problems(write(tmp_path, ""))


def test_bands_must_cover_every_age_once_and_keep_children_apart(tmp_path: Path) -> None:
    def file_with(bands: tuple[str, ...]) -> Path:
        return write(
            tmp_path, "".join(f"WX1,{b},{s},1,ONS,2024\n" for b in bands for s in ("female", "male"))
        )

    assert "age_band: 15-19 spans the ages of 17 and 18" in problems(file_with(("0-14", "15-19", "20+")))
    assert "age_band: 10-17 leaves ages 5-9 out" in problems(file_with(("0-4", "10-17", "18+")))
    assert "age_band: 3-17 overlaps the band before it" in problems(file_with(("0-4", "3-17", "18+")))
    assert "no open band for the oldest ages (such as 65+)" in problems(file_with(("0-17", "18-64")))
    assert "line 2, age_band: '9-5' is not an age band" in problems(file_with(("9-5",)))


def test_repeats_gaps_and_a_district_given_twice_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, rows("WX1") + rows("WX1 1") + "WX1,0-17,female,3,ONS,2024\n")
    message = problems(path)
    assert f"{path}, line 10: WX1 0-17 female is also on line 2" in message
    assert "WX1 is given both whole and by its sectors" in message
    message = problems(write(tmp_path, rows("WX2")[: rows("WX2").index("\n") + 1] + rows("WX3")))
    assert "area WX2: no row for 0-17 male, 18+ female, 18+ male" in message


def test_many_problems_are_counted_after_the_first_twenty(tmp_path: Path) -> None:
    message = problems(write(tmp_path, "".join(f"WX1,0-17,female,x{i},ONS,2024\n" for i in range(25))))
    assert message.count("\n- ") == 21 and "and 5 more" in message


def test_the_ethnicity_column_when_present_is_checked_and_counted(tmp_path: Path) -> None:
    header = "area,age_band,sex,ethnicity,population,source,year\n"
    good = "".join(
        f"WX1,{b},{s},{g},2,ONS,2021\n"
        for b in BANDS
        for s in ("female", "male")
        for g in ("asian", "black", "mixed", "white", "other")
    )
    population = read_population(write(tmp_path, good, header))
    assert population.has_ethnicity and population.count(ethnicity="white") == 8
    assert "ethnicity: 'green' is not one of" in problems(
        write(tmp_path, good + "WX1,0-17,male,green,1,ONS,2021\n", header)
    )


def test_the_generator_writes_a_valid_file_of_its_residents(built: Path) -> None:
    ws = Workspace(built)
    population = read_population(ws.population)
    assert population.has_ethnicity and population.sectors and all(" " in s for s in population.sectors)
    truth = ws.truth
    with duckdb.connect() as con:
        living, children = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE date_sub('year', dob, $today) < 18) FROM read_parquet($people) "
            "WHERE person_id IN (SELECT person_id FROM read_parquet($members) WHERE end_date IS NULL) AND dob <= $today",
            {
                "people": str(truth / "people.parquet"),
                "members": str(truth / "memberships.parquet"),
                "today": dt.date(2026, 10, 31),
            },
        ).fetchone() or (0, 0)
    assert population.count() == living == 1500
    assert population.count(children=True) == children
