"""Casework after identification, and what happens to each family's needs after the case closes.

Opt-in (``generate --closures SHARE``): a share of the families with a followed need on the first
delivery date are worked with; each gets casework milestones (work start, assessment, plan and, when it
came a month before today or earlier, a closure), and each followed need is given a scenario, written
into the history before the partners' files are:

* ``improves``: every event after closure that would break the need's default measure is removed (a
  spell of care or of a service open at closure ends on the closure day);
* ``relapses``: the same, then one such event on a drawn day after closure (sometimes after six months);
* ``no_data``: for a need judged on records (attendance, work), no record after closure at all.

The truth (``truth/outcomes.parquet``) gives each need's scenario and the facts the final history holds,
read as the last delivery shows them: the first event or record after closure that breaks the outcome,
whether one was open at closure, and the first record that shows it. The changes land at least
``SETTLE`` days before the last delivery, so that it holds them. Needs not followed keep their history,
and identification's truth (``needs.parquet``) is not rewritten for the changes after closure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wholefamily.synthetic.dates import NA
from wholefamily.synthetic.escalation import Escalation, escalate
from wholefamily.synthetic.needs import (
    ABUSE,
    BENEFITS,
    CARE,
    DISPOSALS,
    DUTIES,
    INCIDENT_TYPES,
    NOTICES,
    OFFENCES,
    ROLE_CODES,
    SERVICES,
    SUBSTANCES,
    History,
    Table,
)
from wholefamily.synthetic.population import OPEN, Population

#: the needs followed after closure: whose events the default measure reads (every family member's, or
#: those of the people with the need) and whether a record must show the outcome
FOLLOWED = {
    "domestic_abuse": ("family", False),
    "youth_offence": ("family", False),
    "adult_suspect": ("family", False),
    "child_to_parent_violence": ("persons", False),
    "missing_child": ("persons", False),
    "suspensions": ("persons", False),
    "housing_notice": ("family", False),
    "homelessness": ("family", False),
    "child_in_need": ("persons", False),
    "child_protection": ("persons", False),
    "looked_after": ("persons", False),
    "early_help_family_support": ("family", False),
    "adult_mental_health": ("persons", False),
    "camhs": ("persons", False),
    "substance_misuse": ("persons", False),
    "persistent_absence": ("persons", True),
    "out_of_work_benefits": ("persons", True),
}
#: the needs that are spells (of care, of a service): the table's code column, the code of the need, and
#: the codes whose spells break its measure (open at closure or begun after it)
SPELLS = {
    "child_in_need": ("status", "child_in_need", ("child_in_need", "child_protection", "looked_after")),
    "child_protection": ("status", "child_protection", ("child_protection", "looked_after")),
    "looked_after": ("status", "looked_after", ("looked_after",)),
    "early_help_family_support": ("status", "early_help", ("early_help",)),
    "adult_mental_health": ("service", "adult_mental_health", ("adult_mental_health",)),
    "camhs": ("service", "camhs", ("camhs",)),
    "substance_misuse": ("service", "substance_misuse", ("substance_misuse",)),
}
#: events a need's definition asks for in the year before (one for the others)
MIN_EVENTS = {"missing_child": 2, "suspensions": 3}
SCENARIOS = ("improves", "relapses", "no_data")
CLOSURE_REASONS = ("outcomes_met", "disengaged", "other")
#: the lead practitioners casework names (a family's is fixed by its number, so no draw is added)
KEYWORKERS = tuple(f"keyworker{k:02d}" for k in range(1, 13))
CRIME_TYPES = ("asb", "violence", "theft", "criminal_damage", "public_order")
#: days an event needs before the last delivery surely holds it (youth justice records after 30)
SETTLE = 35
#: days after the term ends before the school's attendance return holds it
TERM_RETURN = 14
#: days after a spell starts before DWP's extract holds it
SPELL_RETURN = 14
GOOD_ATTENDANCE, POOR_ATTENDANCE = 0.04, 0.2


@dataclass
class Followed:
    """One followed need of a family worked with, and the truth of its outcome (days; NA: none)."""

    family: int
    need: str
    persons: np.ndarray
    closure: int
    scenario: str | None = None
    broken_at_closure: bool = False
    first_break: int = int(NA)
    first_record: int = int(NA)


@dataclass
class Casework:
    milestones: Table  # family, start, assessment, plan, closure (NA: open), reason (-1: open)
    followed: list[Followed]
    escalation: Escalation | None = None  # with a programme effect to inject


def build_casework(
    pop: Population,
    h: History,
    seed: int,
    share: float,
    identified: int,
    programme_effect: float | None = None,
) -> Casework:
    """Pick the families worked with among those with a followed need on day ``identified``, write their
    milestones, and change their histories after closure to each need's scenario; with a programme
    effect, draw escalations too (``escalation``), before the outcomes' truth is read."""
    builder = _Builder(pop, h, np.random.default_rng(seed + 104_729), identified)
    return builder.build(share, programme_effect, seed)


