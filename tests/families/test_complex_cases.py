"""The family shapes the seeds name, each as the records partners would send (tiny warehouses)."""

from __future__ import annotations

import datetime as dt

import pytest
from family_builders import AS_OF, Tiny, family_of, form, members, person

from wholefamily.decisions import DecisionStore
from wholefamily.families import FormationError, FormationSettings, members_on


def test_parent_living_elsewhere_is_one_non_resident_member_of_the_childrens_family(
    tiny: Tiny, store: DecisionStore
) -> None:
    mum = person("MUM", "HART", "1990-03-01", "WX1 1AA")
    kid = person("KID", "WELLS", "2016-05-02", "WX1 1AA")
    dad = person("DAD", "WELLS", "1988-07-07")
    tiny.add(
        "childrens_social_care",
        "E1",
        [kid, {**mum, "postcode": None, "role": "mother"}, {**dad, "role": "father (lives elsewhere)"}],
        date="2025-01-10",
    )
    tiny.add("dwp_benefits", "C1", [{**dad, "postcode": "WX9 9ZZ"}], date="2026-01-01", kind="benefit_spell")
    tiny.add(
        "health_visiting",
        "H1",
        [kid, {**mum, "postcode": None, "role": "parent_carer"}],
        date="2026-02-01",
        kind="health_visiting_review",
    )
    con = tiny.build()
    summary = form(con, store)
    family = family_of(con, "KID")
    assert family_of(con, "DAD") == family == family_of(con, "MUM")
    assert members(con, family) == {
        "MUM": ("parent", True),
        "KID": ("child", True),
        "DAD": ("non_resident_parent", False),
    }
    # counted once: he has no family of his own and the family counts him once
    assert summary.families == 1
    assert con.execute("SELECT n_members, n_resident, postcode FROM families").fetchall() == [
        (3, 2, "WX1 1AA")
    ]


def test_young_person_who_becomes_a_parent_stays_in_her_family(tiny: Tiny, store: DecisionStore) -> None:
    mum = person("GRAN", "PIKE", "1980-01-01", "WX2 2BB")
    girl = person("GIRL", "PIKE", "2010-06-01", "WX2 2BB")
    tiny.add(
        "housing_tenancies",
        "T1",
        [{**mum, "role": "tenant"}, {**girl, "role": "occupant"}],
        delivery="2026-03-31",
    )
    tiny.add("housing_tenancies", "T1", [{**mum, "role": "tenant"}, {**girl, "role": "occupant"}])
    con = tiny.build()
    form(con, store, as_of=dt.date(2026, 4, 30), run_id="R1")
    before = family_of(con, "GIRL")
    assert members(con, before)["GIRL"] == ("child", True)
    # her baby is born; health visiting names her as the carer
    baby = person("BABY", "PIKE", "2026-08-01", "WX2 2BB")
    tiny.add(
        "health_visiting",
        "H1",
        [baby, {**girl, "postcode": None, "role": "parent_carer"}],
        date="2026-08-20",
        kind="health_visiting_review",
    )
    con.close()
    con = tiny.build()
    form(con, store, run_id="R2")
    assert family_of(con, "BABY") == family_of(con, "GIRL") == before
    assert members(con, before)["GIRL"] == ("parent", True)
    assert con.execute("SELECT count(*) FROM family_flags WHERE flag = 'young_parent'").fetchone() == (1,)
    # her history: a child until the run that saw the birth, a parent since
    rows = con.execute(
        "SELECT role, end_date FROM family_members WHERE person_id = 'GIRL' ORDER BY start_date"
    ).fetchall()
    assert rows == [("child", AS_OF), ("parent", None)]
    assert {m.role for m in members_on(con, before, dt.date(2026, 5, 1)) if m.person_id == "GIRL"} == {
        "child"
    }


