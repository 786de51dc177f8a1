"""The synthetic population: people, the households they live in over the history, families, addresses.

Households are built by type (single adults, couples, couples and lone parents with children, blended
families, multi-generational homes, shared houses) and then changed over the history: moves, separations
(the father moves out and stays a member as a non-resident parent), marriages and name changes, births
(with the pregnancies before them, some still under way at ``today``) and young people who become
parents. Everything is vectorised by household type; only the draws are sequential, so a seed fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wholefamily.synthetic import id_numbers, names
from wholefamily.synthetic.dates import NA, ymd

OPEN = np.int32(np.iinfo(np.int32).max)
"""End date of a membership or address period that is still running."""
YEAR = 365.25
ROLES = ("parent", "partner", "child", "grandparent", "non_resident_parent", "lodger", "single")
PARENT, PARTNER, CHILD, GRANDPARENT, NRP, LODGER, SINGLE = range(7)
KINDS = (
    "single",
    "couple",
    "couple_with_children",
    "lone_parent",
    "blended",
    "multi_generational",
    "shared_house",
    "lodger",
)
TENURES = ("owner_occupied", "council", "housing_association", "private_rented")
RELATIONS = ("self", "own_child", "step_child", "half_sibling", "grandchild", "step_parent")

_FIRST = [n for key in sorted(names.FIRST_NAMES) for n in names.FIRST_NAMES[key]]
_SUR = [n for origin in names.ORIGINS for n in names.SURNAMES[origin]]
FIRST_NAMES = np.array(_FIRST)
SURNAMES = np.array(_SUR)


def _offsets(sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    size = np.array(sizes)
    return np.concatenate([[0], np.cumsum(size)[:-1]]), size


_ORIGIN_INDEX = {o: i for i, o in enumerate(names.ORIGINS)}
_FIRST_KEYS = sorted(names.FIRST_NAMES)
_FIRST_OFF, _FIRST_LEN = _offsets([len(names.FIRST_NAMES[k]) for k in _FIRST_KEYS])
_FIRST_SLOT = np.array([[_FIRST_KEYS.index((o, s)) for s in (0, 1)] for o in names.ORIGINS])
_SUR_OFF, _SUR_LEN = _offsets([len(names.SURNAMES[o]) for o in names.ORIGINS])


@dataclass
class _Columns:
    """Growing column store: append arrays, concatenate once."""

    parts: dict[str, list[np.ndarray]] = field(default_factory=dict)
    size: int = 0

    def add(self, **cols: np.ndarray | int | np.generic) -> np.ndarray:
        sized = [np.size(v) for v in cols.values() if np.ndim(v) > 0]
        n = max(sized) if sized else 1
        for key, value in cols.items():
            self.parts.setdefault(key, []).append(np.broadcast_to(np.asarray(value), (n,)).copy())
        ids = np.arange(self.size, self.size + n, dtype=np.int64)
        self.size += n
        return ids

    def get(self, key: str, dtype: type) -> np.ndarray:
        return np.concatenate(self.parts[key]).astype(dtype)


@dataclass
class Population:
    today: int
    start: int
    # people, indexed by person number (person_id in the truth is derived from it)
    sex: np.ndarray
    dob: np.ndarray
    origin: np.ndarray
    first: np.ndarray
    middle: np.ndarray
    sur1: np.ndarray
    sur2: np.ndarray
    prev1: np.ndarray
    prev2: np.ndarray
    name_change: np.ndarray
    mother: np.ndarray
    father: np.ndarray
    nhs: np.ndarray
    upn: np.ndarray
    ni: np.ndarray
    # memberships, one row per (family, person, role, address period)
    m_family: np.ndarray
    m_person: np.ndarray
    m_role: np.ndarray
    m_relation: np.ndarray
    m_start: np.ndarray
    m_end: np.ndarray
    m_address: np.ndarray
    family_kind: np.ndarray
    # addresses
    a_line1: np.ndarray
    a_town: np.ndarray
    a_postcode: np.ndarray
    a_uprn: np.ndarray
    a_tenure: np.ndarray
    # pregnancies: mother, partner (-1), booking date, expected delivery date, child born (-1 if not yet)
    p_mother: np.ndarray
    p_partner: np.ndarray
    p_booking: np.ndarray
    p_edd: np.ndarray
    p_child: np.ndarray

    @property
    def people(self) -> int:
        return int(self.sex.size)

    def surname_at(self, person: np.ndarray, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Surname parts in use at a date (before a change: the previous name)."""
        before = (self.name_change[person] != NA) & (when < self.name_change[person])
        return (
            np.where(before, self.prev1[person], self.sur1[person]),
            np.where(before, self.prev2[person], self.sur2[person]),
        )

    def residence_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sorted (person, start) keys and addresses of where each person lived, for ``address_at``."""
        key = self.m_person.astype(np.int64) * (1 << 20) + (self.m_start.astype(np.int64) + 200_000)
        order = np.argsort(key, kind="stable")
        return key[order], self.m_address[order], self.m_person[order]

    def address_at(
        self, index: tuple[np.ndarray, np.ndarray, np.ndarray], person: np.ndarray, when: np.ndarray
    ) -> np.ndarray:
        """Address a person lived at on a date (their first known address if the date is earlier)."""
        keys, addresses, owners = index
        probe = person.astype(np.int64) * (1 << 20) + (when.astype(np.int64) + 200_000)
        pos = np.searchsorted(keys, probe, side="right") - 1
        pos = np.clip(pos, 0, keys.size - 1)
        wrong = owners[pos] != person
        first = np.clip(
            np.searchsorted(keys, person.astype(np.int64) * (1 << 20), side="left"), 0, keys.size - 1
        )
        return np.where(wrong, addresses[first], addresses[pos])

    def age(self, person: np.ndarray, when: np.ndarray) -> np.ndarray:
        from wholefamily.synthetic.dates import age_at

        return age_at(self.dob[person], when)


def build_population(residents: int, today: int, seed: int, years: int = 4) -> Population:
    return _Builder(residents, today, np.random.default_rng(seed), years).build()


class _Builder:
    def __init__(self, residents: int, today: int, rng: np.random.Generator, years: int) -> None:
        self.n = residents
        self.today = today
        self.start = int(today - round(years * YEAR))
        self.rng = rng
        self.people = _Columns()
        self.members = _Columns()  # family, person, role, relation, start, end, household
        self.households = _Columns()  # formed date, shared-house flag
        self.families: list[np.ndarray] = []
        self.preg = _Columns()
        self.renames: list[tuple[np.ndarray, ...]] = []

    # -- small helpers ------------------------------------------------------------------------------
    def _dob(self, age_years: np.ndarray) -> np.ndarray:
        """Date of birth for an age (in years, fractional) reached on the start date."""
        return np.asarray(self.start - np.round(age_years * YEAR), dtype=np.int32)

    def _surname(self, origin: np.ndarray) -> np.ndarray:
        return np.asarray(
            _SUR_OFF[origin] + self.rng.integers(0, 1 << 30, origin.size) % _SUR_LEN[origin], np.int32
        )

    def _person(
        self,
        sex: np.ndarray | int,
        dob: np.ndarray,
        origin: np.ndarray,
        sur1: np.ndarray,
        sur2: np.ndarray | int = -1,
        mother: np.ndarray | int = -1,
        father: np.ndarray | int = -1,
    ) -> np.ndarray:
        return self.people.add(
            sex=sex,
            dob=dob,
            origin=origin,
            sur1=sur1,
            sur2=sur2,
            mother=mother,
            father=father,
            prev1=-1,
            prev2=-1,
            change=NA,
        )

    def _household(self, n: int, formed: np.ndarray | int, shared: bool = False) -> np.ndarray:
        return self.households.add(
            formed=np.broadcast_to(np.asarray(formed, dtype=np.int32), (n,)), shared=np.full(n, shared)
        )

    def _family(self, kind: int, n: int) -> np.ndarray:
        start = sum(f.size for f in self.families)
        self.families.append(np.full(n, kind, dtype=np.int8))
        return np.arange(start, start + n, dtype=np.int64)

    def _member(
        self,
        family: np.ndarray,
        person: np.ndarray,
        role: int | np.ndarray,
        start: np.ndarray,
        household: np.ndarray,
        relation: int | np.ndarray = 0,
        end: np.ndarray | np.generic = OPEN,
    ) -> None:
        self.members.add(
            family=family,
            person=person,
            role=role,
            relation=relation,
            start=np.asarray(start, dtype=np.int32),
            end=end,
            household=household,
        )

    def _origins(self, n: int) -> np.ndarray:
        return self.rng.choice(
            len(names.ORIGINS), size=n, p=np.array(names.ORIGIN_SHARES) / sum(names.ORIGIN_SHARES)
        )

    def _children(
        self, family: np.ndarray, count: np.ndarray, mother_dob: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Children's dates of birth for each family: youngest first, 1-4 years apart, under 18 at start."""
        rep = np.repeat(np.arange(family.size), count)
        first_of = np.repeat(np.cumsum(count) - count, count)
        gaps = self.rng.uniform(1.0, 4.0, rep.size)
        gaps[np.arange(rep.size) == first_of] = 0.0
        cum = np.cumsum(gaps)
        within = cum - cum[first_of]
        youngest = self.rng.uniform(0.0, 11.0, family.size)[rep]
        age = youngest + within
        dob = self._dob(age)
        ok = (age < 17.8) & ((dob - mother_dob[rep]) > 17.5 * YEAR)
        return rep[ok], dob[ok]

    # -- household types ------------------------------------------------------------------------------
    def build(self) -> Population:
        rng = self.rng
        units = int(self.n / 2.6) + 20
        shares = np.array([0.31, 0.27, 0.205, 0.105, 0.035, 0.025, 0.012])
        counts = rng.multinomial(units, shares / shares.sum())
        self._singles(counts[0], rng.uniform(18, 92, counts[0]))
        self._couples(counts[1])
        self._couples_with_children(counts[2])
        self._lone_parents(counts[3])
        self._blended(counts[4])
        self._multi_generational(counts[5])
        self._shared_houses(counts[6])
        self._lodgers()
        self._births()
        self._young_parents()
        self._separations()
        self._marriages()
        shortfall = self.n - self.people.size
        if shortfall > 0:
            self._singles(shortfall, rng.uniform(18, 92, shortfall))
        return self._finish()

    def _singles(self, n: int, age: np.ndarray) -> np.ndarray:
        origin = self._origins(n)
        pid = self._person(self.rng.integers(0, 2, n), self._dob(age), origin, self._surname(origin))
        formed = (self.start - self.rng.uniform(0, 10, n) * YEAR).astype(np.int32)
        formed = np.maximum(formed, self.people_dob(pid) + int(18 * YEAR))
        hh = self._household(n, formed)
        self._member(self._family(0, n), pid, SINGLE, formed, hh)
        return pid

    def people_dob(self, ids: np.ndarray) -> np.ndarray:
        dob = np.concatenate(self.people.parts["dob"]).astype(np.int32)
        return np.asarray(dob[ids])

    def _pair(
        self, n: int, man_age: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """A man and a woman: origins, surnames; returns man, woman, origin, his and her maiden surname."""
        rng = self.rng
        origin = self._origins(n)
        her_origin = np.where(rng.random(n) < 0.06, self._origins(n), origin)
        his = self._surname(origin)
        maiden = self._surname(her_origin)
        woman_age = np.clip(man_age - rng.normal(2.0, 3.0, n), 18, 95)
        man = self._person(0, self._dob(man_age), origin, his)
        woman = self._person(1, self._dob(woman_age), her_origin, maiden)
        return man, woman, origin, his, maiden

    def _name_at_marriage(
        self, woman: np.ndarray, his: np.ndarray, maiden: np.ndarray, married: np.ndarray, when: np.ndarray
    ) -> None:
        """Married women mostly take the husband's surname, some double-barrel it."""
        hyphen = married & (self.rng.random(woman.size) < 0.1)
        take = married & ~hyphen
        self._set_name(woman[take], his[take], -1, maiden[take], -1, when[take])
        self._set_name(woman[hyphen], maiden[hyphen], his[hyphen], maiden[hyphen], -1, when[hyphen])

    def _set_name(
        self,
        who: np.ndarray,
        s1: np.ndarray | int,
        s2: np.ndarray | int,
        p1: np.ndarray | int,
        p2: np.ndarray | int,
        when: np.ndarray | int,
    ) -> None:
        self.renames.append(
            (
                who,
                *(np.broadcast_to(np.asarray(v), who.shape).astype(np.int32) for v in (s1, s2, p1, p2, when)),
            )
        )

    def _couples(self, n: int) -> None:
        rng = self.rng
        age = np.where(rng.random(n) < 0.45, rng.uniform(60, 92, n), rng.uniform(22, 60, n))
        man, woman, _, his, maiden = self._pair(n, age)
        formed = (self.start - rng.uniform(0.5, 1.0, n) * (age - 21) * YEAR).astype(np.int32)
        married = rng.random(n) < np.where(age > 50, 0.85, 0.45)
        self._name_at_marriage(woman, his, maiden, married, formed)
        hh = self._household(n, formed)
        fam = self._family(1, n)
        self._member(fam, man, PARTNER, formed, hh)
        self._member(fam, woman, PARTNER, formed, hh)
        self.couples = (fam, man, woman, hh, married, his)

    def _couples_with_children(self, n: int) -> None:
        rng = self.rng
        man, woman, origin, his, maiden = self._pair(n, rng.uniform(22, 55, n))
        wdob = self.people_dob(woman)
        mixed = np.concatenate(self.people.parts["origin"])[woman] != origin
        kid_count = rng.choice([1, 2, 3, 4], size=n, p=[0.38, 0.38, 0.17, 0.07])
        rep, kdob = self._children(np.arange(n), kid_count, wdob)
        married = rng.random(n) < 0.62
        formed = np.minimum(
            (self.start - rng.uniform(1, 4, n) * YEAR).astype(np.int32), np.full(n, self.start, np.int32)
        )
        first_birth = np.full(n, self.start, np.int32)
        np.minimum.at(first_birth, rep, kdob)
        formed = np.minimum(formed, first_birth - 200).astype(np.int32)
        self._name_at_marriage(woman, his, maiden, married, formed)
        # children's surname: father's; unmarried parents sometimes give the mother's or both
        kid_sur1 = his[rep].copy()
        kid_sur2 = np.full(rep.size, -1, np.int32)
        draw = rng.random(rep.size)
        unmarried = ~married[rep]
        kid_sur1[unmarried & (draw < 0.15)] = maiden[rep][unmarried & (draw < 0.15)]
        both = unmarried & (draw >= 0.15) & (draw < 0.27)
        kid_sur1[both], kid_sur2[both] = maiden[rep][both], his[rep][both]
        kid_origin = np.where(mixed, _ORIGIN_INDEX["mixed"], origin)[rep]
        kids = self._person(
            rng.integers(0, 2, rep.size), kdob, kid_origin, kid_sur1, kid_sur2, woman[rep], man[rep]
        )
        hh = self._household(n, formed)
        fam = self._family(2, n)
        self._member(fam, man, PARENT, formed, hh)
        self._member(fam, woman, PARENT, formed, hh)
        self._member(fam[rep], kids, CHILD, kdob, hh[rep], relation=1)
        self.with_children = (fam, man, woman, hh, married, his)

    def _lone_parents(self, n: int) -> None:
        rng = self.rng
        origin = self._origins(n)
        mother_sur = self._surname(origin)
        mother = self._person(1, self._dob(rng.uniform(19, 50, n)), origin, mother_sur)
        mdob = self.people_dob(mother)
        rep, kdob = self._children(np.arange(n), rng.choice([1, 2, 3], size=n, p=[0.5, 0.35, 0.15]), mdob)
        # the father: known in the authority (a non-resident parent) for some
        known = rng.random(n) < 0.45
        father_sur = self._surname(origin)
        kid_sur = np.where(rng.random(rep.size) < 0.5, father_sur[rep], mother_sur[rep])
        dad = np.full(n, -1, np.int64)
        dad[known] = self._person(
            0, self._dob(rng.uniform(21, 55, known.sum())), origin[known], father_sur[known]
        )
        kids = self._person(
            rng.integers(0, 2, rep.size), kdob, origin[rep], kid_sur, -1, mother[rep], dad[rep]
        )
        formed = (np.minimum(self.start, self._first_dates(rep, kdob, n)) - 30).astype(np.int32)
        hh = self._household(n, formed)
        fam = self._family(3, n)
        self._member(fam, mother, PARENT, formed, hh)
        self._member(fam[rep], kids, CHILD, kdob, hh[rep], relation=1)
        self._nrp_homes(fam[known], dad[known], formed[known])

    def _first_dates(self, rep: np.ndarray, dates: np.ndarray, n: int) -> np.ndarray:
        first = np.full(n, self.start, np.int64)
        np.minimum.at(first, rep, dates)
        return first

    def _nrp_homes(self, family: np.ndarray, dad: np.ndarray, since: np.ndarray) -> None:
        """A father living elsewhere: his own home, and membership of his children's family."""
        hh = self._household(dad.size, since)
        self._member(family, dad, NRP, since, hh)

    def _blended(self, n: int) -> None:
        """Mother with children by an earlier partner, a new partner (step-father), sometimes his child
        and a child of the new couple (half-sibling to the others)."""
        rng = self.rng
        man, woman, origin, his, maiden = self._pair(n, rng.uniform(26, 50, n))
        wdob = self.people_dob(woman)
        rep, kdob = self._children(np.arange(n), rng.choice([1, 2], size=n), wdob)
        ex_sur = self._surname(origin)
        ex_known = rng.random(n) < 0.4
        ex = np.full(n, -1, np.int64)
        ex[ex_known] = self._person(
            0, self._dob(rng.uniform(25, 55, ex_known.sum())), origin[ex_known], ex_sur[ex_known]
        )
        kids = self._person(
            rng.integers(0, 2, rep.size), kdob, origin[rep], ex_sur[rep], -1, woman[rep], ex[rep]
        )
        formed = (self.start - rng.uniform(0.5, 3, n) * YEAR).astype(np.int32)
        married = rng.random(n) < 0.5
        self._name_at_marriage(woman, his, maiden, married, formed)
        hh = self._household(n, formed)
        fam = self._family(4, n)
        self._member(fam, man, PARTNER, formed, hh, relation=5)
        self._member(fam, woman, PARENT, formed, hh)
        self._member(fam[rep], kids, CHILD, np.maximum(kdob, formed[rep]), hh[rep], relation=1)
        # his child from before (mother not in the authority)
        his_kid = rng.random(n) < 0.35
        sdob = self._dob(rng.uniform(2, 15, his_kid.sum()))
        step = self._person(
            rng.integers(0, 2, his_kid.sum()), sdob, origin[his_kid], his[his_kid], -1, -1, man[his_kid]
        )
        self._member(fam[his_kid], step, CHILD, formed[his_kid], hh[his_kid], relation=2)
        # their own child together, born after they formed
        joint = (rng.random(n) < 0.45) & (self.start - formed > 300)
        jdob = (
            formed[joint] + 290 + rng.integers(0, np.maximum(self.start - formed[joint] - 289, 2))
        ).astype(np.int32)
        jk = self._person(
            rng.integers(0, 2, joint.sum()), jdob, origin[joint], his[joint], -1, woman[joint], man[joint]
        )
        self._member(fam[joint], jk, CHILD, jdob, hh[joint], relation=3)
        self._nrp_homes(fam[ex_known], ex[ex_known], formed[ex_known])

    def _multi_generational(self, n: int) -> None:
        """Grandparent(s), their adult child (the parent), sometimes a partner, and grandchildren."""
        rng = self.rng
        origin = np.where(rng.random(n) < 0.5, _ORIGIN_INDEX["south_asian"], self._origins(n))
        gp_sur = self._surname(origin)
        parent_age = rng.uniform(20, 42, n)
        gp_age = parent_age + rng.uniform(20, 32, n)
        gm = self._person(1, self._dob(gp_age - rng.uniform(0, 3, n)), origin, gp_sur)
        two = rng.random(n) < 0.6
        gf = self._person(0, self._dob(gp_age[two] + rng.uniform(0, 4, two.sum())), origin[two], gp_sur[two])
        parent_sex = (rng.random(n) < 0.65).astype(np.int8)  # 1: their daughter, 0: their son
        gf_full = np.full(n, -1, np.int64)
        gf_full[two] = gf
        parent = self._person(parent_sex, self._dob(parent_age), origin, gp_sur, -1, gm, gf_full)
        partner_in = rng.random(n) < 0.55
        partner_sur = self._surname(origin[partner_in])
        partner = self._person(
            1 - parent_sex[partner_in],
            self._dob(parent_age[partner_in] + rng.normal(0, 3, partner_in.sum())),
            origin[partner_in],
            np.where(parent_sex[partner_in] == 0, gp_sur[partner_in], partner_sur),
        )
        mother_dob = np.where(parent_sex == 1, self.people_dob(parent), self._dob(parent_age - 2))
        rep, kdob = self._children(
            np.arange(n), rng.choice([1, 2, 3], size=n, p=[0.45, 0.4, 0.15]), mother_dob
        )
        partner_full = np.full(n, -1, np.int64)
        partner_full[partner_in] = partner
        mum = np.where(parent_sex == 1, parent, partner_full)[rep]
        dad = np.where(parent_sex == 0, parent, partner_full)[rep]
        kids = self._person(rng.integers(0, 2, rep.size), kdob, origin[rep], gp_sur[rep], -1, mum, dad)
        formed = (self.start - rng.uniform(0.5, 8, n) * YEAR).astype(np.int32)
        hh = self._household(n, formed)
        fam = self._family(5, n)
        self._member(fam, gm, GRANDPARENT, formed, hh)
        self._member(fam[two], gf, GRANDPARENT, formed[two], hh[two])
        self._member(fam, parent, PARENT, formed, hh, relation=1)
        self._member(fam[partner_in], partner, PARENT, formed[partner_in], hh[partner_in])
        self._member(fam[rep], kids, CHILD, np.maximum(kdob, formed[rep]), hh[rep], relation=4)

    def _shared_houses(self, n: int) -> None:
        """Houses in multiple occupation: unrelated adults at one address, each their own family."""
        rng = self.rng
        size = rng.integers(3, 7, n)
        hh = self._household(n, (self.start - rng.uniform(1, 5, n) * YEAR).astype(np.int32), shared=True)
        rep = np.repeat(np.arange(n), size)
        origin = self._origins(rep.size)
        pid = self._person(
            rng.integers(0, 2, rep.size),
            self._dob(rng.uniform(19, 60, rep.size)),
            origin,
            self._surname(origin),
        )
        joined = (self.start - rng.uniform(0, 3, rep.size) * YEAR).astype(np.int32)
        self._member(self._family(6, rep.size), pid, LODGER, joined, hh[rep])

    def _lodgers(self) -> None:
        """A lodger in a family's home: sharing the address, not part of the family."""
        fam, _, _, hh, _, _ = self.with_children
        take = self.rng.random(fam.size) < 0.02
        n = int(take.sum())
        origin = self._origins(n)
        pid = self._person(
            self.rng.integers(0, 2, n), self._dob(self.rng.uniform(19, 70, n)), origin, self._surname(origin)
        )
        joined = (self.start - self.rng.uniform(0, 2, n) * YEAR).astype(np.int32)
        self._member(self._family(7, n), pid, LODGER, joined, hh[take])

    # -- changes over the history -------------------------------------------------------------------
    def _member_arrays(self) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.members.parts.items()}

    def _births(self) -> None:
        """Births to couples and families in the history; some due after today (expectant parents)."""
        rng = self.rng
        m = self._member_arrays()
        sex = np.concatenate(self.people.parts["sex"])
        dob = np.concatenate(self.people.parts["dob"]).astype(np.int64)
        origin = np.concatenate(self.people.parts["origin"])
        adult = np.isin(m["role"], (PARENT, PARTNER)) & (sex[m["person"]] == 1)
        age = (self.start - dob[m["person"]]) / YEAR
        chance = np.where(
            (age > 18) & (age < 30), 0.32, np.where(age < 38, 0.22, np.where(age < 43, 0.06, 0))
        )
        mother_row = np.flatnonzero(adult & (rng.random(adult.size) < chance))
        mothers = m["person"][mother_row]
        _, first = np.unique(mothers, return_index=True)
        mother_row = mother_row[np.sort(first)]
        due = self.start + rng.integers(0, self.today - self.start + 240, mother_row.size)
        self._add_births(m, mother_row, due, origin, partnered=True, relation=1)

    def _add_births(
        self,
        m: dict[str, np.ndarray],
        mother_row: np.ndarray,
        due: np.ndarray,
        origin: np.ndarray,
        partnered: bool,
        relation: int,
    ) -> None:
        """Pregnancies for the mothers at these membership rows; children are born if due by today."""
        rng = self.rng
        fam = m["family"][mother_row]
        mother = m["person"][mother_row]
        partner = np.full(fam.size, -1, np.int64)
        if partnered:  # the father: the man who is a parent or partner in the same family
            men = np.flatnonzero(
                np.isin(m["role"], (PARENT, PARTNER))
                & (np.concatenate(self.people.parts["sex"])[m["person"]] == 0)
            )
            men = men[np.argsort(m["family"][men], kind="stable")]
            pos = np.clip(np.searchsorted(m["family"][men], fam), 0, max(men.size - 1, 0))
            found = m["family"][men][pos] == fam
            partner[found] = m["person"][men][pos][found]
        sur1 = np.concatenate(self.people.parts["sur1"])
        born = due <= self.today
        booking = (due - rng.integers(180, 230, due.size)).astype(np.int32)
        surname = np.where(partner >= 0, sur1[np.maximum(partner, 0)], sur1[mother])
        child = np.full(due.size, -1, np.int64)
        child[born] = self._person(
            rng.integers(0, 2, born.sum()),
            due[born].astype(np.int32),
            origin[mother[born]],
            surname[born],
            -1,
            mother[born],
            partner[born],
        )
        self._member(
            fam[born],
            child[born],
            CHILD,
            due[born].astype(np.int32),
            m["household"][mother_row][born],
            relation=relation,
        )
        self.preg.add(mother=mother, partner=partner, booking=booking, edd=due.astype(np.int32), child=child)

    def _young_parents(self) -> None:
        """A daughter aged 16-19 has a baby and stays at home: she becomes a parent, the baby a grandchild."""
        rng = self.rng
        m = self._member_arrays()
        sex = np.concatenate(self.people.parts["sex"])
        dob = np.concatenate(self.people.parts["dob"]).astype(np.int64)
        origin = np.concatenate(self.people.parts["origin"])
        at16 = dob[m["person"]] + int(16.2 * YEAR)
        girl = (
            (m["role"] == CHILD)
            & (sex[m["person"]] == 1)
            & (at16 < self.today - 60)
            & (at16 > self.start - 3 * YEAR)
        )
        rows = np.flatnonzero(girl & (rng.random(girl.size) < 0.05))
        if rows.size == 0:
            return
        due = np.maximum(at16[rows], self.start + 30) + rng.integers(0, 700, rows.size)
        due = np.minimum(due, self.today - 10)
        self._add_births(m, rows, due, origin, partnered=False, relation=4)
        self._split_role(rows, due.astype(np.int32), PARENT)

    def _split_role(
        self, rows: np.ndarray, when: np.ndarray, role: int, household: np.ndarray | None = None
    ) -> None:
        """End membership rows on a date and start the same person's membership with a new role."""
        m = self._member_arrays()
        end = m["end"].copy()
        end[rows] = when
        self.members.parts = {k: [v] for k, v in m.items()}
        self.members.parts["end"] = [end]
        self._member(
            m["family"][rows],
            m["person"][rows],
            role,
            when,
            m["household"][rows] if household is None else household,
            relation=m["relation"][rows],
        )

    def _separations(self) -> None:
        """Some couples with children part: the father moves out and stays known with his children."""
        rng = self.rng
        fam, man, woman, _, married, _ = self.with_children
        split = rng.random(fam.size) < 0.08
        when = (self.start + rng.integers(60, self.today - self.start - 30, split.sum())).astype(np.int32)
        m = self._member_arrays()
        key = np.where(m["role"] == PARENT, m["family"] * (1 << 32) + m["person"], -1)
        order = np.argsort(key, kind="stable")
        rows = order[np.searchsorted(key[order], fam[split] * (1 << 32) + man[split])]
        homes = self._household(rows.size, when)
        self._split_role(rows, when, NRP, homes)
        # a married mother sometimes goes back to her maiden name some months later
        revert = married[split] & (rng.random(rows.size) < 0.4)
        later = when + rng.integers(30, 400, rows.size)
        revert &= later < self.today
        self.reverts = (woman[split][revert], later[revert].astype(np.int32))

    def _marriages(self) -> None:
        """Unmarried couples who marry in the history: her surname changes on the wedding day."""
        rng = self.rng
        for fam, _man, woman, _hh, married, his in (self.couples, self.with_children):
            wed = ~married & (rng.random(fam.size) < 0.08)
            when = (self.start + rng.integers(30, self.today - self.start, wed.sum())).astype(np.int32)
            sur1 = np.concatenate(self.people.parts["sur1"])
            self._set_name(woman[wed], his[wed], -1, sur1[woman[wed]], -1, when)

    # -- finishing: names, identifiers, addresses -----------------------------------------------------
    def _finish(self) -> Population:
        rng = self.rng
        p = {k: np.concatenate(v) for k, v in self.people.parts.items()}
        n = p["sex"].size
        sex = p["sex"].astype(np.int8)
        origin = p["origin"].astype(np.int8)
        slot = _FIRST_SLOT[origin, sex]
        first = (_FIRST_OFF[slot] + rng.integers(0, 1 << 30, n) % _FIRST_LEN[slot]).astype(np.int32)
        middle = (_FIRST_OFF[slot] + rng.integers(0, 1 << 30, n) % _FIRST_LEN[slot]).astype(np.int32)
        middle[(rng.random(n) < 0.4) | (middle == first)] = -1
        sur1, sur2 = p["sur1"].astype(np.int32), p["sur2"].astype(np.int32)
        prev1, prev2 = np.full(n, -1, np.int32), np.full(n, -1, np.int32)
        change = np.full(n, NA, np.int32)
        for who, s1, s2, p1, p2, when in self.renames:
            sur1[who], sur2[who], prev1[who], prev2[who], change[who] = s1, s2, p1, p2, when
        who, when = self.reverts
        # back to the maiden name: the married name becomes the previous one
        maiden1 = prev1[who].copy()
        prev1[who], prev2[who] = sur1[who], sur2[who]
        sur1[who], sur2[who], change[who] = maiden1, -1, when
        dob = p["dob"].astype(np.int32)
        nhs = id_numbers.nhs_numbers(rng, n)
        nhs[rng.random(n) < 0.01] = 0
        age_today = (self.today - dob) / YEAR
        pupil = (age_today >= 4.5) & (age_today < 16 + (self.today - self.start) / YEAR + 1)
        upn = np.full(n, "", dtype=object)
        upn[pupil] = id_numbers.upns(rng, int(pupil.sum()), ymd(dob[pupil])[0])
        ni = np.full(n, "", dtype=object)
        adult = (age_today >= 16.0) & (rng.random(n) < 0.97)
        ni[adult] = id_numbers.ni_numbers(rng, int(adult.sum()))
        members, kinds, addresses = self._addresses()
        pr = {k: np.concatenate(v) for k, v in self.preg.parts.items()}
        return Population(
            today=self.today,
            start=self.start,
            sex=sex,
            dob=dob,
            origin=origin,
            first=first,
            middle=middle,
            sur1=sur1,
            sur2=sur2,
            prev1=prev1,
            prev2=prev2,
            name_change=change,
            mother=p["mother"].astype(np.int64),
            father=p["father"].astype(np.int64),
            nhs=nhs,
            upn=upn,
            ni=ni,
            m_family=members["family"],
            m_person=members["person"],
            m_role=members["role"],
            m_relation=members["relation"],
            m_start=members["start"],
            m_end=members["end"],
            m_address=members["address"],
            family_kind=kinds,
            a_line1=addresses["line1"],
            a_town=addresses["town"],
            a_postcode=addresses["postcode"],
            a_uprn=addresses["uprn"],
            a_tenure=addresses["tenure"],
            p_mother=pr["mother"],
            p_partner=pr["partner"],
            p_booking=pr["booking"].astype(np.int32),
            p_edd=pr["edd"].astype(np.int32),
            p_child=pr["child"],
        )

    def _addresses(self) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, np.ndarray]]:
        """Give each household its addresses over time (moves) and expand memberships by address period."""
        rng = self.rng
        h = {k: np.concatenate(v) for k, v in self.households.parts.items()}
        nh = h["formed"].size
        moves = np.where(h["shared"], 0, rng.choice([0, 1, 2], size=nh, p=[0.76, 0.2, 0.04]))
        span = np.maximum(self.today - np.maximum(h["formed"], self.start), 2)
        move_dates = np.sort(
            np.maximum(h["formed"], self.start)[:, None] + rng.integers(1, span[:, None], (nh, 2)), axis=1
        ).astype(np.int32)
        move_dates[moves < 2, 1] = OPEN
        move_dates[moves < 1, 0] = OPEN
        n_addr = int(nh + moves.sum())
        first_address = np.concatenate([[0], np.cumsum(1 + moves)[:-1]])
        addresses = _address_pool(rng, n_addr, h["shared"], first_address)
        m = self._member_arrays()
        bounds = [np.full(nh, -(2**31) + 1, np.int32), move_dates[:, 0], move_dates[:, 1], np.full(nh, OPEN)]
        rows: dict[str, list[np.ndarray]] = {}
        hh = m["household"]
        for k in range(3):
            lo = np.maximum(m["start"], bounds[k][hh])
            hi = np.minimum(m["end"], bounds[k + 1][hh])
            keep = (bounds[k][hh] != OPEN) & (lo < hi)
            for key in ("family", "person", "role", "relation"):
                rows.setdefault(key, []).append(m[key][keep])
            rows.setdefault("start", []).append(lo[keep])
            rows.setdefault("end", []).append(hi[keep])
            rows.setdefault("address", []).append((first_address[hh] + k)[keep])
        members = {k: np.concatenate(v) for k, v in rows.items()}
        order = np.lexsort((members["start"], members["person"], members["family"]))
        members = {k: v[order] for k, v in members.items()}
        members["role"] = members["role"].astype(np.int8)
        members["relation"] = members["relation"].astype(np.int8)
        members["start"] = members["start"].astype(np.int32)
        members["end"] = members["end"].astype(np.int32)
        kinds = np.concatenate(self.families)
        return members, kinds, addresses


