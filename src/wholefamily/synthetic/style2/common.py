"""What the style-2 writers share beyond ``partners.common``: the council's own client id, addresses
abroad, names with the middle names in the forename column, and dates written the way these partners do.

The population, needs, history, row choice and planted errors are style 1's (``partners.common``,
``view``); only how the record is written differs."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from wholefamily.synthetic.dates import NA
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.noise import choice, uniform
from wholefamily.synthetic.partners.common import Context, Rows, dates, ids, upper, view_of
from wholefamily.synthetic.view import ErrorRates, View

#: Share of people who lived abroad at some point of the records, and of their records showing it.
ABROAD_PEOPLE, ABROAD_RECORDS = 0.01, 0.3
#: (first line, postcode, country) of the addresses abroad people arrived from or moved to.
FOREIGN = (
    ("ul. Dluga 12 m. 4, Warszawa", "00-238", "Poland"),
    ("14 Rue de la Paix, Paris", "75002", "France"),
    ("Strada Lipscani 5, Bucuresti", "030031", "Romania"),
    ("22 Thomas Street, Dublin 8", "D08 T6K4", "Ireland"),
    ("Calle Mayor 3, Madrid", "28013", "Spain"),
    ("Via Roma 41, Palermo", "90133", "Italy"),
    ("Antakalnio g. 17, Vilnius", "LT-10312", "Lithuania"),
    ("Plot 12, Ring Road Central, Accra", "GA-143-6621", "Ghana"),
)
#: The council's person id: an affine bijection of the person number (no two people share one).
_CLIENT_MODULUS, _CLIENT_A, _CLIENT_B = 10_000_000, 7_654_321, 1_234_567


def client_ids(
    person: np.ndarray, keys: np.ndarray, seed: int, salt: str, missing: float = 0.06
) -> np.ndarray:
    """The council's client id of each person ('' where this record lacks it): the same person has the
    same id in every council service that carries it (social care, housing, youth justice)."""
    number = (person.astype(np.int64) * _CLIENT_A + _CLIENT_B) % _CLIENT_MODULUS
    return np.where(uniform(keys, f"{salt}:no-client-id", seed) < missing, "", ids("", number, 7))


def abroad(
    ctx: Context,
    view: View,
    person: np.ndarray,
    keys: np.ndarray,
    salt: str,
    ext: Extract,
    row: np.ndarray,
    group: str,
    index: np.ndarray | int = 0,
) -> np.ndarray:
    """Put an address abroad on a few records of the few people who came from or moved abroad; the
    country of each record ('' in the UK)."""
    far = (uniform(person, "abroad", ctx.seed) < ABROAD_PEOPLE) & (
        uniform(keys, f"{salt}:abroad", ctx.seed) < ABROAD_RECORDS
    )
    where = choice(person, "abroad-where", ctx.seed, len(FOREIGN))
    table = np.array(FOREIGN)
    view.line1 = np.where(far, table[where, 0], view.line1)
    view.postcode = np.where(far, table[where, 1], view.postcode)
    ext.errors.add(
        row[far], group, index[far] if isinstance(index, np.ndarray) else index, "postcode", "abroad"
    )
    return np.where(far, table[where, 2], "")


def forenames(view: View, upper_case: bool = False) -> np.ndarray:
    """The forename and middle names in one column ("Samuel George")."""
    both = np.where(view.middle != "", np.char.add(np.char.add(view.first, " "), view.middle), view.first)
    return upper(both) if upper_case else both


def whole_name(view: View, order: str) -> np.ndarray:
    """The whole name with the middle names: "SMITH, Samuel George" or "Samuel George SMITH"."""
    given, surname = forenames(view), upper(view.surname)
    if order == "surname_first":
        return np.char.add(np.char.add(surname, ", "), given)
    return np.char.add(np.char.add(given, " "), surname)


def day_month_name(days: np.ndarray) -> np.ndarray:
    """'1 Mar 2024' (no leading zero on the day)."""
    return np.char.lstrip(dates(days, "%d %b %Y"), "0")


def iso_midnight(days: np.ndarray, **planted: object) -> np.ndarray:
    """'2024-03-01T00:00:00', as databases export a date column; ``planted`` as ``dates``."""
    return dates(days, "%Y-%m-%dT00:00:00", **planted)  # type: ignore[arg-type]


def age_instead(view: View, keys: np.ndarray, rate: float, seed: int, salt: str) -> np.ndarray:
    """Records that give an age and no date of birth (the dob is blanked in the view)."""
    only = uniform(keys, f"{salt}:age-only", seed) < rate
    view.dob = np.where(only, NA, view.dob).astype(np.int32)
    return only


def sub_rows(rows: Rows, row: np.ndarray, pos: np.ndarray, width: int = 16) -> Rows:
    """The rows of people within records (position ``pos`` in record ``row``), with their own keys."""
    return Rows(take=rows.take[row], dup=rows.dup[row], keys=rows.keys[row] * width + pos)


def positions(row: np.ndarray) -> np.ndarray:
    """Position of each element within its record (``row`` ascending)."""
    return np.arange(row.size) - np.searchsorted(row, row)


def household(
    ctx: Context, person: np.ndarray, when: np.ndarray, exclude_lodgers: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The other members of each person's family on a date, oldest first: (query row, member, the
    member's role in the family)."""
    pop = ctx.pop
    from wholefamily.synthetic.population import CHILD, LODGER

    # the person's own family on the date: an adult role first (a parent who is someone's child too)
    mine = np.argsort(pop.m_person, kind="stable")
    mp = pop.m_person[mine]
    lo, hi = np.searchsorted(mp, person, "left"), np.searchsorted(mp, person, "right")
    count = hi - lo
    q = np.repeat(np.arange(person.size), count)
    m = mine[np.repeat(lo, count) + positions(q)]
    live = (pop.m_start[m] <= when[q]) & (when[q] < pop.m_end[m])
    q, m = q[live], m[live]
    order = np.lexsort((pop.m_role[m] == CHILD, q))
    q, m = q[order], m[order]
    first = np.ones(q.size, bool)
    first[1:] = q[1:] != q[:-1]
    family = np.full(person.size, -1, np.int64)
    family[q[first]] = pop.m_family[m[first]]
    by_family = np.argsort(pop.m_family, kind="stable")
    mf = pop.m_family[by_family]
    lo = np.searchsorted(mf, family, "left")
    hi = np.where(family >= 0, np.searchsorted(mf, family, "right"), lo)
    count = hi - lo
    q = np.repeat(np.arange(person.size), count)
    m = by_family[np.repeat(lo, count) + positions(q)]
    t = when[q]
    live = (pop.m_start[m] <= t) & (t < pop.m_end[m]) & (pop.m_person[m] != person[q])
    if exclude_lodgers:
        live &= pop.m_role[m] != LODGER
    q, member, role = q[live], pop.m_person[m][live], pop.m_role[m][live]
    order = np.lexsort((member, pop.dob[member], q))
    q, member, role = q[order], member[order], role[order]
    keep = np.ones(q.size, bool)
    keep[1:] = (q[1:] != q[:-1]) | (member[1:] != member[:-1])
    return q[keep], member[keep], role[keep]