def test_blended_household_is_one_family(tiny: Tiny, store: DecisionStore) -> None:
    mum = person("MUM", "STONE", "1988-01-01", "WX3 3CC", sex="female")
    step = person("STEPDAD", "FORD", "1985-01-01", "WX3 3CC", sex="male")
    hers = person("HERS", "BLAKE", "2014-01-01", "WX3 3CC")
    his = person("HIS", "FORD", "2013-01-01", "WX3 3CC")
    tiny.add("housing_tenancies", "T1", [{**mum, "role": "tenant"}, {**step, "role": "occupant"}])
    tiny.add(
        "childrens_social_care",
        "E1",
        [
            hers,
            {**mum, "postcode": None, "role": "mother"},
            {**step, "postcode": None, "role": "mother's partner"},
        ],
        date="2026-01-05",
    )
    tiny.add("school_attendance", "S1", [his], date="2026-09-01", end="2026-12-20", kind="school_attendance")
    con = tiny.build()
    form(con, store)
    family = family_of(con, "MUM")
    assert {p: r for p, (r, _) in members(con, family).items()} == {
        "MUM": "parent",
        "STEPDAD": "carer",
        "HERS": "child",
        "HIS": "child",
    }


def test_multi_generational_household(tiny: Tiny, store: DecisionStore) -> None:
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {**person("NAN", "KHAN", "1955-01-01", "WX4 4DD"), "role": "tenant"},
            {**person("SON", "KHAN", "1982-01-01"), "role": "occupant"},
            {**person("WIFE", "AKHTAR", "1984-01-01"), "role": "occupant"},
            {**person("GRANDCHILD", "KHAN", "2015-01-01"), "role": "occupant"},
        ],
    )
    con = tiny.build()
    form(con, store)
    roles = {p: r for p, (r, _) in members(con, family_of(con, "NAN")).items()}
    assert roles == {"NAN": "grandparent", "SON": "parent", "WIFE": "parent", "GRANDCHILD": "child"}


def test_a_family_that_moves_keeps_its_id(tiny: Tiny, store: DecisionStore) -> None:
    mum = person("MUM", "REED", "1985-01-01")
    kid = person("KID", "REED", "2015-01-01")
    tiny.add(
        "dwp_benefits",
        "C1",
        [{**mum, "postcode": "WX5 5EE"}],
        date="2025-01-01",
        end="2025-12-01",
        kind="benefit_spell",
        delivery="2026-01-31",
    )
    tiny.add(
        "school_attendance",
        "S1",
        [{**kid, "postcode": "WX5 5EE"}],
        date="2025-09-01",
        end="2025-12-20",
        kind="school_attendance",
        delivery="2026-01-31",
    )
    con = tiny.build()
    form(con, store, as_of=dt.date(2026, 1, 31), run_id="R1")
    before = family_of(con, "MUM")
    assert family_of(con, "KID") == before
    tiny.add("dwp_benefits", "C2", [{**mum, "postcode": "WX6 6FF"}], date="2026-06-01", kind="benefit_spell")
    tiny.add(
        "school_attendance",
        "S2",
        [{**kid, "postcode": "WX6 6FF"}],
        date="2026-09-01",
        end="2026-12-20",
        kind="school_attendance",
    )
    con.close()
    con = tiny.build()
    form(con, store, run_id="R2")
    assert family_of(con, "MUM") == family_of(con, "KID") == before
    assert con.execute("SELECT postcode FROM families WHERE family_id = ?", [before]).fetchone() == (
        "WX6 6FF",
    )


def test_people_sharing_an_address_who_are_not_a_family(tiny: Tiny, store: DecisionStore) -> None:
    """A shared house: unrelated adults on one address line stay apart; the address is flagged."""
    for i, (surname, sex) in enumerate(
        (("NOWAK", "male"), ("OKAFOR", "male"), ("EVANS", "female"), ("SINGH", "female"))
    ):
        tiny.add(
            "rent_arrears",
            f"L{i}",
            [
                person(
                    f"LODGER{i}",
                    surname,
                    f"199{i}-02-02",
                    "WX7 7GG",
                    address="Flat 2, 10 High Street",
                    sex=sex,
                )
            ],
            date="2026-05-01",
            kind="rent_arrears",
        )
    # a neighbour at the same postcode with another surname
    tiny.add(
        "mental_health_referrals",
        "R1",
        [person("NEIGHBOUR", "JONES", "1970-01-01", "WX7 7GG")],
        date="2026-03-01",
    )
    con = tiny.build()
    summary = form(con, store)
    assert summary.families == 5
    assert len({family_of(con, f"LODGER{i}") for i in range(4)}) == 4
    assert con.execute(
        "SELECT count(DISTINCT family_id) FROM family_flags WHERE flag = 'shared_address'"
    ).fetchone() == (4,)


