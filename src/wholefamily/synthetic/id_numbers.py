"""Vectorised identifier numbers that pass (or, on purpose, fail) the checks in wholefamily.identifiers."""

from __future__ import annotations

import numpy as np

from wholefamily.identifiers import (
    NI_BANNED_PREFIXES,
    NI_FIRST_LETTERS,
    NI_SECOND_LETTERS,
    NI_SUFFIXES,
    UPN_CHECK_LETTERS,
)

LA_CODE = "997"  # the fictional authority's three-digit code, the start of its pupils' UPNs


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """(n, width) array of the decimal digits of each value, most significant first."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers[None, :]) % 10


def nhs_check(first_nine: np.ndarray) -> np.ndarray:
    """Modulus-11 check digit; 10 where no valid number has these nine digits."""
    total = (_digits(first_nine, 9) * np.arange(10, 1, -1)).sum(axis=1)
    check = 11 - total % 11
    return np.where(check == 11, 0, check)


def nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct valid NHS numbers (int64) from the 9xx range, which England does not issue."""
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        stem = rng.integers(900_000_000, 999_999_999, size=int((n - out.size) * 1.25) + 16, dtype=np.int64)
        check = nhs_check(stem)
        ok = check < 10
        cand = stem[ok] * 10 + check[ok]
        merged = np.concatenate([out, cand])
        _, first = np.unique(merged, return_index=True)
        out = merged[np.sort(first)]
    return out[:n]


def break_nhs(numbers: np.ndarray) -> np.ndarray:
    """Same numbers with the check digit made wrong (the kind of slip a keyed-in number has)."""
    last = numbers % 10
    return np.asarray(numbers - last + (last + 1 + (numbers // 10) % 8) % 10)


def upns(rng: np.random.Generator, n: int, birth_years: np.ndarray) -> np.ndarray:
    """Permanent UPNs: check letter + LA code + school (4) + year (2) + serial (3); distinct."""
    order = rng.permutation(n).astype(np.int64)  # school and serial together are unique per pupil
    school = (2000 + order // 1000) % 10000
    serial = order % 1000
    year = (birth_years + 5) % 100
    tail = int(LA_CODE) * 10**9 + school * 10**5 + year * 10**3 + serial
    weights = np.arange(2, 14)
    letters = np.array(list(UPN_CHECK_LETTERS))[(_digits(tail, 12) * weights).sum(axis=1) % 23]
    return np.asarray(np.char.add(letters, np.char.zfill(tail.astype(str), 12)))


def ni_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    prefixes = np.array(
        [a + b for a in NI_FIRST_LETTERS for b in NI_SECOND_LETTERS if a + b not in NI_BANNED_PREFIXES]
    )
    out = np.char.add(
        prefixes[rng.integers(0, prefixes.size, n)],
        np.char.zfill(rng.integers(0, 1_000_000, n).astype(str), 6),
    )
    return np.char.add(out, np.array(list(NI_SUFFIXES))[rng.integers(0, 4, n)])
