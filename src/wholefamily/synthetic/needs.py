"""Needs and the events that evidence them, plus the everyday events of people without needs.

A latent adversity score per family drives needs in all ten headlines, with the links practitioners
see: domestic abuse with police incidents and children's social care, substance use with mental health,
worklessness with rent arrears and housing trouble. Needs also cluster in time, as they do in life: each
family has one or two crisis episodes (6 to 24 months), and every need starts, and its events happen,
inside one of them; some needs (worklessness, adult mental health) persist long after. Each need is
written with the generator's own definition and is grounded in events written here; background events
are kept below those definitions so that the truth is exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from wholefamily.synthetic.dates import NA, age_at, date_of, day
from wholefamily.synthetic.population import (
    CHILD,
    GRANDPARENT,
    LODGER,
    NRP,
    OPEN,
    PARENT,
    PARTNER,
    SINGLE,
    YEAR,
    Population,
)
from wholefamily.vocabulary import load_vocabulary

HEADLINES = (
    "education",
    "early_years",
    "health",
    "substance_use",
    "family_relationships",
    "child_safety",
    "crime",
    "domestic_abuse",
    "housing",
    "financial_stability",
)
DEFINITIONS = {
    "persistent_absence": "A pupil attended under 90% of possible sessions in each of three or more consecutive terms.",
    "suspensions": "A pupil had three or more suspensions within three terms, or a permanent exclusion.",
    "development_concern": "A child under 5 had a development concern at the one-year or two-year health visiting review.",
    "adult_mental_health": "An adult was in contact with secondary adult mental health services.",
    "camhs": "A child was in contact with child and adolescent mental health services (CAMHS).",
    "substance_misuse": "An adult was in treatment with the substance misuse service.",
    "early_help_family_support": "The family had an early help episode for parental conflict or relationship difficulties.",
    "child_to_parent_violence": "A child was the suspect in a police incident of violence against a parent.",
    "child_in_need": "A child was supported as a child in need (section 17).",
    "child_protection": "A child was subject to a child protection plan.",
    "looked_after": "A child was looked after by the local authority.",
    "missing_child": "A child was reported missing to the police two or more times.",
    "youth_offence": "A young person had a proven offence or out-of-court disposal (youth justice) in the last 12 months.",
    "adult_suspect": "An adult was the suspect in a police incident of crime or anti-social behaviour.",
    "domestic_abuse": "A family member was the victim or perpetrator of a domestic abuse incident reported to police.",
    "housing_notice": "The family's tenancy was threatened by a notice or order.",
    "homelessness": "The family approached the council as homeless or threatened with homelessness (prevention, relief or main duty).",
    "out_of_work_benefits": "An adult was on an out-of-work benefit for six months or more.",
}


def _codes(kind: str, name: str) -> tuple[str, ...]:
    """The vocabulary's codes for one field of an event kind."""
    return load_vocabulary().kinds[kind].fields[name].codes


INCIDENT_TYPES = _codes("police_incident", "incident_type")
ROLE_CODES = _codes("police_incident", "incident_role")
OFFENCES = _codes("youth_offence", "offence_category")
DISPOSALS = _codes("youth_offence", "disposal")
BENEFITS = _codes("benefit_spell", "benefit")
NOTICES = _codes("housing_notice", "notice_type")
DUTIES = _codes("homelessness_approach", "duty")
SERVICES = _codes("service_contact", "service")
SUBSTANCES = _codes("service_contact", "substance")
REVIEWS = _codes("health_visiting_review", "review_type")
CARE = _codes("care_status", "care_status")
ABUSE = _codes("care_status", "abuse_category")
#: weight of a family's adversity score in every headline's log-odds: how strongly needs go together
LOADING = 2.0
#: the need probabilities below were set with a loading of 1.15; widening their log-odds keeps each
#: headline's rate about the same (probit approximation of the logistic-normal mean)
WIDEN = float(np.sqrt((1 + np.pi * LOADING**2 / 8) / (1 + np.pi * 1.15**2 / 8)))
CHRONIC = 0.3  # share of worklessness and adult mental health needs that persist for years


@dataclass
class Table:
    """Columns of equal length, grown by appending and read back concatenated."""

    parts: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def add(self, **cols: np.ndarray | int | float | np.generic) -> None:
        sized = [np.size(v) for v in cols.values() if np.ndim(v) > 0]
        n = max(sized) if sized else 1
        for k, v in cols.items():
            self.parts.setdefault(k, []).append(np.broadcast_to(np.asarray(v), (n,)).copy())

    def col(self, key: str) -> np.ndarray:
        return np.concatenate(self.parts[key]) if key in self.parts else np.empty(0, np.int64)

    def __len__(self) -> int:
        first = next(iter(self.parts.values()), [])
        return int(sum(a.size for a in first))