def test_a_witness_is_not_family_but_the_people_in_a_domestic_incident_are(
    tiny: Tiny, store: DecisionStore
) -> None:
    tiny.add(
        "police_incidents",
        "I1",
        [
            {**person("VICTIM", "COLE", "1990-01-01", "WX8 8HH"), "role": "victim"},
            {**person("PERP", "MARSH", "1989-01-01", "WX8 8HH"), "role": "perpetrator"},
            {**person("CHILD", "MARSH", "2018-01-01", "WX8 8HH"), "role": "involved_child"},
            {**person("WITNESS", "BROWN", "1960-01-01", "WX1 2JJ"), "role": "witness"},
        ],
        date="2026-04-04",
        kind="police_incident",
    )
    con = tiny.build()
    form(con, store)
    assert (
        family_of(con, "VICTIM")
        == family_of(con, "PERP")
        == family_of(con, "CHILD")
        != family_of(con, "WITNESS")
    )


def test_a_large_component_is_split_back_and_flagged(tiny: Tiny, store: DecisionStore) -> None:
    """Many loose people joined by a common surname at one postcode never make a giant family."""
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {**person("LEAD", "SMITH", "1980-01-01", "WX9 9KK"), "role": "tenant"},
            {**person("CHILD", "SMITH", "2012-01-01"), "role": "occupant"},
        ],
    )
    for i in range(6):
        tiny.add(
            "school_attendance",
            f"S{i}",
            [person(f"PUPIL{i}", "SMITH", f"201{i}-03-01", "WX9 9KK")],
            date="2026-09-01",
            end="2026-12-20",
            kind="school_attendance",
        )
    con = tiny.build()
    summary = form(con, store, settings=FormationSettings(max_members=4))
    sizes = [r[0] for r in con.execute("SELECT n_members FROM families").fetchall()]
    assert max(sizes) <= 4
    assert family_of(con, "LEAD") == family_of(con, "CHILD")
    assert summary.flags.get("large_group_split") == summary.families


def test_clear_error_without_person_links_and_nothing_to_do_without_people(
    tiny: Tiny, store: DecisionStore
) -> None:
    con = tiny.build()
    summary = form(con, store)  # no mentions at all: nothing to form, still publishes empty tables
    assert summary.families == 0 and con.execute("SELECT count(*) FROM families").fetchone() == (0,)
    con.execute("DROP TABLE person_mentions")
    with pytest.raises(FormationError, match="wholefamily link"):
        form(con, store)


def test_a_namesake_at_another_house_in_the_postcode_is_not_joined(tiny: Tiny, store: DecisionStore) -> None:
    """Postcodes hold about twenty homes: a shared surname joins people only when their address lines agree
    (street types written in full or short)."""
    mum = person("MUM", "SMITH", "1985-02-02", "WX3 3CC", address="12 Mill Road")
    kid = person("KID", "SMITH", "2015-04-04", "WX3 3CC", address="12 Mill Rd")
    dad = person("DAD", "SMITH", "1983-09-09", "WX3 3CC", address="12 MILL ROAD")
    other = person("OTHER", "SMITH", "1950-01-01", "WX3 3CC", address="40 Mill Road")
    tiny.add("housing_tenancies", "T1", [{**mum, "role": "tenant"}, {**kid, "role": "occupant"}])
    tiny.add("dwp_benefits", "C1", [dad], date="2026-01-01", kind="benefit_spell")
    tiny.add("dwp_benefits", "C2", [other], date="2026-01-01", kind="benefit_spell")
    con = tiny.build()
    form(con, store)
    assert family_of(con, "DAD") == family_of(con, "MUM") == family_of(con, "KID")
    assert family_of(con, "OTHER") != family_of(con, "MUM")


