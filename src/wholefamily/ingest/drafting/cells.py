"""People written in one cell: ``Jane SMITH (03/04/2011); Tom SMITH (age 2)``, ``Jo LEE - Mother - 01/02/1980``.

The cell is split by the separator found in most values; each part is a name, alone or followed by details
in brackets (``(dd/mm/yyyy)``, ``(Son, dd/mm/yyyy)``) or after dashes. Each detail is read as a date of birth,
an age (``age 2``) or the person's relationship, and a pattern with named groups is written for ingest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wholefamily.ingest.drafting import headers
from wholefamily.ingest.drafting.fields import (
    MOSTLY,
    Guess,
    capitalised,
    date_formats,
    name_order,
    name_share,
    pct,
)
from wholefamily.ingest.drafting.profile import Profile

SEPARATORS = (";", "|", "\n", " / ")
_SHOWN = {";": "semicolons", "|": "pipes", "\n": "line breaks", " / ": "slashes"}
_BRACKETS = re.compile(r"^(?P<name>[^(]+?)\s*\((?P<details>[^)]*)\)$")
_AGE = re.compile(r"^age\s+[0-9]{1,3}$", re.IGNORECASE)
_NAME = {"brackets": r"(?P<full_name>[^(]+?)", "dashes": r"(?P<full_name>.+?)", "alone": r"(?P<full_name>.+)"}
_DETAIL = {"brackets": r"[^,)]*", "dashes": r".+?"}
#: Around the details of each form: before the first, between two, after the last.
_AROUND = {
    "brackets": (r"\s*\(", r",\s*", r"\)"),
    "dashes": (r"\s+-\s+", r"\s+-\s+", ""),
    "alone": ("", "", ""),
}
_FORMS = {
    "brackets": "each a name with details in brackets",
    "dashes": "each a name with details after dashes",
    "alone": "each a name alone",
}

Profiler = Callable[[list[str | None]], Profile]


@dataclass(frozen=True)
class CellGuess:
    """How to split the cell into people (ingest's ``cell`` keys) and the fields each part gives."""

    column: str
    separator: str
    pattern: str
    fields: list[Guess]
    why: str


def guess_cell(column: str, values: list[str | None], profile: Profiler) -> CellGuess | None:
    """People in the cell when its parts are names (most with the same details), some cells holding several."""
    filled = [v.strip() for v in values if v and v.strip()]
    separator = max(SEPARATORS, key=lambda s: sum(s in v for v in filled))
    several = sum(separator in v for v in filled)
    parts = [p.strip() for v in filled for p in (v.split(separator) if several else [v]) if p.strip()]
    if not parts:
        return None
    shapes = [_shape(p) for p in parts]
    (form, count), seen = Counter((f, len(d)) for f, _, d in shapes).most_common(1)[0]
    if seen < MOSTLY * len(parts) or (form == "alone" and not several):
        return None
    fitting = [(name, details) for f, name, details in shapes if (f, len(details)) == (form, count)]
    names = profile([name for name, _ in fitting])
    if name_share(names) < MOSTLY or (form == "alone" and not _named(column) and capitalised(names) < 0.5):
        return None
    order, how = name_order(names)
    fields = [Guess("full_name", "full_name", {"column": "full_name", "name_order": order}, how)]
    groups = []
    for i in range(count):
        group, guesses = _detail([details[i] for _, details in fitting], form, profile)
        groups.append(group)
        fields += guesses
    opening, between, end = _AROUND[form]
    pattern = "^" + _NAME[form] + (opening + between.join(groups) + end if groups else "") + "$"
    split = (
        f"split at {_SHOWN[separator]} ({pct(several / len(filled))} of cells hold several)"
        if several
        else "one person a cell"
    )
    why = f"people written in the cell, {split}; {pct(seen / len(parts))} of them {_FORMS[form]}"
    return CellGuess(column, separator if several else ";", pattern, fields, why)


def _named(column: str) -> bool:
    return headers.names_a_person(headers.words(column))


def _shape(part: str) -> tuple[str, str, list[str]]:
    """(form, name, details) of one person's part of the cell."""
    bracketed = _BRACKETS.match(part)
    if bracketed:
        return "brackets", bracketed["name"], [d.strip() for d in bracketed["details"].split(",")]
    if " - " in part:
        name, *details = part.split(" - ")
        return "dashes", name, [d.strip() for d in details]
    return "alone", part, []


def _detail(values: list[str], form: str, profile: Profiler) -> tuple[str, list[Guess]]:
    """The pattern group for one detail, and the fields it gives: a date of birth, an age, or a relationship."""
    any_text = _DETAIL[form]
    ages = sum(bool(_AGE.match(v)) for v in values)
    if ages == len(values):
        age = Guess("age", "age", {"column": "age"}, "details written 'age N'")
        return r"age\s+(?P<age>[0-9]+)", [age]
    dated = profile([v for v in values if not _AGE.match(v)])
    if dated.date_share() >= MOSTLY:
        formats, why = date_formats(dated)
        spec: dict[str, Any] = {"column": "dob", "date_formats": formats}
        dob = Guess("dob", "dob", spec, f"a date of birth: {why}")
        if not ages:
            return f"(?P<dob>{any_text})", [dob]
        age = Guess(
            "age", "age", {"column": "age"}, f"{pct(ages / len(values))} of these details are 'age N'"
        )
        return rf"(?:age\s+(?P<age>[0-9]+)|(?P<dob>{any_text}))", [dob, age]
    role = Guess(
        "relationship", "role", {"column": "relationship"}, "a detail that is neither a date nor an age"
    )
    return f"(?P<relationship>{any_text})", [role]