def people_in_cell(
    ctx: Context,
    ext: Extract,
    rows: Rows,
    when: np.ndarray,
    row: np.ndarray,
    member: np.ndarray,
    rates: ErrorRates,
    salt: str,
    group: str,
    describe: Callable[[View, Rows, np.ndarray], np.ndarray],
    separator: str,
) -> np.ndarray:
    """Several people in one cell: each member written by ``describe(view, sub_rows, member)``, joined
    by ``separator`` per record (in ``row`` order); the truth's person index is the position in the cell."""
    pos = positions(row)
    sub = sub_rows(rows, row, pos)
    v = view_of(ctx, sub, member, when[row], rates, salt, key_offset=2)
    text = describe(v, sub, member)
    cells: list[list[str]] = [[] for _ in range(rows.n)]
    for r, t in zip(row.tolist(), np.asarray(text).tolist(), strict=True):
        cells[r].append(t)
    ext.mentions.append(Mentions(group, row, pos, member))
    for mask, field_name, kind in v.errors:
        ext.errors.add(row[mask], group, pos[mask], field_name, kind)
    return np.array([separator.join(c) for c in cells] or [], dtype=str)


#: Ethnicity as the 2021 census words it, by origin (see ``names.ORIGINS``).
CENSUS_ETHNICITY = (
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Other White",
    "Asian, Asian British or Asian Welsh: Pakistani",
    "Black, Black British, Black Welsh, Caribbean or African: African",
    "Black, Black British, Black Welsh, Caribbean or African: Caribbean",
    "Mixed or Multiple ethnic groups: White and Black Caribbean",
    "Other ethnic group: Any other ethnic group",
)
