"""Who a partner records as a child's parents and carers on a date, and how it names the relationship.

Schools keep a priority-ordered list of contacts for each pupil (the parents with parental
responsibility, a step-parent, a grandparent who collects). The list is built from the child's family
in the population on that date: the mother first, then a father living at home, a step-parent, the
father living elsewhere, then grandparents. A parent's own parent who is only a little older than the
child (a sibling who became a parent) is not taken for a step-parent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wholefamily.synthetic.population import CHILD, GRANDPARENT, NRP, PARENT, PARTNER, YEAR, Population

LABELS = ("Mother", "Father", "Step-mother", "Step-father", "Father", "Grandmother", "Grandfather")
"""Relationship as the partner writes it, indexed by ``Carers.kind``."""
_MOTHER, _FATHER, _STEP, _AWAY, _GRAND = 0, 1, 2, 4, 5
_NONE = 99


@dataclass(frozen=True)
class Carers:
    """Up to ``limit`` carers per query row, best first: query row, position, person and kind."""

    row: np.ndarray
    position: np.ndarray
    person: np.ndarray
    kind: np.ndarray  # index into LABELS; 4 is a father living elsewhere

    @property
    def label(self) -> np.ndarray:
        return np.asarray(np.array(LABELS)[self.kind])

    @property
    def lives_elsewhere(self) -> np.ndarray:
        return np.asarray(self.kind == _AWAY)


def carers(pop: Population, child: np.ndarray, when: np.ndarray, limit: int = 2) -> Carers:
    """The adults of each child's family on ``when`` (one query row per element), ranked as above."""
    family_of = np.full(pop.people, -1, np.int64)
    kids = pop.m_role == CHILD
    family_of[pop.m_person[kids]] = pop.m_family[kids]
    adult = np.flatnonzero(np.isin(pop.m_role, (PARENT, PARTNER, GRANDPARENT, NRP)))
    adult = adult[np.argsort(pop.m_family[adult], kind="stable")]
    fam_sorted = pop.m_family[adult]
    fam = family_of[child]
    lo = np.searchsorted(fam_sorted, fam, "left")
    hi = np.where(fam >= 0, np.searchsorted(fam_sorted, fam, "right"), lo)
    count = hi - lo
    row = np.repeat(np.arange(child.size), count)
    m = adult[np.repeat(lo, count) + np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)]
    person, kid, t = pop.m_person[m], child[row], when[row]
    live = (pop.m_start[m] <= t) & (t < pop.m_end[m]) & (person != kid)
    row, m, person, kid = row[live], m[live], person[live], kid[live]
    role, female = pop.m_role[m], pop.sex[person] == 1
    is_mother, is_father = person == pop.mother[kid], person == pop.father[kid]
    generation = (pop.dob[kid] - pop.dob[person]) > 14 * YEAR
    kind = np.full(row.size, _NONE, np.int64)
    home = np.isin(role, (PARENT, PARTNER))
    kind[home & generation] = _STEP + np.where(female, 0, 1)[home & generation]
    kind[home & is_father] = _FATHER
    kind[home & is_mother] = _MOTHER
    kind[(role == NRP) & is_father] = _AWAY
    grand = role == GRANDPARENT
    kind[grand] = _GRAND + np.where(female, 0, 1)[grand]
    keep = kind != _NONE
    row, person, kind = row[keep], person[keep], kind[keep]
    order = np.lexsort((person, kind, row))
    row, person, kind = row[order], person[order], kind[order]
    first = np.ones(row.size, bool)
    first[1:] = (row[1:] != row[:-1]) | (person[1:] != person[:-1])  # one person, one entry
    row, person, kind = row[first], person[first], kind[first]
    position = np.arange(row.size) - np.searchsorted(row, row)
    keep = position < limit
    return Carers(row[keep], position[keep], person[keep], kind[keep])
