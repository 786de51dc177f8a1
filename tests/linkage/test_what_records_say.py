"""Evidence the model takes from the records themselves: a person named alongside the same child, the
date an age was given on, a parent's age from the child's, one penalty (not two) for a move, a name
with an age alone, rare middle names, and a partner's own words for a parent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import pytest

from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.prepare import INPUT_TABLE, prepare_input
from wholefamily.linkage.run import MATCH_THRESHOLD, run_link
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow

DELIVERY = dt.date(2026, 9, 30)


@dataclass(frozen=True)
class Names:
    """Common names in the authority: rare ones link on the name alone, which would prove nothing here."""

    woman: str
    man: str
    surname: str


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        con.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )


def _record(
    source: str, record: str, people: list[dict[str, object]], event: dt.date | None = None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """One partner record naming ``people`` (mention fields), with an event on ``event`` for the first."""
    mentions = [
        {
            "mention_key": f"{source}:{record}:p:{i}",
            "source": source,
            "record_key": record,
            "people_group": "p",
            "person_index": i,
            "delivery_date": DELIVERY,
            "file": f"{source}.csv",
            "row_number": 1000 + i,
            "run_id": "test",
            **person,
        }
        for i, person in enumerate(people)
    ]
    events = (
        [
            {
                "event_key": f"{source}:{record}:e",
                "mention_key": mentions[0]["mention_key"],
                "source": source,
                "record_key": record,
                "kind": "service_contact",
                "event_date": event,
                "delivery_date": DELIVERY,
                "run_id": "test",
            }
        ]
        if event
        else []
    )
    return mentions, events


@pytest.fixture(scope="module")
def names(authority: Workspace) -> Names:
    with duckdb.connect(str(authority.warehouse), read_only=True) as con:

        def common(column: str, where: str) -> str:
            sql = (
                f"SELECT {column} FROM mentions WHERE {where} GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1"
            )
            return str(con.execute(sql).fetchall()[0][0])

        return Names(
            common("first_name", "sex = 'female' AND dob < DATE '1995-01-01'"),
            common("first_name", "sex = 'male' AND dob < DATE '1995-01-01'"),
            common("surname", "surname IS NOT NULL"),
        )


@pytest.fixture(scope="module")
def linked(authority: Workspace, trained: ModelParameters, names: Names) -> Iterator[Workspace]:
    """The authority with a few hand-written records added, linked once."""
    mum = {"first_name": names.woman, "surname": names.surname, "sex": None}
    dad: dict[str, object] = {"first_name": names.man, "surname": names.surname, "role": "father"}
    kid = {"first_name": "ZINNIA", "surname": names.surname, "dob": dt.date(2024, 2, 3), "sex": "female"}
    old_home = {"postcode": "WX1 1ZZ", "address": "1 TEST ROAD"}
    new_home = {"postcode": "WX9 9ZZ", "address": "9 TEST STREET"}
    third_home = {"postcode": "WX3 3ZZ", "address": "3 TEST LANE"}
    fourth_home = {"postcode": "WX6 6ZZ", "address": "6 TEST CLOSE"}
    fifth_home = {"postcode": "WX8 8ZZ", "address": "8 TEST WAY"}
    middle = {"middle_names": "OLUWAKEMI PERPETUA"}
    sparse = {"first_name": "OSWIN", "surname": names.surname, "sex": "male"}
    boy = {"first_name": "QUENTIN", "surname": names.surname, "dob": dt.date(2016, 5, 5), "sex": "male"}
    # a mother known by name only, at the family's old home on the child's health visiting record and at
    # the new one on the child's social care record, which also names the father
    records = [
        _record(
            "health_visiting",
            "T-HV1",
            [{**kid, **old_home, "nhs_number": "9990000011"}, {**mum, "role": "parent_carer"}],
            dt.date(2025, 3, 1),
        ),
        _record(
            "childrens_social_care",
            "T-CSC1",
            [{**kid, **new_home, "local_id": "T-C1"}, {**mum, **new_home, "role": "mother"}, dad],
            dt.date(2026, 6, 1),
        ),
        # another family: a daughter named after her mother, at school and at home with her, and the
        # mother named on her younger brother's school record
        _record(
            "school_contacts",
            "T-SC1",
            [
                {**boy, **third_home, "local_id": "T-P1"},
                {**mum, **third_home, "role": "mother"},
            ],
        ),
        _record(
            "school_attendance",
            "T-SA1",
            [{**mum, **third_home, "dob": dt.date(2009, 11, 9), "sex": "female", "local_id": "T-P2"}],
        ),
        # an adult who moved: the same name and date of birth, another postcode and address line
        _record(
            "dwp_benefits",
            "T-DWP1",
            [{**dad, "role": None, "dob": dt.date(1981, 4, 12), "ni_number": "QQ000001A", **old_home}],
        ),
        _record(
            "mental_health_referrals",
            "T-MH1",
            [
                {
                    **dad,
                    "role": None,
                    "dob": dt.date(1981, 4, 12),
                    "postcode": "WX5 5ZZ",
                    "address": "5 ELM WAY",
                }
            ],
        ),
        # an age given at an incident three years before the delivery
        _record(
            "police_incidents",
            "T-POL1",
            [{**dad, "role": "victim", "age": 40, "postcode": "WX7 7ZZ"}],
            dt.date(2023, 7, 1),
        ),
        # a name and an age, nothing else, and the same name with a date of birth elsewhere
        _record(
            "police_incidents", "T-POL2", [{**sparse, "role": "witness", "age": 30}], dt.date(2024, 5, 1)
        ),
        _record("youth_offending", "T-YOS1", [{**sparse, "dob": dt.date(1993, 8, 1)}]),
        # a mother and her daughter of one name at one address, each with a date of birth on a record of
        # their own, and that name with no date at the address on a third record that matches both
        _record(
            "dwp_benefits", "T-DWP2", [{**mum, **fourth_home, "dob": dt.date(1979, 3, 3), "sex": "female"}]
        ),
        _record(
            "school_attendance",
            "T-SA2",
            [{**mum, **fourth_home, "dob": dt.date(2012, 6, 6), "sex": "female", "local_id": "T-P3"}],
        ),
        _record("substance_misuse", "T-SM1", [{**mum, **fourth_home}]),
        # a common name with rare middle names: a benefits claimant with a date of birth and no address,
        # and a mother on her son's school record with an address and no date of birth
        _record(
            "dwp_benefits",
            "T-DWP3",
            [{**mum, **middle, "dob": dt.date(1984, 10, 2), "sex": "female", "ni_number": "QQ000003C"}],
        ),
        _record(
            "school_contacts",
            "T-SC2",
            [
                {
                    **boy,
                    "first_name": "BARNABY",
                    "dob": dt.date(2015, 1, 9),
                    **fifth_home,
                    "local_id": "T-P4",
                },
                {**mum, **middle, **fifth_home, "role": "mother"},
            ],
        ),
        # a partner's own word for a parent: a child's main carer, named like a girl at the same postcode
        _record(
            "health_visiting",
            "T-HV2",
            [
                {**kid, "first_name": "ODETTE", "dob": dt.date(2020, 8, 8), **fifth_home},
                {**mum, "first_name": "ROSALIND", "role": "Main Carer"},
            ],
        ),
        _record(
            "school_attendance",
            "T-SA3",
            [{**mum, "first_name": "ROSALIND", **fifth_home, "dob": dt.date(2012, 2, 2), "local_id": "T-P6"}],
        ),
    ]
    with duckdb.connect(str(authority.warehouse)) as con:
        for mentions, events in records:
            _insert(con, "mentions", mentions)
            _insert(con, "events", events)
    run_link(authority, params=trained)
    yield authority


def _person(ws: Workspace, key: str) -> str:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        return str(
            con.execute("SELECT person_id FROM person_mentions WHERE mention_key = ?", [key]).fetchall()[0][0]
        )


def _pair(ws: Workspace, a: str, b: str) -> dict[str, float]:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        rel = con.execute(
            "SELECT * FROM link_pairs WHERE (mention_key_l, mention_key_r) IN ((?, ?), (?, ?))", [a, b, b, a]
        )
        names = [d[0] for d in rel.description]
        rows = rel.fetchall()
    assert len(rows) == 1, f"{a} and {b} were not scored"
    return {n: v for n, v in zip(names, rows[0], strict=True) if n.startswith("m")}


def test_a_parent_named_alongside_the_same_child_is_one_person(linked: Workspace) -> None:
    hv, csc = "health_visiting:T-HV1:p:1", "childrens_social_care:T-CSC1:p:1"
    assert _person(linked, "health_visiting:T-HV1:p:0") == _person(linked, "childrens_social_care:T-CSC1:p:0")
    assert _person(linked, hv) == _person(linked, csc)
    pair = _pair(linked, hv, csc)
    assert pair["mw_companions"] > 0
    assert pair["match_weight"] - pair["mw_companions"] < MATCH_THRESHOLD, "the name alone would not do"
    # the father is named alongside the same child, with another first name
    assert _person(linked, "childrens_social_care:T-CSC1:p:2") != _person(linked, csc)


def test_a_mother_never_joins_her_daughter_who_shares_her_name(linked: Workspace) -> None:
    mother, daughter = "school_contacts:T-SC1:p:1", "school_attendance:T-SA1:p:0"
    assert _person(linked, mother) != _person(linked, daughter)
    assert _pair(linked, mother, daughter)["mw_dob"] < 0, "the years disagree"
    with duckdb.connect(str(linked.warehouse)) as con:
        prepare_input(con, None)
        (latest,) = con.execute(
            f"SELECT birth_year_max FROM {INPUT_TABLE} WHERE mention_key = ?",
            [mother],
        ).fetchall()[0]
    assert latest == 2016 - 12, "at least 12 years older than the child her record names"


def test_a_mother_and_daughter_of_one_name_stay_apart_when_a_dateless_record_matches_both(
    linked: Workspace,
) -> None:
    mother, daughter = "dwp_benefits:T-DWP2:p:0", "school_attendance:T-SA2:p:0"
    dateless = _person(linked, "substance_misuse:T-SM1:p:0")
    assert _person(linked, mother) != _person(linked, daughter)
    assert dateless in {_person(linked, mother), _person(linked, daughter)}


def test_someone_who_moved_links_on_name_and_date_of_birth(linked: Workspace) -> None:
    a, b = "dwp_benefits:T-DWP1:p:0", "mental_health_referrals:T-MH1:p:0"
    assert _person(linked, a) == _person(linked, b)
    assert "mw_address" not in _pair(linked, a, b), "a move is one piece of evidence, not two"


def test_an_age_is_as_on_the_records_date(linked: Workspace) -> None:
    with duckdb.connect(str(linked.warehouse)) as con:
        prepare_input(con, None)
        years = con.execute(
            f"SELECT birth_year_min, birth_year_max FROM {INPUT_TABLE} WHERE mention_key = ?",
            ["police_incidents:T-POL1:p:0"],
        ).fetchall()
    assert years == [(1982, 1983)], "40 at an incident in July 2023: born 1982 or 1983"


def test_a_name_and_an_age_alone_meet_the_same_name_with_a_date_of_birth(linked: Workspace) -> None:
    aged, dated = "police_incidents:T-POL2:p:0", "youth_offending:T-YOS1:p:0"
    pair = _pair(linked, aged, dated)  # no address, identifier or date in common: blocked on name and year
    assert pair["mw_dob"] > 0, "30 in May 2024: born 1993 or 1994"
    assert _person(linked, aged) == _person(linked, dated)


def test_rare_middle_names_link_a_dated_record_to_an_addressed_one(linked: Workspace) -> None:
    claimant, mother = "dwp_benefits:T-DWP3:p:0", "school_contacts:T-SC2:p:1"
    pair = _pair(linked, claimant, mother)  # nothing in common but the names: blocked on all three
    middle_names = pair["mw_middle_names"]
    assert middle_names > 0
    assert pair["match_weight"] - middle_names < MATCH_THRESHOLD, "a common name alone would not do"
    assert _person(linked, claimant) == _person(linked, mother)


def test_a_partners_own_word_for_a_parent_makes_an_adult(linked: Workspace) -> None:
    carer, girl = "health_visiting:T-HV2:p:1", "school_attendance:T-SA3:p:0"
    with duckdb.connect(str(linked.warehouse)) as con:
        prepare_input(con, None)
        (latest,) = con.execute(
            f"SELECT birth_year_max FROM {INPUT_TABLE} WHERE mention_key = ?", [carer]
        ).fetchall()[0]
    assert latest == 2020 - 12, "a main carer is at least 12 years older than the child"
    assert _person(linked, carer) != _person(linked, girl)