@dataclass
class History:
    """The canonical events of the history and the true needs."""

    terms: list[tuple[str, int, int, int]]  # label, first day, last day, sessions possible
    attendance: Table = field(default_factory=Table)  # person, term, possible, missed, unauthorised
    suspensions: Table = field(default_factory=Table)  # person, date, permanent, days
    incidents: Table = field(default_factory=Table)  # incident, date, type, postcode address
    involved: Table = field(default_factory=Table)  # incident, person, role, order
    offences: Table = field(default_factory=Table)  # person, date, category, disposal
    benefits: Table = field(default_factory=Table)  # person, start, end, benefit
    arrears: Table = field(default_factory=Table)  # person, address, date, amount, tenure
    notices: Table = field(default_factory=Table)  # person, address, date, notice, tenure
    approaches: Table = field(default_factory=Table)  # person, date, duty, ta
    contacts: Table = field(default_factory=Table)  # person, service, start, end, substance
    reviews: Table = field(default_factory=Table)  # person, date, review, concern
    care: Table = field(default_factory=Table)  # person, start, end, status, abuse, family
    needs: Table = field(default_factory=Table)  # family, headline, need, person, start, end
    need_names: list[str] = field(default_factory=list)


def school_terms(start: int, today: int) -> list[tuple[str, int, int, int]]:
    """Terms that began on or after ``start`` and ended by ``today``, in order."""
    vocab = load_vocabulary()
    out = []
    for year in range(date_of(start).year, date_of(today).year + 1):
        for name in vocab.terms:
            first, last = vocab.term_dates(f"{year}-{name}")
            if day(first) >= start and day(last) <= today:
                out.append((f"{year}-{name}", day(first), day(last), vocab.sessions_per_term[name]))
    return sorted(out, key=lambda t: t[1])