def test_school_contacts_join_a_pupil_to_her_mother_and_her_father_living_elsewhere(
    tiny: Tiny, store: DecisionStore
) -> None:
    pupil = person("PUPIL", "GREEN", "2014-03-03", "WX4 4DD")
    mum = person("MUM", "BLACK", "1984-06-06", "WX4 4DD")
    dad = person("DAD", "GREEN", "1982-08-08", "WX8 8HH")
    tiny.add(
        "school_contacts",
        "P1",
        [pupil, {**mum, "dob": None, "role": "mother"}, {**dad, "dob": None, "role": "father"}],
    )  # a record without events
    tiny.add("dwp_benefits", "C1", [mum], date="2026-01-01", kind="benefit_spell")
    con = tiny.build()
    form(con, store)
    family = family_of(con, "PUPIL")
    assert members(con, family) == {
        "PUPIL": ("child", True),
        "MUM": ("parent", True),
        "DAD": ("non_resident_parent", False),
    }


def test_two_records_of_one_household_at_one_address_make_one_family(
    tiny: Tiny, store: DecisionStore
) -> None:
    """A school names only the father on one child's record and only the mother on the other's; the two
    groups share an address line and a surname, so they are one household. Neighbours in the postcode are
    not."""
    home = {"postcode": "WX3 1HX", "address": "12 Birch Road"}
    tiny.add(
        "school_contacts",
        "P1",
        [
            person("PAWEL", "ZIELINSKI", "2015-10-18", **home),
            {**person("JAKUB", "ZIELINSKI", "1982-11-26", **home), "role": "father"},
        ],
    )
    tiny.add(
        "school_contacts",
        "P2",
        [
            person("MAGDA", "ZIELINSKI", "2012-03-26", **home),
            {**person("KASIA", "WOJCIK-ZIELINSKI", "1984-01-01", **home), "role": "mother"},
        ],
    )
    next_door = {"postcode": "WX3 1HX", "address": "14 Birch Road"}
    tiny.add(
        "school_contacts",
        "P3",
        [
            person("ADAM", "ZIELINSKI", "2013-05-05", **next_door),
            {**person("ANNA", "ZIELINSKI", "1985-05-05", **next_door), "role": "mother"},
        ],
    )
    con = tiny.build()
    form(con, store)
    family = family_of(con, "PAWEL")
    assert family_of(con, "JAKUB") == family_of(con, "MAGDA") == family_of(con, "KASIA") == family
    assert family_of(con, "ADAM") == family_of(con, "ANNA") != family


@pytest.mark.parametrize("address", [None, "3 Whitby Place"])
@pytest.mark.parametrize(
    ("name", "sex", "dob", "other_parent"),
    [
        ("GARY", "male", "1979-07-07", True),
        ("GRACE", "female", "1982-01-01", False),  # the mother's sex: a sister or a namesake
        ("ARTHUR", "male", "1950-01-01", False),  # a grandfather's age
    ],
)
def test_a_lone_adult_joins_by_surname_at_the_familys_postcode_only_at_its_address_or_as_its_other_parent(
    tiny: Tiny,
    store: DecisionStore,
    address: str | None,
    name: str,
    sex: str,
    dob: str,
    other_parent: bool,
) -> None:
    """A lone adult with the family's surname in its postcode is a relative or namesake living apart about
    as often as a member: joined when an address line confirms it, or when they would be the family's
    other parent. A lone child at the family's address joins whatever its surname."""
    home = {"postcode": "WX7 5PG", "address": "3 Whitby Place"}
    tiny.add(
        "school_contacts",
        "P1",
        [
            person("BRIAN", "FOSTER", "2013-02-20", **home),
            {**person("BETH", "FOSTER", "1984-03-03"), "role": "mother", "sex": "female"},
        ],
    )
    # her son by an earlier partner, seen only in school attendance at the family's address
    tiny.add(
        "school_attendance",
        "A1",
        [person("ROBERT", "WEST", "2010-05-10", **home)],
        date="2025-09-01",
        end="2025-12-19",
        kind="school_attendance",
    )
    tiny.add(
        "dwp_benefits",
        "C1",
        [person(name, "FOSTER", dob, "WX7 5PG", address=address, sex=sex)],
        date="2026-01-01",
        kind="benefit_spell",
    )
    con = tiny.build()
    form(con, store)
    family = family_of(con, "BRIAN")
    assert family_of(con, "BETH") == family_of(con, "ROBERT") == family
    assert (family_of(con, name) == family) == (address is not None or other_parent)
    flagged = con.execute(
        "SELECT count(*) FROM family_flags WHERE flag = 'joined_as_other_parent' AND family_id = ?", [family]
    ).fetchall()[0][0]
    assert flagged == (address is None and other_parent), "a join on a surname alone is flagged for a check"


