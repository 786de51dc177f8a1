"""What every partner extract builder shares: the context, choosing rows, formatting and planted errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from wholefamily.synthetic.dates import NA, formatted, ymd
from wholefamily.synthetic.extract import Extract, Mentions, duplicate_rows
from wholefamily.synthetic.needs import History
from wholefamily.synthetic.noise import choice, uniform
from wholefamily.synthetic.population import Population
from wholefamily.synthetic.view import ErrorRates, View, person_view


@dataclass
class Context:
    pop: Population
    history: History
    seed: int
    delivery: int  # the delivery (extract) date as a day number
    residence: tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass
class Rows:
    """The rows of one extract after choosing what the delivery holds and adding duplicates."""

    take: np.ndarray  # index into the base arrays, per output row
    dup: np.ndarray  # 0 original, 1 re-keyed duplicate, 2 exact duplicate
    keys: np.ndarray  # noise keys per output row (equal for exact duplicates)

    @property
    def n(self) -> int:
        return int(self.take.size)


def select_rows(
    ctx: Context, rid: np.ndarray, recorded: np.ndarray, order: np.ndarray, rates: ErrorRates, salt: str
) -> Rows:
    """Base rows recorded by the delivery date, in the partner's order, with duplicates added."""
    keep = np.flatnonzero(recorded <= ctx.delivery)
    keep = keep[np.lexsort((rid[keep], order[keep]))]
    take, dup = duplicate_rows(rid[keep], rates.duplicate, rates.exact_duplicate, salt, ctx.seed)
    base = keep[take]
    return Rows(take=base, dup=dup, keys=rid[base] * 4 + np.where(dup == 1, 1, 0))


def view_of(
    ctx: Context,
    rows: Rows,
    person: np.ndarray,
    when: np.ndarray,
    rates: ErrorRates,
    salt: str,
    address_when: np.ndarray | None = None,
    key_offset: int = 0,
) -> View:
    return person_view(
        ctx.pop,
        ctx.residence,
        person,
        when,
        rows.keys * 64 + key_offset,
        rates,
        salt,
        ctx.seed,
        ctx.delivery,
        address_when,
    )


def record_view_errors(
    ext: Extract, view: View, row: np.ndarray, group: str, index: np.ndarray | int = 0
) -> None:
    for mask, field_name, kind in view.errors:
        ext.errors.add(
            row[mask], group, index[mask] if isinstance(index, np.ndarray) else index, field_name, kind
        )


def record_duplicates(ext: Extract, rows: Rows, group: str) -> None:
    ext.errors.add(np.flatnonzero(rows.dup == 1), group, 0, "record", "duplicate_registration")
    ext.errors.add(np.flatnonzero(rows.dup == 2), group, 0, "record", "exact_duplicate")


def row_mentions(ext: Extract, group: str, person: np.ndarray) -> None:
    n = person.size
    ext.mentions.append(Mentions(group, np.arange(n), np.zeros(n, np.int64), person))


def one_person_per_row(ext: Extract, rows: Rows, view: View, group: str, person: np.ndarray) -> None:
    """Record the truth of an extract naming one person per row: who each row is, and its planted errors."""
    row_mentions(ext, group, person)
    record_view_errors(ext, view, np.arange(rows.n), group)
    record_duplicates(ext, rows, group)


def dates(
    days: np.ndarray,
    pattern: str,
    rows: Rows | None = None,
    rates: ErrorRates | None = None,
    salt: str = "",
    ext: Extract | None = None,
    group: str = "",
    field_name: str = "",
) -> np.ndarray:
    """Formatted dates ('' for missing); with rows and rates, a few impossible dates such as 31 February."""
    text = np.asarray(formatted(days, pattern).fill_null("").to_numpy(zero_copy_only=False)).astype(str)
    if rows is None or rates is None or pattern == "excel_serial" or rates.impossible_date <= 0:
        return text
    bad = (uniform(rows.keys, f"{salt}:impossible:{field_name}", 0) < rates.impossible_date) & (days != NA)
    if bad.any():
        y, _, _ = ymd(np.where(bad, days, 0))
        impossible = (
            pattern.replace("%d", "31")
            .replace("%m", "02")
            .replace("%b", "Feb")
            .replace("%Y", "{Y}")
            .replace("%y", "{y}")
        )
        text = text.astype(object)
        text[bad] = [impossible.format(Y=f"{v:04d}", y=f"{v % 100:02d}") for v in y[bad].tolist()]
        text = text.astype(str)
        if ext is not None:
            ext.errors.add(np.flatnonzero(bad), group, 0, field_name, "impossible_date")
    return text