class _Families:
    """Membership rows sorted by family, for vectorised 'who was in this family on that date' questions."""

    def __init__(self, pop: Population) -> None:
        order = np.argsort(pop.m_family, kind="stable")
        self.pop = pop
        self.family = pop.m_family[order]
        self.person = pop.m_person[order]
        self.role = pop.m_role[order]
        self.start = pop.m_start[order]
        self.end = pop.m_end[order]
        self.address = pop.m_address[order]

    def members(
        self, fams: np.ndarray, when: np.ndarray, roles: tuple[int, ...], ages: tuple[int, int] = (0, 200)
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(request index, person, membership row) for members with a role and age on the date."""
        lo = np.searchsorted(self.family, fams, side="left")
        hi = np.searchsorted(self.family, fams, side="right")
        count = hi - lo
        req = np.repeat(np.arange(fams.size), count)
        rows = np.repeat(lo, count) + (np.arange(req.size) - np.repeat(np.cumsum(count) - count, count))
        t = when[req]
        ok = np.isin(self.role[rows], roles) & (self.start[rows] <= t) & (t < self.end[rows])
        age = age_at(self.pop.dob[self.person[rows]], t)
        ok &= (age >= ages[0]) & (age <= ages[1])
        # one row per person (a person's membership may be split by moves; keep the row covering t)
        return req[ok], self.person[rows[ok]], rows[ok]

    def pick(
        self,
        rng: np.random.Generator,
        fams: np.ndarray,
        when: np.ndarray,
        roles: tuple[int, ...],
        ages: tuple[int, int] = (0, 200),
        sex: int | None = None,
    ) -> np.ndarray:
        """One member per request (random), or -1 where none qualifies."""
        req, person, _ = self.members(fams, when, roles, ages)
        if sex is not None:
            keep = self.pop.sex[person] == sex
            req, person = req[keep], person[keep]
        order = np.lexsort((rng.random(req.size), req))
        req, person = req[order], person[order]
        out = np.full(fams.size, -1, np.int64)
        uniq, first = np.unique(req, return_index=True)
        out[uniq] = person[first]
        return out


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def build_history(pop: Population, seed: int) -> History:
    return _HistoryBuilder(pop, np.random.default_rng(seed + 7919)).build()


class _HistoryBuilder:
    def __init__(self, pop: Population, rng: np.random.Generator) -> None:
        self.pop = pop
        self.rng = rng
        self.fam = _Families(pop)
        self.h = History(terms=school_terms(pop.start, pop.today))
        self.incident_count = 0
        self.nfam = int(pop.family_kind.size)
        self.episode_start = np.zeros((self.nfam, 2), np.int64)
        self.episode_end = np.zeros((self.nfam, 2), np.int64)
        self.episodes = np.ones(self.nfam, np.int64)

    def _dates(self, n: int, lo_pad: int = 60, hi_pad: int = 45) -> np.ndarray:
        return self.rng.integers(self.pop.start + lo_pad, self.pop.today - hi_pad, n).astype(np.int32)

    def _draw_episodes(self, z: np.ndarray) -> None:
        """Each family's crisis episodes: one, or two where adversity runs high; 6 to 24 months each.

        Needs begin in the first half of an episode (its onset) and their events run on through it.
        Episodes start on any date from a year before the history to today, so that needs begin about
        equally often on every date of the history.
        """
        rng, pop = self.rng, self.pop
        length = rng.integers(183, 731, (self.nfam, 2))
        first = pop.start - length // 2
        self.episode_start = first + (rng.random((self.nfam, 2)) * (pop.today - first)).astype(np.int64)
        self.episode_end = self.episode_start + length
        self.episodes = 1 + (rng.random(self.nfam) < _sigmoid(z - 3.0)).astype(np.int64)

    def _when(
        self, fams: np.ndarray, lo_pad: int = 60, hi_pad: int = 45
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(family, date, days left in the episode) for needs beginning in the onset of one of each family's
        episodes. A family whose onset comes after today - ``hi_pad`` has no such need yet; one whose onset
        was before the history (+ ``lo_pad``) has it from the history's first month."""
        rng, pop = self.rng, self.pop
        k = (rng.random(fams.size) * self.episodes[fams]).astype(np.int64)
        first, last = self.episode_start[fams, k], self.episode_end[fams, k]
        latest = pop.today - hi_pad
        lo = np.maximum(first, pop.start + lo_pad)
        hi = np.minimum(np.maximum((first + last) // 2, lo + 30), latest)
        t = (lo + rng.random(fams.size) * (hi - lo)).astype(np.int32)
        ok = lo < latest
        return fams[ok], t[ok], np.maximum(last - t, 30)[ok]

    def _repeat(
        self, t: np.ndarray, left: np.ndarray, count: np.ndarray, gap: tuple[int, int], margin: int = 5
    ) -> tuple[np.ndarray, np.ndarray]:
        """(request, date) of ``count`` events per request: the first on ``t``, the others ``gap`` days
        later at most, and no later than the episode allows (but never before today - ``margin``)."""
        rep = np.repeat(np.arange(t.size), count)
        first = np.arange(rep.size) == np.repeat(np.cumsum(count) - count, count)
        room = np.clip(left[rep], gap[0] + 1, gap[1])
        later = gap[0] + (self.rng.random(rep.size) * (room - gap[0])).astype(np.int64)
        when = np.minimum(t[rep] + np.where(first, 0, later), self.pop.today - margin)
        return rep, when.astype(np.int32)

    def _need(
        self,
        headline: str,
        need: str,
        fams: np.ndarray,
        person: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
    ) -> None:
        if need not in self.h.need_names:
            self.h.need_names.append(need)
        end = np.where(end > self.pop.today, NA, end).astype(np.int32)
        self.h.needs.add(
            family=fams,
            headline=HEADLINES.index(headline),
            need=self.h.need_names.index(need),
            person=person,
            start=start,
            end=end,
        )

    def build(self) -> History:
        rng, pop = self.rng, self.pop
        has_child = np.zeros(self.nfam, bool)
        has_child[pop.m_family[pop.m_role == CHILD]] = True
        z = rng.normal(0.0, 1.0, self.nfam)
        fams = np.arange(self.nfam)
        self._draw_episodes(z)

        def draw(p_child: float, p_other: float, boost: np.ndarray | float = 0.0) -> np.ndarray:
            base = np.where(has_child, _logit(p_child), _logit(p_other)) * WIDEN
            return rng.random(self.nfam) < _sigmoid(base + LOADING * z + boost)

        financial = draw(0.09, 0.05)
        housing = draw(0.025, 0.012, 1.3 * financial)
        substance = draw(0.02, 0.015)
        health = draw(0.06, 0.04, 1.6 * substance)
        abuse = draw(0.03, 0.008)
        safety = draw(0.022, 1e-9, 1.6 * abuse) & has_child
        crime = draw(0.03, 0.012, 0.8 * substance)
        relationships = draw(0.02, 1e-9, 1.0 * abuse) & has_child
        education = draw(0.06, 1e-9) & has_child
        early = draw(0.08, 1e-9) & has_child
        self._financial(fams[financial])
        self._housing(fams[housing])
        self._substance(fams[substance])
        self._health(fams[health], has_child)
        self._domestic_abuse(fams[abuse])
        self._child_safety(fams[safety])
        self._crime(fams[crime])
        self._relationships(fams[relationships])
        self._attendance_and_education(fams[education])
        self._early_years(fams[early])
        self._background()
        return self.h

    # -- needs --------------------------------------------------------------------------------------
    def _financial(self, fams: np.ndarray) -> None:
        rng, h = self.rng, self.h
        fams, t, _ = self._when(fams, hi_pad=200)
        who = self.fam.pick(rng, fams, t, (PARENT, SINGLE, PARTNER, LODGER), (18, 66))
        ok = who >= 0
        fams, t, who = fams[ok], t[ok], who[ok]
        chronic = rng.random(fams.size) < CHRONIC
        end = (
            t + np.where(chronic, rng.integers(1000, 2200, fams.size), rng.integers(190, 1000, fams.size))
        ).astype(np.int32)
        benefit = rng.choice(
            [
                BENEFITS.index(b)
                for b in (
                    "universal_credit",
                    "employment_support_allowance",
                    "jobseekers_allowance",
                    "income_support",
                )
            ],
            size=fams.size,
            p=[0.7, 0.15, 0.1, 0.05],
        )
        h.benefits.add(
            person=who,
            start=t,
            end=np.where(end > self.pop.today, OPEN, end),
            benefit=benefit,
            out_of_work=True,
        )
        back = (end < self.pop.today) & (rng.random(fams.size) < 0.45)
        h.benefits.add(
            person=who[back],
            start=end[back] + rng.integers(1, 60, back.sum()),
            end=OPEN,
            benefit=BENEFITS.index("employment"),
            out_of_work=False,
        )
        self._need("financial_stability", "out_of_work_benefits", fams, who, t, end)
        # rent arrears on the home while out of work, for council and housing association tenants
        addr = self.pop.address_at(self.pop.residence_index(), who, t)
        tenure = self.pop.a_tenure[addr]
        social = np.isin(tenure, (1, 2)) & (rng.random(fams.size) < 0.7)
        quarters = np.minimum((np.minimum(end, self.pop.today) - t) // 91, 8)
        idx = np.repeat(np.flatnonzero(social), quarters[social])
        k = np.arange(idx.size) - np.repeat(np.cumsum(quarters[social]) - quarters[social], quarters[social])
        h.arrears.add(
            person=who[idx],
            address=addr[idx],
            date=t[idx] + 91 * (k + 1),
            amount=np.round(250 + 320 * k + rng.uniform(0, 200, idx.size), 2),
            tenure=tenure[idx],
        )

    def _housing(self, fams: np.ndarray) -> None:
        rng, h = self.rng, self.h
        fams, t, left = self._when(fams)
        who = self.fam.pick(rng, fams, t, (PARENT, SINGLE, PARTNER, LODGER), (18, 90))
        ok = who >= 0
        fams, t, left, who = fams[ok], t[ok], left[ok], who[ok]
        addr = self.pop.address_at(self.pop.residence_index(), who, t)
        tenure = self.pop.a_tenure[addr]
        renting = tenure > 0
        notice = renting & (rng.random(fams.size) < 0.55)
        kinds = np.where(tenure == 3, NOTICES.index("section_21"), NOTICES.index("notice_seeking_possession"))
        later = notice & (rng.random(fams.size) < 0.3)
        h.notices.add(
            person=who[notice],
            address=addr[notice],
            date=t[notice],
            notice=kinds[notice],
            tenure=tenure[notice],
        )
        _, pair = self._repeat(t[later], left[later], np.full(int(later.sum()), 2), (60, 200))
        h.notices.add(
            person=who[later],
            address=addr[later],
            date=pair[1::2],  # the second of each pair: the order that followed the notice
            notice=NOTICES.index("possession_order"),
            tenure=tenure[later],
        )
        self._need("housing", "housing_notice", fams[notice], who[notice], t[notice], t[notice] + 365)
        approach = ~notice
        duty = rng.choice(
            [DUTIES.index(d) for d in ("prevention", "relief", "main_duty")],
            size=fams.size,
            p=[0.5, 0.35, 0.15],
        )
        ta = (duty == DUTIES.index("main_duty")) & (rng.random(fams.size) < 0.7)
        h.approaches.add(person=who[approach], date=t[approach], duty=duty[approach], ta=ta[approach])
        self._need("housing", "homelessness", fams[approach], who[approach], t[approach], t[approach] + 365)

    def _spell(
        self,
        fams: np.ndarray,
        service: str,
        roles: tuple[int, ...],
        ages: tuple[int, int],
        headline: str,
        need: str,
        substance: bool = False,
        chronic: float = 0.0,
    ) -> None:
        rng = self.rng
        fams, t, left = self._when(fams)
        who = self.fam.pick(rng, fams, t, roles, ages)
        ok = who >= 0
        fams, t, left, who = fams[ok], t[ok], left[ok], who[ok]
        long = rng.random(fams.size) < chronic
        length = np.where(long, rng.integers(540, 1800, fams.size), rng.integers(90, 540, fams.size))
        end = (t + np.maximum(length, left)).astype(np.int32)  # the service stays while the crisis lasts
        subst = (
            rng.choice(
                [SUBSTANCES.index(s) for s in ("alcohol", "opiates", "cannabis", "cocaine", "other_drugs")],
                size=fams.size,
                p=[0.45, 0.15, 0.2, 0.15, 0.05],
            )
            if substance
            else np.full(fams.size, SUBSTANCES.index("none"))
        )
        self.h.contacts.add(
            person=who,
            service=SERVICES.index(service),
            start=t,
            end=np.where(end > self.pop.today, OPEN, end),
            substance=subst,
        )
        self._need(headline, need, fams, who, t, end)

    def _substance(self, fams: np.ndarray) -> None:
        self._spell(
            fams,
            "substance_misuse",
            (PARENT, PARTNER, SINGLE, LODGER, GRANDPARENT),
            (18, 80),
            "substance_use",
            "substance_misuse",
            substance=True,
        )

    def _health(self, fams: np.ndarray, has_child: np.ndarray) -> None:
        young = has_child[fams] & (self.rng.random(fams.size) < 0.25)
        self._spell(fams[young], "camhs", (CHILD,), (8, 17), "health", "camhs")
        self._spell(
            fams[~young],
            "adult_mental_health",
            (PARENT, PARTNER, SINGLE, LODGER, GRANDPARENT),
            (18, 90),
            "health",
            "adult_mental_health",
            chronic=CHRONIC,
        )

    def _incident(self, date: np.ndarray, kind: str | np.ndarray, address: np.ndarray) -> np.ndarray:
        ids = np.arange(self.incident_count, self.incident_count + date.size, dtype=np.int64)
        self.incident_count += date.size
        kinds = np.full(date.size, INCIDENT_TYPES.index(kind)) if isinstance(kind, str) else kind
        self.h.incidents.add(incident=ids, date=date, type=kinds, address=address)
        return ids

    def _involve(self, incident: np.ndarray, person: np.ndarray, role: str, order: int) -> None:
        self.h.involved.add(incident=incident, person=person, role=ROLE_CODES.index(role), order=order)

    def _domestic_abuse(self, fams: np.ndarray) -> None:
        rng, pop = self.rng, self.pop
        fams, t, left = self._when(fams, hi_pad=90)
        victim = self.fam.pick(rng, fams, t, (PARENT, PARTNER), (17, 90), sex=1)
        man = self.fam.pick(rng, fams, t, (PARENT, PARTNER), (17, 90), sex=0)
        nrp = self.fam.pick(rng, fams, t, (NRP,), (17, 90))
        perp = np.where((nrp >= 0) & ((man < 0) | (rng.random(fams.size) < 0.5)), nrp, man)
        ok = (victim >= 0) & (perp >= 0)
        fams, t, left, victim, perp = fams[ok], t[ok], left[ok], victim[ok], perp[ok]
        count = rng.choice([1, 2, 3, 4], size=fams.size, p=[0.35, 0.3, 0.2, 0.15])
        rep, when = self._repeat(t, left, count, (20, 500))
        index = pop.residence_index()
        inc = self._incident(when, "domestic_abuse", pop.address_at(index, victim[rep], when))
        self._involve(inc, victim[rep], "victim", 0)
        self._involve(inc, perp[rep], "perpetrator", 1)
        req, kid, _ = self.fam.members(fams[rep], when, (CHILD,), (0, 17))
        present = rng.random(req.size) < 0.8
        self._involve(inc[req[present]], kid[present], "involved_child", 2)
        last = np.zeros(fams.size, np.int32)
        np.maximum.at(last, rep, when)
        self._need("domestic_abuse", "domestic_abuse", fams, victim, t, last + 365)
        self._need("domestic_abuse", "domestic_abuse", fams, perp, t, last + 365)

    def _care_spells(
        self,
        fams: np.ndarray,
        t: np.ndarray,
        left: np.ndarray,
        status: np.ndarray,
        abuse: np.ndarray,
        length: tuple[int, int],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A spell for every child of the family on the date, lasting at least the rest of the episode;
        returns (request, child, end)."""
        req, kid, _ = self.fam.members(fams, t, (CHILD,), (0, 17))
        end = (t + np.maximum(self.rng.integers(*length, fams.size), left)).astype(np.int32)
        self.h.care.add(
            person=kid,
            start=t[req],
            end=np.where(end[req] > self.pop.today, OPEN, end[req]),
            status=status[req],
            abuse=abuse[req],
            family=fams[req],
        )
        return req, kid, end[req]

    def _child_safety(self, fams: np.ndarray) -> None:
        rng = self.rng
        fams, t, left = self._when(fams)
        kind = rng.choice(4, size=fams.size, p=[0.45, 0.3, 0.1, 0.15])
        csc = kind < 3
        status = np.array([CARE.index(c) for c in ("child_in_need", "child_protection", "looked_after")])[
            np.minimum(kind, 2)
        ]
        abuse = np.where(
            kind == 1,
            rng.choice(
                [ABUSE.index(a) for a in ("neglect", "emotional", "physical", "sexual", "multiple")],
                size=fams.size,
                p=[0.5, 0.3, 0.1, 0.04, 0.06],
            ),
            ABUSE.index("not_recorded"),
        )
        req, kid, end = self._care_spells(fams[csc], t[csc], left[csc], status[csc], abuse[csc], (90, 600))
        for need in ("child_in_need", "child_protection", "looked_after"):
            sel = status[csc][req] == CARE.index(need)
            self._need("child_safety", need, fams[csc][req][sel], kid[sel], t[csc][req][sel], end[sel])
        missing = ~csc
        who = self.fam.pick(rng, fams[missing], t[missing], (CHILD,), (11, 17))
        ok = who >= 0
        f, tt, who = fams[missing][ok], t[missing][ok], who[ok]
        count = rng.integers(2, 5, f.size)
        rep = np.repeat(np.arange(f.size), count)
        when = np.minimum(tt[rep] + rng.integers(0, 180, rep.size), self.pop.today - 5).astype(np.int32)
        inc = self._incident(
            when, "missing_person", self.pop.address_at(self.pop.residence_index(), who[rep], when)
        )
        self._involve(inc, who[rep], "missing", 0)
        self._need("child_safety", "missing_child", f, who, tt, tt + 365)

    def _crime(self, fams: np.ndarray) -> None:
        rng, pop = self.rng, self.pop
        fams, t, left = self._when(fams)
        youth = self.fam.pick(rng, fams, t, (CHILD,), (10, 17))
        use_youth = (youth >= 0) & (rng.random(fams.size) < 0.6)
        f, tt, who = fams[use_youth], t[use_youth], youth[use_youth]
        count = rng.choice([1, 2, 3], size=f.size, p=[0.55, 0.3, 0.15])
        rep, when = self._repeat(tt, left[use_youth], count, (10, 330))
        self.h.offences.add(
            person=who[rep],
            date=when,
            category=rng.choice(
                len(OFFENCES), size=rep.size, p=[0.3, 0.25, 0.15, 0.12, 0.1, 0.03, 0.01, 0.04]
            ),
            disposal=rng.choice(len(DISPOSALS), size=rep.size, p=[0.3, 0.2, 0.15, 0.2, 0.13, 0.02]),
        )
        last = np.zeros(f.size, np.int32)
        np.maximum.at(last, rep, when)
        self._need("crime", "youth_offence", f, who, tt, last + 365)
        adult = self.fam.pick(
            rng, fams[~use_youth], t[~use_youth], (PARENT, PARTNER, SINGLE, LODGER), (18, 70)
        )
        ok = adult >= 0
        f, tt, who = fams[~use_youth][ok], t[~use_youth][ok], adult[ok]
        count = rng.choice([1, 2, 3], size=f.size, p=[0.5, 0.3, 0.2])
        rep, when = self._repeat(tt, left[~use_youth][ok], count, (10, 330))
        kinds = np.array(
            [INCIDENT_TYPES.index(k) for k in ("asb", "violence", "theft", "criminal_damage", "public_order")]
        )[rng.integers(0, 5, rep.size)]
        inc = self._incident(when, kinds, pop.address_at(pop.residence_index(), who[rep], when))
        self._involve(inc, who[rep], "suspect", 0)
        last = np.zeros(f.size, np.int32)
        np.maximum.at(last, rep, when)
        self._need("crime", "adult_suspect", f, who, tt, last + 365)

    def _relationships(self, fams: np.ndarray) -> None:
        rng, pop = self.rng, self.pop
        fams, t, left = self._when(fams)
        cpv = rng.random(fams.size) < 0.3
        teen = self.fam.pick(rng, fams[cpv], t[cpv], (CHILD,), (11, 17))
        parent = self.fam.pick(rng, fams[cpv], t[cpv], (PARENT,), (25, 90))
        ok = (teen >= 0) & (parent >= 0)
        f, tt = fams[cpv][ok], t[cpv][ok]
        inc = self._incident(tt, "violence", pop.address_at(pop.residence_index(), parent[ok], tt))
        self._involve(inc, parent[ok], "victim", 0)
        self._involve(inc, teen[ok], "suspect", 1)
        self._need("family_relationships", "child_to_parent_violence", f, teen[ok], tt, tt + 365)
        eh = ~cpv
        n = int(eh.sum())
        req, kid, end = self._care_spells(
            fams[eh],
            t[eh],
            left[eh],
            np.full(n, CARE.index("early_help")),
            np.full(n, ABUSE.index("not_recorded")),
            (90, 270),
        )
        self._need("family_relationships", "early_help_family_support", fams[eh][req], kid, t[eh][req], end)

    # -- education: attendance for every pupil, with the need written into it ---------------------
    def _attendance_and_education(self, fams: np.ndarray) -> None:
        rng, pop, h = self.rng, self.pop, self.h
        terms = h.terms
        if not terms:
            return
        starts = np.array([t[1] for t in terms])
        possible = np.array([t[3] for t in terms])
        # pupils in each term: age on 31 August before the academic year between 4 and 15
        pupils = np.flatnonzero(pop.upn != "")
        absence = np.clip(rng.beta(1.6, 34.0, pupils.size), 0.0, 0.095)
        rows_p, rows_t = [], []
        for k, (label, _first, _last, _sessions) in enumerate(terms):
            year = int(label[:4]) - (0 if label.endswith("autumn") else 1)
            aug31 = day(dt.date(year, 8, 31))
            age = age_at(pop.dob[pupils], np.full(pupils.size, aug31, np.int32))
            inschool = (age >= 4) & (age <= 15)
            rows_p.append(np.flatnonzero(inschool))
            rows_t.append(np.full(int(inschool.sum()), k))
        p_idx = np.concatenate(rows_p)
        t_idx = np.concatenate(rows_t)
        rate = absence[p_idx] * rng.uniform(0.6, 1.4, p_idx.size)
        dip = (t_idx % 2 == 0) & (rng.random(p_idx.size) < 0.04)  # isolated poor terms: never three in a row
        rate = np.where(dip, rng.uniform(0.1, 0.2, p_idx.size), np.minimum(rate, 0.095))
        person = pupils[p_idx]
        # the education need: persistent absence over 3+ consecutive terms, or repeated suspensions
        fams, t, left = self._when(fams, hi_pad=120)
        who = self.fam.pick(rng, fams, t, (CHILD,), (5, 14))
        ok = who >= 0
        fams, t, left, who = fams[ok], t[ok], left[ok], who[ok]
        absent = rng.random(fams.size) < 0.7
        first_term = np.clip(np.searchsorted(starts, t), 0, len(terms) - 1)
        span = rng.integers(3, 6, fams.size)
        first_term = np.minimum(first_term, np.maximum(len(terms) - 3, 0))
        last_term = np.minimum(first_term + span - 1, len(terms) - 1)
        key = person.astype(np.int64) * 64 + t_idx
        order = np.argsort(key)
        need_first = np.full(fams.size, -1)
        need_last = np.full(fams.size, -1)
        for j in range(5):
            term_k = first_term + j
            sel = absent & (term_k <= last_term)
            probe = who[sel].astype(np.int64) * 64 + term_k[sel]
            pos = np.clip(np.searchsorted(key, probe, sorter=order), 0, key.size - 1)
            hit = key[order[pos]] == probe
            rate[order[pos[hit]]] = rng.uniform(0.12, 0.32, int(hit.sum()))
            idx = np.flatnonzero(sel)[hit]
            need_first[idx] = np.where(need_first[idx] < 0, term_k[sel][hit], need_first[idx])
            need_last[idx] = term_k[sel][hit]
        has = absent & (need_first >= 0) & (need_last - need_first >= 2)
        ends = np.array([t[2] for t in terms])
        end = np.where(need_last[has] == len(terms) - 1, OPEN, ends[need_last[has]] + 1)
        self._need("education", "persistent_absence", fams[has], who[has], starts[need_first[has]], end)
        missed = np.round(rate * possible[t_idx]).astype(np.int32)
        unauth = np.round(missed * rng.uniform(0.05, 0.6, missed.size)).astype(np.int32)
        h.attendance.add(
            person=person, term=t_idx, possible=possible[t_idx], missed=missed, unauthorised=unauth
        )
        # suspensions
        sus = ~absent
        f, tt, w = fams[sus], t[sus], who[sus]
        count = rng.integers(3, 5, f.size)
        rep, when = self._repeat(tt, left[sus], count, (7, 230), margin=3)
        perm = np.zeros(rep.size, bool)
        final = np.cumsum(count) - 1
        perm[final[rng.random(f.size) < 0.2]] = True
        h.suspensions.add(
            person=w[rep],
            date=when,
            permanent=perm,
            days=np.where(perm, 0.0, rng.choice([0.5, 1, 2, 3, 5], size=rep.size)),
        )
        last = np.zeros(f.size, np.int32)
        np.maximum.at(last, rep, when)
        self._need("education", "suspensions", f, w, tt, last + 365)
        # background: one suspension for some pupils, two far apart for a few
        one = rng.random(pupils.size) < 0.03
        h.suspensions.add(
            person=pupils[one],
            date=self._dates(int(one.sum()), 0, 3),
            permanent=False,
            days=rng.choice([0.5, 1, 2, 3], size=int(one.sum())),
        )

    def _early_years(self, fams: np.ndarray) -> None:
        rng, pop, h = self.rng, self.pop, self.h
        young = np.flatnonzero(pop.dob > pop.start - int(2.6 * YEAR))
        dob = pop.dob[young].astype(np.int64)
        offsets = [
            (REVIEWS.index("new_birth"), 12, 6),
            (REVIEWS.index("six_to_eight_week"), 48, 14),
            (REVIEWS.index("one_year"), 365, 60),
            (REVIEWS.index("two_year"), 730, 120),
        ]
        # a baby or toddler in the episode: the concern is raised at its first one- or two-year review
        # from three months before that date on
        fams, t, _ = self._when(fams)
        concern_people = self.fam.pick(rng, fams, t, (CHILD,), (0, 1))
        has = concern_people >= 0
        pos = np.searchsorted(young, concern_people[has])
        concern_from = np.full(young.size, OPEN, np.int64)
        np.minimum.at(concern_from, pos, t[has].astype(np.int64) - 90)
        first_concern = np.full(young.size, OPEN, np.int32)
        for review, offset, spread in offsets:
            when = (dob + offset + rng.integers(0, spread, young.size)).astype(np.int32)
            ok = (when >= pop.start) & (when <= pop.today)
            concern = (
                ok & (review >= REVIEWS.index("one_year")) & (when >= concern_from) & (first_concern == OPEN)
            )
            h.reviews.add(person=young[ok], date=when[ok], review=review, concern=concern[ok])
            first_concern = np.where(concern, when, first_concern)
        start = first_concern[pos]
        ok = start != OPEN
        self._need(
            "early_years",
            "development_concern",
            fams[has][ok],
            concern_people[has][ok],
            start[ok],
            start[ok] + 365,
        )

    def _background(self) -> None:
        """Everyday events that meet no need definition: they make the data look like a real authority's."""
        rng, pop, h = self.rng, self.pop, self.h
        n = pop.people
        age = pop.age(np.arange(n), np.full(n, pop.today, np.int32))
        adults = np.flatnonzero((age >= 19) & (age < 66))
        span = pop.today - pop.start
        # benefits in work, disability and caring benefits, short spells out of work
        for benefit, share, length in (
            ("universal_credit", 0.07, (200, 1400)),
            ("personal_independence_payment", 0.03, (400, 2000)),
            ("carers_allowance", 0.015, (300, 1500)),
            ("jobseekers_allowance", 0.03, (40, 150)),
        ):
            who = adults[rng.random(adults.size) < share]
            start = pop.start + rng.integers(-400, span - 30, who.size)
            end = start + rng.integers(*length, who.size)
            h.benefits.add(
                person=who,
                start=start.astype(np.int32),
                end=np.where(end > pop.today, OPEN, end).astype(np.int32),
                benefit=BENEFITS.index(benefit),
                out_of_work=benefit == "jobseekers_allowance",
            )
        # talking therapies (not secondary mental health care)
        who = adults[rng.random(adults.size) < 0.03]
        start = self._dates(who.size, 0, 30)
        end = start + rng.integers(40, 180, who.size)
        h.contacts.add(
            person=who,
            service=SERVICES.index("gp_wellbeing"),
            start=start,
            end=np.where(end > pop.today, OPEN, end),
            substance=SUBSTANCES.index("none"),
        )
        # police: thefts, concern for welfare, public order with victims and witnesses
        count = int(adults.size * 0.05)
        when = self._dates(count, 0, 3)
        victim = adults[rng.integers(0, adults.size, count)]
        kind = np.array([INCIDENT_TYPES.index(k) for k in ("theft", "concern_for_welfare", "other")])[
            rng.choice(3, size=count, p=[0.6, 0.25, 0.15])
        ]
        inc = self._incident(when, kind, pop.address_at(pop.residence_index(), victim, when))
        role = np.where(kind == INCIDENT_TYPES.index("concern_for_welfare"), "other", "victim")
        for r in ("other", "victim"):
            sel = role == r
            self._involve(inc[sel], victim[sel], r, 0)
        witness = rng.random(count) < 0.4
        self._involve(inc[witness], adults[rng.integers(0, adults.size, int(witness.sum()))], "witness", 1)
        # small arrears on social tenancies, advice-only housing approaches
        index = pop.residence_index()
        who = adults[rng.random(adults.size) < 0.025]
        when = self._dates(who.size, 0, 5)
        addr = pop.address_at(index, who, when)
        social = np.isin(pop.a_tenure[addr], (1, 2))
        h.arrears.add(
            person=who[social],
            address=addr[social],
            date=when[social],
            amount=np.round(rng.uniform(20, 290, int(social.sum())), 2),
            tenure=pop.a_tenure[addr][social],
        )
        who = adults[rng.random(adults.size) < 0.006]
        h.approaches.add(
            person=who, date=self._dates(who.size, 0, 5), duty=DUTIES.index("advice_only"), ta=False
        )