def test_an_age_is_the_age_on_the_records_date(tiny: Tiny, store: DecisionStore) -> None:
    """15 at an incident five years ago is an adult now, not a child of the family."""
    tiny.add(
        "police_incidents",
        "I1",
        [
            {**person("MUM", "COLE", "1975-01-01", "WX8 8HH"), "role": "victim"},
            {"person": "SON", "first_name": "SON", "surname": "COLE", "age": 15, "role": "involved_child"},
        ],
        date="2021-06-01",
        kind="police_incident",
    )
    con = tiny.build()
    form(con, store)
    assert members(con, family_of(con, "MUM"))["SON"][0] != "child"


def test_a_couple_joins_by_surname_when_one_record_gives_no_sex_and_the_other_no_address(
    tiny: Tiny, store: DecisionStore
) -> None:
    """Many tenancy lists carry no sex and health referrals no address line: a man and a woman of one
    surname at one postcode are still a plausible couple."""
    tiny.add(
        "housing_tenancies",
        "T1",
        [{**person("RILEY", "DAVIS", "1962-04-14", "WX3 2RB", address="53 Linden Way"), "role": "tenant"}],
    )
    tiny.add(
        "mental_health_referrals",
        "R1",
        [{**person("PAIGE", "DAVIS", "1965-08-15", "WX3 2RB"), "sex": "female"}],
        date="2026-02-01",
    )
    con = tiny.build()
    form(con, store)
    assert family_of(con, "RILEY") == family_of(con, "PAIGE")


def test_two_groups_at_one_address_join_when_any_of_their_members_share_a_surname(
    tiny: Tiny, store: DecisionStore
) -> None:
    """The mother's record names her children by an earlier partner; health visiting names her baby with
    its father's surname but no address line; the school names the father and his daughter at her
    address. The surname in common is the baby's, who has no address line of his own."""
    home = {"postcode": "WX7 6WE", "address": "19 Linden Terrace"}
    helen = person("HELEN", "ADAMS", "1990-01-01", **home)
    tiny.add(
        "school_contacts",
        "P1",
        [person("PHOEBE", "LOWE", "2016-01-17", **home), {**helen, "dob": None, "role": "mother"}],
    )
    tiny.add(
        "health_visiting",
        "H1",
        [
            person("JOAN", "COLLINS", "2023-10-23", "WX7 6WE"),
            {**person("HELEN", "ADAMS", "1990-01-01", "WX7 6WE"), "role": "main carer"},
        ],
        date="2026-03-01",
    )
    tiny.add(
        "school_contacts",
        "P2",
        [
            person("SAMANTHA", "COLLINS", "2014-12-15", postcode="WX7 6WE", address="19 Linden Ter"),
            {
                **person("RHYS", "COLLINS", "1988-05-05", postcode="WX7 6WE", address="19 Linden Ter"),
                "dob": None,
                "role": "father",
            },
        ],
    )
    con = tiny.build()
    form(con, store)
    family = family_of(con, "HELEN")
    assert family_of(con, "PHOEBE") == family_of(con, "JOAN") == family
    assert family_of(con, "RHYS") == family_of(con, "SAMANTHA") == family