def _keep(t: Table, mask: np.ndarray) -> None:
    for key in list(t.parts):
        t.parts[key] = [t.col(key)[mask]]


class _Builder:
    def __init__(self, pop: Population, h: History, rng: np.random.Generator, identified: int) -> None:
        self.pop, self.h, self.rng, self.r = pop, h, rng, identified
        self.today = int(pop.today)
        self.residence = pop.residence_index()

    def build(self, share: float, programme_effect: float | None, seed: int) -> Casework:
        groups = self._followed_needs(share)
        milestones = self._milestones(np.unique([f for f, _, _ in groups]).astype(np.int64))
        closure = dict(
            zip(milestones.col("family").tolist(), milestones.col("closure").tolist(), strict=True)
        )
        followed = [Followed(f, n, p, int(closure[f])) for f, n, p in groups]
        cut = {
            name: np.full(self.pop.people, OPEN, np.int64)
            for name, (_, records) in FOLLOWED.items()
            if not records
        }
        for item in followed:
            if item.closure != NA and item.need in cut:
                whose = self._whose(item)
                cut[item.need][whose] = np.minimum(cut[item.need][whose], item.closure)
        for name, by_person in cut.items():
            self._remove(name, by_person)
        closed = [item for item in followed if item.closure != NA]
        for item in closed:
            self._scenario(item)
        escalation = None
        if programme_effect is not None:  # an escalation may break a followed need's outcome too
            escalation = escalate(self.pop, self.h, milestones, seed, self.r, programme_effect)
        for item in closed:  # once every scenario is written: one need's relapse may break another's
            self._truth(item)
        return Casework(milestones, followed, escalation)

    # -- who is worked with ---------------------------------------------------------------------
    def _whose(self, item: Followed) -> np.ndarray:
        if FOLLOWED[item.need][0] == "persons":
            return item.persons
        return np.unique(self.pop.m_person[self.pop.m_family == item.family])

    def _followed_needs(self, share: float) -> list[tuple[int, str, np.ndarray]]:
        nd, pop = self.h.needs, self.pop
        names = np.array(self.h.need_names)[nd.col("need")]
        end = nd.col("end")
        active = np.isin(names, list(FOLLOWED)) & (nd.col("start") <= self.r) & ((end == NA) | (end > self.r))
        active &= self._established(names, nd.col("person"), nd.col("start"))
        family, person, names = nd.col("family")[active], nd.col("person")[active], names[active]
        # each need's people must still be in the family today, so that the pipeline reads their records
        now = pop.m_end == OPEN
        staying = set(zip(pop.m_family[now].tolist(), pop.m_person[now].tolist(), strict=True))
        stays = np.array(
            [(f, p) in staying for f, p in zip(family.tolist(), person.tolist(), strict=True)], bool
        )
        candidates = np.setdiff1d(np.unique(family), family[~stays])
        chosen = set(candidates[self.rng.random(candidates.size) < share].tolist())
        pairs = sorted({(f, n) for f, n in zip(family.tolist(), names.tolist(), strict=True) if f in chosen})
        return [(f, n, np.unique(person[(family == f) & (names == n)])) for f, n in pairs]

    def _established(self, names: np.ndarray, person: np.ndarray, start: np.ndarray) -> np.ndarray:
        """Needs whose own definition holds on the identification day in the files delivered that day (some
        begin before they show): six months out of work; every term returned in the year before poor, three
        at least; the need's spell open; enough of the need's settled events in that year (two missing
        episodes, three suspensions, one of the others)."""
        a = self.h.attendance
        _, end = self._term_dates()
        recent = (end + TERM_RETURN <= self.r) & (end > self.r - 365)
        bad = a.col("missed") / np.maximum(a.col("possible"), 1) > 0.10
        terms = np.bincount(a.col("person")[recent], minlength=self.pop.people)
        poor = np.bincount(a.col("person")[recent & bad], minlength=self.pop.people)
        ok = np.where(
            names == "persistent_absence", (terms[person] >= 3) & (poor[person] == terms[person]), True
        )
        ok &= (names != "out_of_work_benefits") | (start <= self.r - 182)
        for name, (_, records) in FOLLOWED.items():
            if records:
                continue
            events = np.zeros(self.pop.people, np.int64)
            if name in SPELLS:  # the need's own spell, open on the day
                column, code, _ = SPELLS[name]
                t = self.h.care if column == "status" else self.h.contacts
                own = t.col(column) == (CARE if column == "status" else SERVICES).index(code)
                own &= (t.col("start") <= self.r - SETTLE) & (t.col("end") > self.r)
                np.add.at(events, t.col("person")[own], 1)
            else:
                for _, _, who, when, _ in self._breaking(name):
                    np.add.at(events, who[(when <= self.r - SETTLE) & (when > self.r - 365)], 1)
            ok &= (names != name) | (events[person] >= MIN_EVENTS.get(name, 1))
        return ok

    def _milestones(self, families: np.ndarray) -> Table:
        rng, n = self.rng, families.size
        start = self.r + rng.integers(0, 15, n)
        assessment = start + rng.integers(3, 15, n)
        plan = assessment + rng.integers(3, 15, n)
        closure = plan + rng.integers(30, 151, n)
        closed = closure <= self.today - 30
        reason = rng.choice(len(CLOSURE_REASONS), size=n, p=[0.8, 0.12, 0.08])
        t = Table()
        t.add(
            family=families,
            start=start,
            assessment=assessment,
            plan=plan,
            closure=np.where(closed, closure, NA),
            reason=np.where(closed, reason, -1),
        )
        return t

    # -- events that break a followed need's measure ---------------------------------------------
    def _breaking(self, name: str) -> list[tuple[Table, np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """(table, rows, person, start, end) of the events that would break the need's default measure; an
        event that is not a spell ends on its date."""
        h = self.h
        if name in SPELLS:
            column, _, codes = SPELLS[name]
            t = h.care if column == "status" else h.contacts
            vocabulary = CARE if column == "status" else SERVICES
            rows = np.flatnonzero(np.isin(t.col(column), [vocabulary.index(c) for c in codes]))
            return [(t, rows, t.col("person")[rows], t.col("start")[rows], t.col("end")[rows])]
        if name in (
            "domestic_abuse",
            "youth_offence",
            "adult_suspect",
            "child_to_parent_violence",
            "missing_child",
        ):
            incident = h.involved.col("incident")
            pos = np.searchsorted(h.incidents.col("incident"), incident)
            kind, when = h.incidents.col("type")[pos], h.incidents.col("date")[pos]
            role = h.involved.col("role")
            suspect = role == ROLE_CODES.index("suspect")
            mask = {
                "domestic_abuse": (kind == INCIDENT_TYPES.index("domestic_abuse"))
                & np.isin(role, [ROLE_CODES.index("victim"), ROLE_CODES.index("perpetrator")]),
                "child_to_parent_violence": suspect & (kind == INCIDENT_TYPES.index("violence")),
                "missing_child": role == ROLE_CODES.index("missing"),
            }.get(name, suspect & np.isin(kind, [INCIDENT_TYPES.index(k) for k in CRIME_TYPES]))
            found = [
                (h.involved, np.flatnonzero(mask), h.involved.col("person")[mask], when[mask], when[mask])
            ]
            if name in ("youth_offence", "adult_suspect"):
                o = h.offences
                found.append((o, np.arange(len(o)), o.col("person"), o.col("date"), o.col("date")))
            return found
        t = {"suspensions": h.suspensions, "housing_notice": h.notices, "homelessness": h.approaches}[name]
        mask = (
            np.ones(len(t), bool) if name != "homelessness" else t.col("duty") != DUTIES.index("advice_only")
        )
        return [(t, np.flatnonzero(mask), t.col("person")[mask], t.col("date")[mask], t.col("date")[mask])]

    def _remove(self, name: str, cut: np.ndarray) -> None:
        """Drop the events that would break the need after each person's closure; a spell open at the
        closure ends on it."""
        h = self.h
        for t, rows, person, start, end in self._breaking(name):
            limit = cut[person]
            drop = rows[start > limit]
            if t is h.involved:
                gone = np.unique(h.involved.col("incident")[drop])
                _keep(h.involved, ~np.isin(h.involved.col("incident"), gone))
                _keep(h.incidents, ~np.isin(h.incidents.col("incident"), gone))
                continue
            if name in SPELLS:
                ends = t.col("end")
                ends[rows] = np.minimum(end, limit).astype(ends.dtype)
                t.parts["end"] = [ends]
            mask = np.ones(len(t), bool)
            mask[drop] = False
            _keep(t, mask)

    # -- the scenario of each need ---------------------------------------------------------------
    def _scenario(self, item: Followed) -> None:
        records, c = FOLLOWED[item.need][1], item.closure
        scenario = SCENARIOS[int(self.rng.choice(3, p=[0.6, 0.3, 0.1] if records else [0.65, 0.35, 0.0]))]
        when = c + int(self.rng.integers(1, 401))
        if scenario == "relapses" and when > self.today - SETTLE:
            scenario = "improves"
        person = int(self.rng.choice(item.persons))
        if item.need == "persistent_absence":
            scenario = self._attendance(item.persons, c, scenario, when)
        elif item.need == "out_of_work_benefits":
            scenario = self._work(item.persons, c, scenario, when)
        elif scenario == "relapses":
            self._relapse(item, person, when)
        item.scenario = scenario

    def _truth(self, item: Followed) -> None:
        c = item.closure
        if FOLLOWED[item.need][1]:
            item.broken_at_closure, item.first_break, item.first_record = self._records(
                item.need, item.persons, c
            )
            return
        whose = self._whose(item)
        found = []
        for _, _, person, start, end in self._breaking(item.need):
            # as the last delivery shows it: a spell ending after it is open, and read from the day after closure
            mine = np.isin(person, whose) & (start <= c + 730) & (np.minimum(end, self.today) > c)
            found.append(np.maximum(start[mine], c + 1))
        dates = np.concatenate(found)
        item.first_break = int(dates.min()) if dates.size else int(NA)

    def _relapse(self, item: Followed, person: int, when: int) -> None:
        h, pop, name = self.h, self.pop, item.need
        address = pop.address_at(self.residence, np.array([person]), np.array([when]))
        if name in SPELLS:
            column, code, _ = SPELLS[name]
            stop = when + int(self.rng.integers(60, 240))
            end = stop if stop <= self.today else OPEN
            if column == "status":
                h.care.add(
                    person=person,
                    start=when,
                    end=end,
                    status=CARE.index(code),
                    abuse=ABUSE.index("not_recorded"),
                    family=item.family,
                )
            else:
                substance = "alcohol" if code == "substance_misuse" else "none"
                h.contacts.add(
                    person=person,
                    service=SERVICES.index(code),
                    start=when,
                    end=end,
                    substance=SUBSTANCES.index(substance),
                )
        elif name == "youth_offence":
            h.offences.add(
                person=person,
                date=when,
                category=OFFENCES.index("theft"),
                disposal=DISPOSALS.index("community_resolution"),
            )
        elif name == "suspensions":
            h.suspensions.add(person=person, date=when, permanent=False, days=1.0)
        elif name == "housing_notice":
            h.notices.add(
                person=person,
                address=address,
                date=when,
                notice=NOTICES.index("notice_seeking_possession"),
                tenure=pop.a_tenure[address],
            )
        elif name == "homelessness":
            h.approaches.add(person=person, date=when, duty=DUTIES.index("prevention"), ta=False)
        else:
            kind, role = {
                "domestic_abuse": ("domestic_abuse", "victim"),
                "adult_suspect": ("asb", "suspect"),
                "child_to_parent_violence": ("violence", "suspect"),
                "missing_child": ("missing_person", "missing"),
            }[name]
            incident = int(h.incidents.col("incident").max()) + 1
            h.incidents.add(incident=incident, date=when, type=INCIDENT_TYPES.index(kind), address=address)
            h.involved.add(incident=incident, person=person, role=ROLE_CODES.index(role), order=0)

    def _term_dates(self) -> tuple[np.ndarray, np.ndarray]:
        terms, term = self.h.terms, self.h.attendance.col("term")
        return np.array([t[1] for t in terms])[term], np.array([t[2] for t in terms])[term]

    def _attendance(self, persons: np.ndarray, c: int, scenario: str, when: int) -> str:
        """Every term ending after closure attended, but the first starting from ``when`` (a relapse);
        or no term after closure at all. Returns the scenario written (no term to relapse in: improves)."""
        a = self.h.attendance
        start, end = self._term_dates()
        after = np.isin(a.col("person"), persons) & (end > c)
        if scenario == "no_data":
            _keep(a, ~after)
            return scenario
        possible = a.col("possible")
        missed = np.where(after, np.round(GOOD_ATTENDANCE * possible), a.col("missed")).astype(np.int64)
        poor = np.flatnonzero(after & (start >= when))
        if scenario == "relapses" and poor.size:
            first = poor[np.argmin(start[poor])]
            missed[first] = round(POOR_ATTENDANCE * possible[first])
        a.parts["missed"] = [missed]
        a.parts["unauthorised"] = [np.minimum(a.col("unauthorised"), missed)]
        return scenario if scenario != "relapses" or poor.size else "improves"

    def _work(self, persons: np.ndarray, c: int, scenario: str, when: int) -> str:
        """Out-of-work spells end the day before closure; then work, and out of work again from ``when``
        (a relapse, when work began before it); or no spell open after closure at all. Returns the
        scenario written."""
        b = self.h.benefits
        start, end = b.col("start"), b.col("end")
        cut = np.isin(b.col("person"), persons) & (end > c) & (b.col("out_of_work") | (scenario == "no_data"))
        b.parts["end"] = [np.where(cut & (start <= c), c - 1, end)]
        _keep(b, ~(cut & (start > c)))
        if scenario == "no_data":
            return scenario
        relapsed = False
        for p in persons:
            began = c + int(self.rng.integers(14, 91))
            b.add(person=p, start=began, end=OPEN, benefit=BENEFITS.index("employment"), out_of_work=False)
            if scenario == "relapses" and when > began:
                stop = when + int(self.rng.integers(40, 150))
                b.add(
                    person=p,
                    start=when,
                    end=stop if stop <= self.today else OPEN,
                    benefit=BENEFITS.index("jobseekers_allowance"),
                    out_of_work=True,
                )
                relapsed = True
        return "relapses" if relapsed else "improves"

    def _records(self, name: str, persons: np.ndarray, c: int) -> tuple[bool, int, int]:
        """(a poor record open at closure, the first poor record's date, the first good record's date),
        dated from the day after closure, as the last delivery shows them; NA where there is none."""
        if name == "persistent_absence":
            a = self.h.attendance
            start, end = self._term_dates()
            seen = end + TERM_RETURN <= self.today
            bad = a.col("missed") / np.maximum(a.col("possible"), 1) > 0.10
            person = a.col("person")
        else:
            b = self.h.benefits
            start = b.col("start")
            end = np.minimum(b.col("end"), self.today)  # a spell ending after the delivery is shown open
            seen = start + SPELL_RETURN <= self.today
            bad = b.col("out_of_work").astype(bool)
            person = b.col("person")
        mine = np.isin(person, persons) & seen & (end > c) & (start <= c + 730)
        effective = np.maximum(start, c + 1)
        broken = bool((mine & bad & (start <= c)).any())
        first_break = int(effective[mine & bad].min()) if (mine & bad).any() else int(NA)
        first_record = int(effective[mine & ~bad].min()) if (mine & ~bad).any() else int(NA)
        return broken, first_break, first_record
