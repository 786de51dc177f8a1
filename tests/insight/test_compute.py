"""The indicators over a handful of families made by hand: a child in two families counts once, areas and
sectors add up, a month without needs still has its row, the equity tables count each person once, and with
zeros suppressed no count below the threshold is published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from wholefamily.insight.facts import NOT_KNOWN, Facts, Family, Person, areas
from wholefamily.insight.indicators import compute
from wholefamily.insight.population import read_population


def family(
    fid: str,
    postcode: str,
    headlines: str,
    children: str,
    *,
    eligible: bool = False,
    engaged: bool = False,
    needs: int = 0,
    rising: bool = False,
) -> Family:
    return Family(
        fid,
        *areas(postcode),
        eligible,
        needs,
        frozenset(headlines.split()),
        tuple(children.split()),
        engaged,
        rising,
    )


def population(tmp_path: Path) -> Path:
    path = tmp_path / "population.csv"
    rows = ["area,age_band,sex,population,source,year"]
    for area, children in (("WX1 1", 100), ("WX1 2", 50), ("WX2 5", 200)):
        for sex in ("female", "male"):
            rows += [f"{area},0-17,{sex},{children},test,2026", f"{area},18+,{sex},300,test,2026"]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    return path


FAMILIES = (
    family("F1", "WX1 1AA", "health housing", "c1 c2", eligible=True, needs=3, engaged=True),
    family("F2", "wx1 2ab", "health", "c2 c3", needs=2, rising=True),  # c2 also in F1: counted there
    family("F3", "WX2 5ZZ", "", "c4", engaged=True),
    family("F4", "", "housing", "c5", needs=2),
)
PEOPLE = (
    Person("p1", "F1", "female", "white", 34),
    Person("c1", "F1", "male", NOT_KNOWN, 8),
    Person("p3", "F3", "female", "asian", None),
    Person("c1", "F3", "male", NOT_KNOWN, 8),  # in two families: once, in the first
)


def facts_of(families: tuple[Family, ...], people: tuple[Person, ...]) -> Facts:
    return Facts(
        dt.date(2026, 3, 15),
        "run-2",
        dt.date(2026, 2, 28),
        "sf-2022",
        {"health": "Health", "housing": "Housing"},
        families,
        people,
        (
            (dt.date(2026, 1, 31), "run-1", {"any": 0}),
            (dt.date(2026, 2, 28), "run-2", {"health": 3, "housing": 3, "any": 4}),
        ),
        True,
    )


def test_figures_from_hand_made_families(tmp_path: Path) -> None:
    facts = facts_of(FAMILIES, PEOPLE)
    result = compute(facts, read_population(population(tmp_path)), threshold=1)
    needs = {(r[0], r[1], r[2]): r[4:] for r in result.needs}
    assert needs[("authority", "all", "health")] == ["3", "700", "4.3"]
    assert needs[("district", "WX1", "health")] == ["3", "300", "10.0"]
    assert needs[("sector", "WX1 1", "health")] == ["2", "200", "10.0"]
    assert needs[("sector", "WX1 2", "health")] == ["1", "100", "10.0"]
    assert (
        needs[("district", NOT_KNOWN, "housing")] == needs[("sector", NOT_KNOWN, "housing")] == ["1", "", ""]
    )
    assert {r[1] for r in result.needs if r[0] == "sector"} == {"WX1 1", "WX1 2", "WX2 5", NOT_KNOWN}
    assert needs[("authority", "all", "any")][0] == "4"
    assert [(r[0], r[1], r[2], r[3]) for r in result.trend if r[2] == "any"] == [
        ("month", "2026-01", "any", "0"),
        ("month", "2026-02", "any", "4"),
        ("quarter", "2026Q1", "any", "4"),
    ]
    assert result.engagement[0][2:] == ["1", "1", "0", "100.0"]
    assert result.demand[0][2:] == ["2", "1", "1", "50.0"]  # F2 and F4 have one need fewer than F1's three
    equity = {(r[0], r[1]): r for r in result.equity}
    assert (
        equity[("sex", "all")][4] == "2" and equity[("sex", "all")][8] == "3"
    )  # p1, c1 identified; p1, c1, p3
    assert equity[("sex", "male")][4:6] == ["1", "0.8"]  # c1 per 1,000 of 1,250 males
    assert equity[("age_band", NOT_KNOWN)][8] == "1" and equity[("district", "WX1")][8] == "2"
    assert equity[("ethnicity", "white")][2] == ""  # the file has no ethnic groups


def test_with_zeros_suppressed_no_count_below_the_threshold_is_published(tmp_path: Path) -> None:
    result = compute(
        facts_of(FAMILIES, PEOPLE), read_population(population(tmp_path)), threshold=5, suppress_zero=True
    )
    counts = [r[4] for r in result.needs] + [r[3] for r in result.trend] + [r[8] for r in result.equity]
    counts += [c for r in result.engagement + result.demand for c in r[2:5]]
    assert counts and set(counts) == {"[c]"}
    assert {r[6] for r in result.needs} <= {"[c]", ""}