def _address_pool(
    rng: np.random.Generator, n: int, shared: np.ndarray, first_address: np.ndarray
) -> dict[str, np.ndarray]:
    """Synthetic addresses in the fictional authority: about 20 homes per postcode unit on a street."""
    per_unit = max(20, -(-n // (len(names.POSTCODE_DISTRICTS) * 10 * 400)))
    slot = rng.permutation(n).astype(np.int64)  # where each address sits in the street grid
    unit = slot // per_unit
    districts = np.array(names.POSTCODE_DISTRICTS)
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
    district = unit % districts.size
    sector = (unit // districts.size) % 10
    pair = ((unit // (districts.size * 10)) * 7 + (unit % (districts.size * 10)) * 13) % 400  # injective
    postcode = np.char.add(
        np.char.add(np.char.add(districts[district], " "), sector.astype(str)),
        np.char.add(letters[pair // 20], letters[pair % 20]),
    )
    street_no = unit // 3  # a street holds about three postcode units
    streets = np.array([f"{s} {t}" for s in names.STREETS for t in names.STREET_TYPES])
    street = streets[(street_no * 7919) % streets.size]
    number = (slot % (per_unit * 3)) + 1
    flat = np.where(
        rng.random(n) < 0.15, np.char.add(np.char.add("Flat ", rng.integers(1, 9, n).astype(str)), ", "), ""
    )
    line1 = np.char.add(flat, np.char.add(np.char.add(number.astype(str), " "), street))
    towns = np.array(names.TOWNS)
    tenure = rng.choice(4, size=n, p=[0.55, 0.16, 0.1, 0.19]).astype(np.int8)
    tenure[first_address[shared]] = 3
    return {  # strings as wide as the longest (np.char.add sums the widths): every view copies them per row
        "line1": line1.astype(f"U{np.char.str_len(line1).max(initial=1)}"),
        "town": towns[district % towns.size],
        "postcode": postcode.astype(f"U{np.char.str_len(postcode).max(initial=1)}"),
        "uprn": 100_000_000_000 + slot * 13 + 7,
        "tenure": tenure,
    }