def test_a_witness_given_the_incidents_location_does_not_live_there(tiny: Tiny, store: DecisionStore) -> None:
    """The police extract gives everyone in an incident its location: the neighbour who witnessed it is not
    a partner of the mother who lives there."""
    home = {"postcode": "WX5 5QB", "address": "Flat 4, 36 Common Court"}
    tiny.add(
        "school_contacts",
        "P1",
        [
            person("WEI", "ZHANG", "2016-08-18", **home),
            {**person("MARIAM", "ZHANG", "1984-02-02", **home), "role": "mother"},
        ],
    )
    tiny.add(
        "police_incidents",
        "I1",
        [
            {**person("MARIAM", "ZHANG", "1984-02-02", **home), "role": "victim", "sex": "female"},
            {**person("SAM", "AHMED", "1983-11-18", **home), "role": "witness", "sex": "male"},
        ],
        date="2026-04-04",
        kind="police_incident",
    )
    con = tiny.build()
    form(con, store)
    assert family_of(con, "WEI") == family_of(con, "MARIAM") != family_of(con, "SAM")


def test_a_tenant_of_unknown_sex_and_age_at_the_mothers_address_is_her_partner(
    tiny: Tiny, store: DecisionStore
) -> None:
    """A tenancy list with neither sex nor date of birth names the tenant at the address where the school
    names the mother: a plausible couple, though their surnames differ."""
    home = {"postcode": "WX6 0FS", "address": "34 Whitby View"}
    tiny.add(
        "school_contacts",
        "P1",
        [
            person("LIAM", "KHAN", "2014-12-01", **home),
            {
                **person("EVELYN", "KHAN", "1985-01-01", **home),
                "dob": None,
                "role": "mother",
                "sex": "female",
            },
        ],
    )
    tiny.add(
        "housing_tenancies",
        "T1",
        [{**person("BLAKE", "MARTIN", "1980-01-01", **home), "dob": None, "role": "tenant"}],
    )
    con = tiny.build()
    form(con, store)
    assert family_of(con, "BLAKE") == family_of(con, "EVELYN") == family_of(con, "LIAM")