def codes(
    values: np.ndarray,
    labels: dict[int, str] | list[str] | tuple[str, ...],
    rows: Rows,
    rates: ErrorRates,
    salt: str,
    unknown: str,
    ext: Extract | None = None,
    group: str = "",
    field_name: str = "",
) -> np.ndarray:
    """Map internal codes to the partner's labels, with a few codes the partner's map does not know."""
    table = labels if isinstance(labels, dict) else dict(enumerate(labels))
    lookup = np.array([table.get(i, "") for i in range(max(table) + 1)], dtype=object)
    text = lookup[values].astype(str)
    bad = uniform(rows.keys, f"{salt}:unknown:{field_name}", 0) < rates.unknown_code
    text = np.where(bad, unknown, text)
    if ext is not None:
        ext.errors.add(np.flatnonzero(bad), group, 0, field_name, "unknown_code")
    return text


def blank_required(
    values: np.ndarray, rows: Rows, rates: ErrorRates, salt: str, ext: Extract, group: str, field_name: str
) -> np.ndarray:
    bad = uniform(rows.keys, f"{salt}:blank:{field_name}", 0) < rates.blank_required
    ext.errors.add(np.flatnonzero(bad), group, 0, field_name, "blank_required")
    return np.where(bad, "", values)


#: How clerks shorten street types when they key an address by hand.
STREET_ABBREVIATIONS = {
    "Road": "Rd",
    "Street": "St",
    "Avenue": "Ave",
    "Close": "Cl",
    "Lane": "Ln",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Court": "Ct",
    "Place": "Pl",
    "Terrace": "Ter",
}


def address_line(
    view: View, keys: np.ndarray, seed: int, salt: str, abbreviated: float = 0.3, missing: float = 0.03
) -> np.ndarray:
    """The first line of the address as a partner keys it: the street type shortened in some records
    ("12 Mill Rd"), none in a few; blank where the postcode is blank.

    Edits one array as wide as the longest line in place: copies of the address table's wide strings per
    row cost hundreds of megabytes on the largest extracts."""
    width = max(int(np.char.str_len(view.line1).max(initial=0)), 1)
    line = view.line1.astype(f"U{width}")
    short = np.flatnonzero(uniform(keys, f"{salt}:abbrev", seed) < abbreviated)
    if short.size:  # numpy cannot size the replacement of an empty array
        part = line[short]
        for full, abbr in STREET_ABBREVIATIONS.items():
            part = np.char.replace(part, f" {full}", f" {abbr}")
        line[short] = part
    line[(uniform(keys, f"{salt}:noline", seed) < missing) | (view.postcode == "")] = ""
    return line


def upper(values: np.ndarray) -> np.ndarray:
    return np.char.upper(values.astype(str)) if values.size else values.astype(str)


def full_name(view: View, order: str, upper_surname: bool = True) -> np.ndarray:
    """'SURNAME, Forename' (surname_first) or 'Forename Surname' (forename_first)."""
    surname = upper(view.surname) if upper_surname else view.surname
    if order == "surname_first":
        return np.char.add(np.char.add(surname, ", "), view.first)
    return np.char.add(np.char.add(view.first, " "), surname)


def ids(prefix: str, numbers: np.ndarray, width: int = 7) -> np.ndarray:
    if numbers.size == 0:  # numpy's zfill cannot size an empty array (a small authority may have no rows)
        return np.array([], dtype=f"<U{len(prefix) + width}")
    return np.char.add(prefix, np.char.zfill(numbers.astype(np.int64).astype(str), width))


def nested_lists(row: np.ndarray, values: np.ndarray, n_rows: int) -> pa.Array:
    """values grouped by row (rows ascending) as an Arrow list array of n_rows lists."""
    order = np.argsort(row, kind="stable")
    counts = np.bincount(row, minlength=n_rows)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values[order]))


def pick(keys: np.ndarray, salt: str, seed: int, options: list[str] | tuple[str, ...]) -> np.ndarray:
    return np.asarray(np.array(options)[choice(keys, salt, seed, len(options))])
