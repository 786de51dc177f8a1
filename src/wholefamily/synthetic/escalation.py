"""Escalation after identification, with a known programme effect (``generate --programme-effect``).

Opt-in, with casework (``--closures``): every family with a child (under 16 on the identification day,
living in the family then and still today) and no child protection plan or care spell open that day is
at risk of escalation: a child protection plan or an entry to care, for every such child, on a drawn day
in the year after (never later than ``SETTLE`` days before the last delivery, so that it holds it).

The chance is a logistic function of the needs the family has on the identification day (how many
headlines, and domestic abuse, substance use, mental health, a child in need) plus noise the data does
not show, so that it is learnable but not exactly. Both outcomes are drawn with one uniform number per
family: without the programme (``u < p``) and with it (``u < p * (1 - effect)``); a family worked with
gets the second, every other the first. So ``effect`` is the relative cut in the chance of escalation,
and the true effect on the families worked with is known exactly (``truth/escalation.parquet``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wholefamily.synthetic.dates import NA, age_at
from wholefamily.synthetic.needs import ABUSE, CARE, HEADLINES, History, Table
from wholefamily.synthetic.population import CHILD, OPEN, Population

#: log-odds of escalation: the base, per distinct headline, and per need that raises it further
BASE, PER_HEADLINE, NOISE = -3.8, 1.0, 0.7
RAISED_BY = {
    "domestic_abuse": 1.0,
    "substance_misuse": 0.8,
    "adult_mental_health": 0.5,
    "child_in_need": 0.8,
}
ESCALATED = ("child_protection", "looked_after")
#: days an escalation needs before the last delivery surely holds it
SETTLE = 35


@dataclass(frozen=True)
class Escalation:
    """One row per family at risk (arrays of equal length)."""

    family: np.ndarray
    treated: np.ndarray  # worked with (in the milestones)
    probability: np.ndarray  # of escalation without the programme
    untreated: np.ndarray  # escalates without the programme
    with_programme: np.ndarray  # escalates with it
    day: np.ndarray  # of the escalation written (NA: none)
    effect: float


def escalate(
    pop: Population, h: History, milestones: Table, seed: int, identified: int, effect: float
) -> Escalation:
    """Draw each family's escalation and write it into the care history."""
    rng = np.random.default_rng(seed + 611_953)
    children = _children(pop, h, identified)
    family = np.unique(pop.m_family[children])
    logit = BASE + _need_score(h, family, identified) + rng.normal(0.0, NOISE, family.size)
    probability = 1.0 / (1.0 + np.exp(-logit))
    u = rng.random(family.size)
    treated = np.isin(family, milestones.col("family"))
    untreated, with_programme = u < probability, u < probability * (1.0 - effect)
    escalates = np.where(treated, with_programme, untreated)
    last = min(identified + 365, int(pop.today) - SETTLE)
    day = identified + 30 + (rng.random(family.size) * (last - identified - 30)).astype(np.int64)
    status = np.where(
        rng.random(family.size) < 0.75, CARE.index("child_protection"), CARE.index("looked_after")
    )
    length = rng.integers(90, 600, family.size)
    for k in np.flatnonzero(escalates):
        kids = np.unique(pop.m_person[children][pop.m_family[children] == family[k]])
        end = day[k] + length[k]
        h.care.add(
            person=kids,
            start=int(day[k]),
            end=OPEN if end > pop.today else int(end),
            status=int(status[k]),
            abuse=ABUSE.index("neglect" if status[k] == CARE.index("child_protection") else "not_recorded"),
            family=int(family[k]),
        )
    return Escalation(
        family, treated, probability, untreated, with_programme, np.where(escalates, day, NA), effect
    )


def _children(pop: Population, h: History, identified: int) -> np.ndarray:
    """Membership rows of the children at risk: under 16 on the day, in the family then and still today,
    in a family where no child has a plan or care spell open that day."""
    rows = (
        (pop.m_role == CHILD)
        & (pop.m_start <= identified)
        & (pop.m_end == OPEN)
        & (age_at(pop.dob[pop.m_person], np.full(pop.m_person.size, identified)) < 16)
    )
    c = h.care
    open_then = np.isin(c.col("status"), [CARE.index(s) for s in ESCALATED])
    open_then &= (c.col("start") <= identified) & (c.col("end") > identified)
    escalated = np.unique(c.col("family")[open_then])
    return np.flatnonzero(rows & ~np.isin(pop.m_family, escalated))


def _need_score(h: History, family: np.ndarray, identified: int) -> np.ndarray:
    """Each family's log-odds from its needs open on the day."""
    nd = h.needs
    end = nd.col("end")
    active = (nd.col("start") <= identified) & ((end == NA) | (end > identified))
    fam, headline = nd.col("family")[active], nd.col("headline")[active]
    names = np.array(h.need_names)[nd.col("need")[active]] if active.any() else np.array([], str)
    pos = np.searchsorted(family, fam)
    known = (pos < family.size) & (family[np.minimum(pos, family.size - 1)] == fam)
    seen = np.zeros((family.size, len(HEADLINES)), bool)
    seen[pos[known], headline[known]] = True
    score = PER_HEADLINE * seen.sum(axis=1)
    for need, weight in RAISED_BY.items():
        has = np.zeros(family.size, bool)
        has[pos[known & (names == need)]] = True
        score = score + weight * has
    return np.asarray(score, float)