def test_someone_no_record_places_joins_the_one_family_where_a_parent_has_their_name(
    tiny: Tiny, store: DecisionStore
) -> None:
    """A school holding no address for one of a mother's children names her and him at no postcode, and
    benefits claimants come with no address: linkage keeps them apart from the mother the school names at
    home (a name and nothing else to compare). A parent or carer whom no record places, or a claimant born
    when a parent of that family's children would be, joins the family where the only other person of
    that forename and surname is a parent, flagged for a data manager to check. A name two others carry,
    middle names that differ, an age that cannot be the children's parent's, or a namesake who is no one's
    parent leaves them apart."""
    patricia = {"first_name": "PATRICIA", "surname": "SPENCER", "role": "mother"}
    tiny.add(
        "school_contacts",
        "S1",
        [
            person("BLAKE", "SPENCER", "2017-04-04", "WX2 9LX"),
            {"person": "PAT1", **patricia, "postcode": "WX2 9LX"},
        ],
    )
    tiny.add(
        "school_contacts", "S2", [person("PATRICK", "SPENCER", "2013-07-23"), {"person": "PAT2", **patricia}]
    )
    freya = {"first_name": "FREYA", "surname": "HUGHES"}
    tiny.add(
        "school_contacts",
        "S3",
        [person("REUBEN", "PEARSON", "2014-07-24", "WX2 7ZE"), {"person": "MUM", **freya, "role": "mother"}],
    )
    tiny.add("dwp_benefits", "C1", [{"person": "CLAIMANT", **freya, "dob": "1978-07-29", "sex": "female"}])
    # the partner an antenatal booking names, by name only, claims benefits
    max_ = {"first_name": "MAX", "surname": "BELL"}
    tiny.add(
        "maternity_antenatal",
        "M0",
        [
            person("POPPY", "CAMPBELL", "1993-02-08", "WX9 3BF"),
            {"person": "PARTNER", **max_, "role": "partner"},
        ],
    )
    tiny.add("dwp_benefits", "C0", [{"person": "MAXCLAIM", **max_, "dob": "1992-01-11", "sex": "male"}])
    # two other mothers named SARAH TAYLOR: which one, if either, she is cannot be told
    sarah = {"first_name": "SARAH", "surname": "TAYLOR", "role": "mother"}
    tiny.add(
        "school_contacts",
        "S4",
        [person("AMY", "TAYLOR", "2015-01-01", "WX3 1AA"), {"person": "ST1", **sarah}],
    )
    tiny.add(
        "school_contacts",
        "S5",
        [person("BEN", "TAYLOR", "2016-01-01", "WX4 1AA"), {"person": "ST2", **sarah}],
    )
    tiny.add("school_contacts", "S6", [person("CAL", "TAYLOR", "2014-01-01"), {"person": "ST3", **sarah}])
    # a partner of 22 at an antenatal booking is not the father of a boy of 15
    leo = {"first_name": "LEO", "surname": "SHAW"}
    tiny.add(
        "school_contacts",
        "S7",
        [person("ALF", "SHAW", "2011-03-03", "WX6 1AA"), {"person": "LS1", **leo, "role": "father"}],
    )
    tiny.add(
        "maternity_antenatal",
        "M1",
        [
            person("NIA", "WEBB", "2003-01-01"),
            {"person": "LS2", **leo, "dob": "2004-02-02", "role": "partner"},
        ],
    )
    # ANNA MARIE BELL claims benefits; the school's ANNA JANE BELL is another woman
    anna = {"first_name": "ANNA", "surname": "BELL"}
    tiny.add(
        "school_contacts",
        "S8",
        [
            person("ROSE", "BELL", "2016-05-05", "WX7 1AA"),
            {"person": "AB1", **anna, "middle_names": "JANE", "role": "mother"},
        ],
    )
    tiny.add("dwp_benefits", "C2", [{"person": "AB2", **anna, "middle_names": "MARIE", "dob": "1985-05-05"}])
    # a claimant whose namesake is a tenant, no one's parent
    tiny.add(
        "housing_tenancies", "T1", [{**person("MO1", "KHAN", "1970-01-01", "WX8 1AA"), "first_name": "MO"}]
    )
    tiny.add("dwp_benefits", "C3", [{**person("MO2", "KHAN", "1990-01-01"), "first_name": "MO"}])
    con = tiny.build()
    form(con, store)
    assert (
        family_of(con, "PAT2")
        == family_of(con, "PATRICK")
        == family_of(con, "BLAKE")
        == family_of(con, "PAT1")
    )
    assert family_of(con, "CLAIMANT") == family_of(con, "REUBEN") == family_of(con, "MUM")
    assert family_of(con, "MAXCLAIM") == family_of(con, "POPPY") == family_of(con, "PARTNER")
    assert len({family_of(con, p) for p in ("ST1", "ST2", "ST3")}) == 3
    assert family_of(con, "LS2") != family_of(con, "ALF")
    assert family_of(con, "AB2") != family_of(con, "ROSE")
    assert family_of(con, "MO2") != family_of(con, "MO1")
    flagged = con.execute(
        "SELECT DISTINCT family_id FROM family_flags WHERE flag = 'joined_by_name'"
    ).fetchall()
    assert sorted(flagged) == sorted([(family_of(con, p),) for p in ("BLAKE", "REUBEN", "POPPY")])


def test_a_tenant_who_moved_lives_at_his_live_tenancy_not_the_one_that_ended(
    tiny: Tiny, store: DecisionStore
) -> None:
    """A tenancy list keeps ended tenancies with their end date: a tenant who moved is on it at his old home
    too, where a mental health referral also found him. The tenancy's dates say which home is his now: he
    lives with his son and the boy's mother at the live one."""
    theo = person("THEO", "BROOKS", "1990-10-11", sex="male")
    tiny.add(
        "housing_tenancies",
        "T1",
        [{**theo, "postcode": "WX9 9RL", "address": "43 Primrose Close", "role": "tenant"}],
        date="2012-12-04",
        end="2024-03-11",
        kind="tenancy",
    )
    tiny.add(
        "housing_tenancies",
        "T2",
        [{**theo, "postcode": "WX2 0DB", "address": "27 Farm Grove", "role": "tenant"}],
        date="2024-03-11",
        kind="tenancy",
    )
    tiny.add("mental_health_referrals", "R1", [{**theo, "postcode": "WX9 9RL"}])
    home = {"postcode": "WX2 0DB", "address": "27 Farm Grove"}
    tiny.add(
        "school_contacts",
        "S1",
        [
            person("LEE", "BROOKS", "2013-06-22", **home),
            {**person("EVA", "KAUR", "1993-07-05"), "role": "mother"},
        ],
    )
    con = tiny.build()
    form(con, store)
    family = family_of(con, "LEE")
    assert family_of(con, "THEO") == family_of(con, "EVA") == family
    assert members(con, family)["THEO"] == ("parent", True)


