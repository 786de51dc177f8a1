"""The model is chosen from what the mentions hold: comparisons, blocking, λ and EM rules by field."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest

from wholefamily.linkage.errors import LinkageError
from wholefamily.linkage.model import LevelParameters, namesake_levels
from wholefamily.linkage.plan import (
    BROAD_PAIRS_PER_MENTION,
    FIXED_IDENTIFIERS,
    MIN_TRAINING_PAIRS,
    NAMES_SWAPPED,
    POSTCODES_NOT_UK,
    LinkagePlan,
    candidate_rules,
    choose_plan,
)
from wholefamily.linkage.prepare import INPUT_TABLE
from wholefamily.linkage.profile import Profile, namesake_middle_names
from wholefamily.linkage.rules import Rule

MENTIONS = 100_000


def _profile(pairs: dict[str, int] | None = None, **changes: object) -> Profile:
    """A council with names, dates of birth and addresses but no identifier (no school or health feed)."""
    identifiers = list(changes.pop("identifiers", FIXED_IDENTIFIERS))  # type: ignore[call-overload]
    counted = {r.key: 0 for r in candidate_rules(identifiers)}
    counted.update(
        {
            "first_name & surname & postcode_filled & address_filled": MENTIONS,
            "dob": 50 * MENTIONS,
            "dob & surname": 3 * MENTIONS,
            "dob & first_name_canonical": 3 * MENTIONS,
            "postcode_filled & first_name_canonical": 3 * MENTIONS,
            "postcode_filled & surname": 8 * MENTIONS,
            "first_name_canonical & surname & each of birth_years (one side no_address_or_identifier)": MENTIONS,
            "first_name_canonical & surname": 20 * MENTIONS,
            "postcode_filled": 60 * MENTIONS,
            "first_name & surname & dob": 2 * MENTIONS,
            "first_name & surname": 20 * MENTIONS,
            "postcode_filled & address_filled": 9 * MENTIONS,
        }
    )
    counted.update(pairs or {})
    fields = ("first_name", "surname", "dob", "birth_year_min", "sex", "postcode_filled", "postcode_sector")
    base = Profile(
        mentions=MENTIONS,
        filled={**{f: 0.9 for f in fields}, **{c: 0.0 for c in identifiers}, "slot_ref": 0.0},
        identifiers=identifiers,
        pairs=counted,
        one_person={c: 0.0 for c in identifiers},
        age_only=0.0,
        adult_only=0.0,
        partial_pairs={"age": 0.0, "adult": 0.0},
        shared_records=0,
        swapped_names=0.0007,
        postcodes_not_uk=0.0,
        one_record_per_person=[],
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _columns(rules: tuple[Rule, ...]) -> list[tuple[str, ...]]:
    return [r.columns for r in rules]


def test_without_any_identifier_the_model_learns_from_dates_of_birth_and_names() -> None:
    plan = choose_plan(_profile())
    assert plan.comparisons == ("first_name", "surname", "dob", "postcode", "sex")
    # a date of birth block learns how names and addresses vary, a block on names how dates do
    assert _columns(plan.training) == [("dob",), ("first_name", "surname")]
    assert _columns(plan.deterministic) == [("first_name", "surname", "dob")]
    assert not {("upn",), ("nhs_number",)} & set(_columns(plan.prediction))
    assert plan.reasons["upn"] == "left out: no two mentions share a value"


def test_an_identifier_of_one_person_blocks_estimates_lambda_and_trains() -> None:
    typed = "id_council_person_id"
    plan = choose_plan(
        _profile(
            {typed: 40_000},
            identifiers=[*FIXED_IDENTIFIERS, typed],
            one_person={**{c: 0.0 for c in FIXED_IDENTIFIERS}, typed: 0.97},
        )
    )
    assert typed in plan.comparisons
    assert (typed,) in _columns(plan.prediction)
    assert (typed,) in _columns(plan.deterministic)
    assert _columns(plan.training) == [("dob",), (typed,)]


def test_an_identifier_a_household_shares_is_compared_but_never_taken_for_one_person() -> None:
    household = "id_family_reference"
    plan = choose_plan(
        _profile(
            {household: 90_000},
            identifiers=[*FIXED_IDENTIFIERS, household],
            one_person={**{c: 0.0 for c in FIXED_IDENTIFIERS}, household: 0.3},
        )
    )
    assert household in plan.comparisons and (household,) in _columns(plan.prediction)
    assert (household,) not in _columns(plan.deterministic) + _columns(plan.training)


def test_shared_national_identifiers_train_before_a_partners_own_id() -> None:
    pairs = {"upn": 30_000, "nhs_number": 2_000, "local_ref": 90_000}
    one_person = {c: 1.0 for c in FIXED_IDENTIFIERS}
    plan = choose_plan(_profile(pairs, one_person=one_person))
    assert _columns(plan.training) == [("dob",), ("upn",), ("nhs_number",)]


def test_without_dates_of_birth_or_identifiers_names_and_addresses_train_the_model() -> None:
    no_dob = {"dob": 0, "dob & surname": 0, "dob & first_name_canonical": 0, "first_name & surname & dob": 0}
    filled = {"first_name": 1.0, "surname": 1.0, "dob": 0.0, "birth_year_min": 0.0, "sex": 0.0}
    plan = choose_plan(_profile(no_dob, filled={**_profile().filled, **filled}))
    assert plan.comparisons == ("first_name", "surname", "postcode")
    assert _columns(plan.deterministic) == [("first_name", "surname", "postcode_filled", "address_filled")]
    # names with surname train where people live; the same address line trains the names
    assert _columns(plan.training) == [("first_name", "surname"), ("postcode_filled", "address_filled")]
    assert ("dob", "surname") not in _columns(plan.prediction)


def test_nothing_to_train_on_says_what_is_missing() -> None:
    few = MIN_TRAINING_PAIRS - 1
    scarce = {key: min(count, few) for key, count in _profile().pairs.items()}
    with pytest.raises(LinkageError, match="nothing to train the model on: fewer than 200 pairs"):
        choose_plan(_profile(scarce))


def test_broad_rules_only_where_they_are_cheap() -> None:
    cheap = int(BROAD_PAIRS_PER_MENTION * MENTIONS)
    plan = choose_plan(_profile({"dob": cheap, "postcode_filled": cheap + 1}))
    assert ("dob",) in _columns(plan.prediction)
    assert ("postcode_filled",) not in _columns(plan.prediction)
    assert plan.reasons["postcode_filled"].startswith("not a scoring block")


def test_sources_of_one_record_per_person_keep_every_rule_apart() -> None:
    plan = choose_plan(_profile(one_record_per_person=["benefits"]))
    assert plan.apart
    sql = plan.prediction[0].splink(apart=plan.apart).get_blocking_rule("duckdb").blocking_rule_sql
    assert "exclusive_group" in sql


def test_levels_for_swapped_names_and_foreign_postcodes_only_where_the_data_have_them() -> None:
    assert choose_plan(_profile()).levels == ()
    plan = choose_plan(_profile(swapped_names=0.07, postcodes_not_uk=1.0))
    assert plan.levels == (NAMES_SWAPPED, POSTCODES_NOT_UK)


def test_a_plan_survives_its_json() -> None:
    plan = choose_plan(_profile(shared_records=10, one_record_per_person=["a"]))
    assert LinkagePlan.from_json(plan.to_json()) == plan


def test_middle_names_are_compared_and_blocked_on_only_where_partners_send_them() -> None:
    without = choose_plan(_profile())
    assert "middle_names" not in without.comparisons
    assert without.reasons["middle_names"] == "left out: no mention has middle_names"
    plan = choose_plan(
        _profile(
            {"first_name_canonical & middle_names & surname": MENTIONS},
            filled={**_profile().filled, "middle_names": 0.2},
        )
    )
    assert plan.comparisons.index("middle_names") == plan.comparisons.index("first_name") + 1
    assert ("first_name_canonical", "middle_names", "surname") in _columns(plan.prediction)


def test_middle_names_of_namesakes_are_counted_among_people_of_one_name_born_years_apart() -> None:
    con = duckdb.connect()
    middles = ["ROSE", "RUTH", "ROBIN MAY"] * 5
    rows = [(i, "ANN", "LEE", m, f"{1950 + 3 * i}-01-01") for i, m in enumerate(middles)]
    rows.append((99, "ANN", "LEE", "ROSE", "1950-06-01"))  # born the same year as the first: not a namesake
    con.execute(
        f"CREATE TEMP TABLE {INPUT_TABLE} (unique_id INT, first_name_canonical VARCHAR, surname VARCHAR, "
        "middle_names VARCHAR, dob DATE)"
    )
    con.executemany(f"INSERT INTO {INPUT_TABLE} VALUES (?, ?, ?, ?, ?)", rows)
    namesakes = 15 * 14 // 2 + 14  # the pair born in one year is left out
    exact, first, initial = namesake_middle_names(con, namesakes)
    assert (exact, first, initial) == ((30 + 4) / namesakes, 0.0, (75 + 10) / namesakes)


def test_middle_names_take_the_namesakes_u_and_the_rest_goes_to_disagreement() -> None:
    sampled = [
        LevelParameters("equal", 0.9, 0.003),
        LevelParameters("first middle name", 0.05, None),
        LevelParameters("same initial", 0.04, 0.06),
        LevelParameters("other", 0.01, 0.931),
    ]
    levels = namesake_levels(sampled, _profile(namesake_middle_names=[0.05, 0.0, 0.04]))
    assert [lv.u for lv in levels] == [0.05, None, 0.06, pytest.approx(0.89)]
    assert [lv.m for lv in levels] == [lv.m for lv in sampled], "m stays as EM learned it"
