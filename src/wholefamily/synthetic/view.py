"""How a partner sees a person on a date: the names, date of birth, address and numbers it records,
with that partner's own mistakes (typos, nicknames, swapped day and month, stale or missing postcodes,
invalid check digits). Every error is drawn from the record's stable key, so the same record carries
the same error in every delivery until the partner corrects it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wholefamily.synthetic import id_numbers, names
from wholefamily.synthetic.dates import NA, age_at, from_ymd, ymd
from wholefamily.synthetic.noise import choice, uniform
from wholefamily.synthetic.population import FIRST_NAMES, SURNAMES, Population


@dataclass(frozen=True)
class ErrorRates:
    """Per-source rates of the mistakes a partner makes (a fraction of person mentions or rows)."""

    typo: float = 0.01
    nickname: float = 0.0
    swap_day_month: float = 0.005
    missing_dob: float = 0.002
    future_dob: float = 0.0003
    impossible_date: float = 0.0003
    missing_postcode: float = 0.03
    stale_address: float = 0.08
    invalid_id: float = 0.003
    missing_id: float = 0.02
    unknown_code: float = 0.002
    blank_required: float = 0.0003
    duplicate: float = 0.006
    exact_duplicate: float = 0.001
    age_only: float = 0.0
    moved_late: float = (
        0.0  # share of records still at the previous address up to MOVED_LATE days after a move
    )
    corrected: float = 0.3  # share of errors a partner corrects within six months


MOVED_LATE = 270
"""Days after a move during which a record may still carry the previous address."""

_NICK_FROM = np.array(sorted(names.NICKNAMES))
_NICK_COUNT = np.array([len(names.NICKNAMES[k]) for k in _NICK_FROM])
_NICK_FLAT = np.array([n for k in _NICK_FROM for n in names.NICKNAMES[k]])
_NICK_OFF = np.concatenate([[0], np.cumsum(_NICK_COUNT)[:-1]])


@dataclass
class View:
    first: np.ndarray
    middle: np.ndarray
    surname: np.ndarray
    dob: np.ndarray
    age: np.ndarray
    sex: np.ndarray
    origin: np.ndarray
    line1: np.ndarray
    postcode: np.ndarray
    nhs: np.ndarray
    upn: np.ndarray
    ni: np.ndarray
    errors: list[tuple[np.ndarray, str, str]] = field(default_factory=list)

    def flag(self, mask: np.ndarray, field_name: str, error: str) -> None:
        if mask.any():
            self.errors.append((mask, field_name, error))


def typo(words: np.ndarray, keys: np.ndarray, seed: int) -> np.ndarray:
    """One keying slip per word: a dropped, doubled, swapped or wrong letter (only the chosen few)."""
    out = words.astype(object)
    kind = choice(keys, "typo-kind", seed, 4)
    where = uniform(keys, "typo-where", seed)
    letters = "aeioulnrst"
    for i in range(out.size):
        w = str(out[i])
        if len(w) < 3:
            continue
        j = 1 + int(where[i] * (len(w) - 2))
        k = int(kind[i])
        if k == 0:
            w = w[:j] + w[j + 1 :]
        elif k == 1:
            w = w[:j] + w[j] + w[j:]
        elif k == 2 and j + 1 < len(w):
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        else:
            w = w[:j] + letters[(j + len(w)) % len(letters)] + w[j + 1 :]
        out[i] = w
    return out.astype(str)


def person_view(
    pop: Population,
    residence: tuple[np.ndarray, np.ndarray, np.ndarray],
    person: np.ndarray,
    when: np.ndarray,
    keys: np.ndarray,
    rates: ErrorRates,
    salt: str,
    seed: int,
    delivery: int,
    address_when: np.ndarray | None = None,
) -> View:
    """The person as this partner recorded them on ``when`` (address at ``address_when`` if given)."""
    n = person.size

    def hit(rate: float, what: str) -> np.ndarray:
        if rate <= 0 or n == 0:
            return np.zeros(n, bool)
        u = uniform(keys, f"{salt}:{what}", seed)
        fixed = (uniform(keys, f"{salt}:{what}:fix", seed) < rates.corrected) & (delivery > when + 183)
        return (u < rate) & ~fixed

    first = FIRST_NAMES[pop.first[person]]
    middle = np.where(pop.middle[person] >= 0, FIRST_NAMES[np.maximum(pop.middle[person], 0)], "")
    s1, s2 = pop.surname_at(person, when)
    surname = np.where(
        s2 >= 0, np.char.add(np.char.add(SURNAMES[s1], "-"), SURNAMES[np.maximum(s2, 0)]), SURNAMES[s1]
    )
    dob = pop.dob[person].copy()
    moment = when if address_when is None else address_when
    stale = hit(rates.stale_address, "stale")
    address = pop.address_at(residence, person, np.where(stale, moment - 365, moment))
    current = pop.address_at(residence, person, moment)
    stale &= address != current
    if rates.moved_late > 0:  # a move not yet told to this partner: the previous address for some months
        lag = 30 + choice(keys, f"{salt}:late-days", seed, MOVED_LATE - 30)
        previous = pop.address_at(residence, person, moment - lag)
        late = hit(rates.moved_late, "late") & (previous != current) & ~stale
        address = np.where(late, previous, address)
        stale |= late
    view = View(
        first=first,
        middle=middle,
        surname=surname,
        dob=dob,
        age=age_at(dob, when),
        sex=pop.sex[person],
        origin=pop.origin[person],
        line1=pop.a_line1[address],
        postcode=pop.a_postcode[address],
        nhs=pop.nhs[person].copy(),
        upn=pop.upn[person].astype(str),
        ni=pop.ni[person].astype(str),
    )
    view.flag(stale, "postcode", "stale_address")
    nick = hit(rates.nickname, "nickname")
    pos = np.searchsorted(_NICK_FROM, first)
    has = (pos < _NICK_FROM.size) & (_NICK_FROM[np.minimum(pos, _NICK_FROM.size - 1)] == first)
    nick &= has
    if nick.any():
        p = np.minimum(pos[nick], _NICK_FROM.size - 1)
        pick = _NICK_OFF[p] + choice(keys[nick], f"{salt}:nick-pick", seed, 1 << 20) % _NICK_COUNT[p]
        view.first = view.first.astype(object)
        view.first[nick] = _NICK_FLAT[pick]
        view.first = view.first.astype(str)
        view.flag(nick, "first_name", "nickname")
    slip = hit(rates.typo, "typo")
    on_surname = uniform(keys, f"{salt}:typo-field", seed) < 0.6
    for mask, attr, fname in (
        (slip & on_surname, "surname", "surname"),
        (slip & ~on_surname, "first", "first_name"),
    ):
        if mask.any():
            values = getattr(view, attr).astype(object)
            values[mask] = typo(values[mask].astype(str), keys[mask], seed)
            setattr(view, attr, values.astype(str))
            view.flag(mask, fname, "typo")
    y, m, d = ymd(np.where(dob == NA, 0, dob))
    swap = hit(rates.swap_day_month, "swap") & (d <= 12) & (d != m)
    view.dob = np.where(swap, from_ymd(y, d, m), view.dob).astype(np.int32)
    view.flag(swap, "dob", "day_month_swapped")
    future = hit(rates.future_dob, "future")
    view.dob = np.where(future, delivery + 30 + choice(keys, f"{salt}:fut", seed, 3000), view.dob).astype(
        np.int32
    )
    view.flag(future, "dob", "future_date")
    missing = hit(rates.missing_dob, "nodob")
    view.dob = np.where(missing, NA, view.dob).astype(np.int32)
    view.flag(missing, "dob", "missing")
    nopc = hit(rates.missing_postcode, "nopc")
    view.postcode = np.where(nopc, "", view.postcode)
    view.flag(nopc, "postcode", "missing")
    bad = hit(rates.invalid_id, "badid")
    view.nhs = np.where(bad & (view.nhs > 0), id_numbers.break_nhs(view.nhs), view.nhs)
    view.flag(bad & (pop.nhs[person] > 0), "nhs_number", "invalid_check_digit")
    bad_upn = bad & (view.upn != "")
    if bad_upn.any():  # a check letter keyed wrongly
        shifted = np.array([("B" if u[0] == "A" else "A") + u[1:] for u in view.upn[bad_upn].tolist()])
        view.upn = view.upn.astype(object)
        view.upn[bad_upn] = shifted
        view.upn = view.upn.astype(str)
        view.flag(bad_upn, "upn", "invalid_check_digit")
    bad_ni = bad & (view.ni != "")
    view.ni = np.where(
        bad_ni, np.char.add("QQ", np.char.lstrip(view.ni, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")), view.ni
    )
    view.flag(bad_ni, "ni_number", "invalid_format")
    noid = hit(rates.missing_id, "noid")
    view.nhs = np.where(noid, 0, view.nhs)
    view.ni = np.where(noid, "", view.ni)
    return view


def format_nhs(numbers: np.ndarray, spaced: bool = False) -> np.ndarray:
    """NHS numbers as ten digits, or as written on letters (3 3 4 with spaces); '' where none."""
    text = np.char.zfill(numbers.astype(np.int64).astype(str), 10).astype("U10")
    if spaced and text.size:
        chars = text.view("U1").reshape(-1, 10)
        part = [
            np.ascontiguousarray(chars[:, a:b]).view(f"U{b - a}").ravel()
            for a, b in ((0, 3), (3, 6), (6, 10))
        ]
        text = np.char.add(np.char.add(np.char.add(np.char.add(part[0], " "), part[1]), " "), part[2])
    return np.where(numbers > 0, text, "")