def test_a_child_no_record_names_with_anyone_lives_with_whoever_is_at_its_address(
    tiny: Tiny, store: DecisionStore
) -> None:
    """A pupil the school sends with no contact, at the address line of a tenant of another surname whom
    no record names with anyone, lives with her (her mother by another name); two such pupils at one
    address line are one family; a child at a shared house joins none of its lodgers."""
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {
                **person("JESSICA", "HUDSON", "1986-01-01", "WX9 0GR", address="21 Wexcombe Court"),
                "role": "tenant",
            }
        ],
    )
    tiny.add(
        "school_contacts",
        "S1",
        [person("RILEY", "COOK", "2017-03-12", "WX9 0GR", address="21 Wexcombe Court")],
    )
    for i, surname in enumerate(("ABDI", "ASANTE")):
        tiny.add(
            "school_contacts",
            f"S2{i}",
            [person(surname, surname, f"201{5 + i}-01-01", "WX7 4HD", address="40 Wakefield Road")],
        )
    for i, surname in enumerate(("NOWAK", "OKAFOR", "EVANS")):
        lodger = person(f"LODGER{i}", surname, f"199{i}-02-02", "WX7 7GG", address="Flat 2, 10 High Street")
        tiny.add("rent_arrears", f"L{i}", [lodger], date="2026-05-01", kind="rent_arrears")
    tiny.add(
        "school_contacts",
        "S3",
        [person("PUPIL", "JONES", "2014-01-01", "WX7 7GG", address="Flat 2, 10 High Street")],
    )
    con = tiny.build()
    form(con, store)
    assert family_of(con, "RILEY") == family_of(con, "JESSICA")
    assert family_of(con, "ABDI") == family_of(con, "ASANTE")
    assert len({family_of(con, p) for p in ("PUPIL", "LODGER0", "LODGER1", "LODGER2")}) == 4


def test_a_father_and_a_mother_a_school_names_at_one_address_line_are_one_household(
    tiny: Tiny, store: DecisionStore
) -> None:
    """A school names the father of one pupil and the mother of another, of other surnames, at one address
    line: a blended family, whatever their surnames, when each record has one adult and they would be a
    couple. An address abroad (a family that left, as the school last heard) places no one together."""
    for home, suffix in (
        ({"postcode": "WX3 6RX", "address": "35 Linden Crescent"}, ""),
        ({"postcode": "90133", "address": "Via Roma 41, Palermo, Italy"}, "_ABROAD"),
    ):
        tiny.add(
            "school_contacts",
            f"S1{suffix}",
            [
                person(f"ISABELLE{suffix}", "FLETCHER", "2017-11-24", **home),
                {
                    **person(f"GEORGE{suffix}", "FLETCHER", "1985-01-01", **home),
                    "dob": None,
                    "role": "father",
                },
            ],
        )
        tiny.add(
            "school_contacts",
            f"S2{suffix}",
            [
                person(f"TOMMY{suffix}", "PARRY", "2015-04-27", **home),
                {**person(f"CHLOE{suffix}", "WILSON", "1986-01-01", **home), "dob": None, "role": "mother"},
            ],
        )
    con = tiny.build()
    form(con, store)
    assert (
        family_of(con, "GEORGE")
        == family_of(con, "CHLOE")
        == family_of(con, "TOMMY")
        == family_of(con, "ISABELLE")
    )
    assert family_of(con, "GEORGE_ABROAD") != family_of(con, "CHLOE_ABROAD")
