"""Forming the people groups: who each record names, and which columns describe each of them.

A group starts at a name: a whole name in one column, the parts of a name in neighbouring columns
(``Forename``, ``Middle Names``, ``Surname``), a cell of several people, or a JSON array of people. The
words of its name columns other than name words name the group (``Contact 1 Name`` -> ``contact_1``);
another column joins the group whose words it has (``Contact 1 Postcode``), else the main group (the one
named by no words, else the first), except a relationship, which joins the nearest group before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wholefamily.ingest.drafting import headers
from wholefamily.ingest.drafting.cells import CellGuess
from wholefamily.ingest.drafting.fields import Guess

NAME_PARTS = ("first_name", "middle_names", "surname")
NAME_FIELDS = ("full_name", *NAME_PARTS)
PLACES = ("address", "postcode")


@dataclass
class Group:
    """One people group of the draft; ``position`` is where its last name column is among the record's."""

    words: tuple[str, ...]
    origin: str  # row | cell | nested
    position: int
    fields: dict[str, Guess] = field(default_factory=dict)
    path: str | None = None
    cell: CellGuess | None = None
    name: str = ""


def people_groups(
    columns: list[tuple[str, Guess | CellGuess | None]], nested: dict[str, list[Guess]]
) -> tuple[list[Group], list[str]]:
    """The groups of a record's columns (in file order) and of its nested arrays; notes on columns left out."""
    groups: list[Group] = []
    for position, (column, guess) in enumerate(columns):
        if isinstance(guess, CellGuess):
            cell_words = headers.group_words(headers.words(column))
            groups.append(Group(cell_words, "cell", position, {g.field: g for g in guess.fields}, cell=guess))
        elif guess is not None and guess.field in NAME_FIELDS:
            _add_name(groups, position, guess)
    notes, places = _describe_row_people([g for g in groups if g.origin == "row"], columns)
    for path, guesses in nested.items():
        fields = {g.field: g for g in reversed(guesses)}  # the first column of a field wins
        if not set(fields) & set(NAME_FIELDS):
            notes.append(f"the array {path!r} has no names: not read as people")
            continue
        groups.append(
            Group(headers.group_words(headers.words(path)), "nested", len(columns), fields, path=path)
        )
    listed = [g for g in groups if g.origin != "row"]
    for group in listed:
        _with_the_records_place(group, places)
    if not listed:
        notes += [
            f"{g.column!r} looks like a {f} but no person is named on the record: not read"
            for f, g in places.items()
        ]
    _name(groups)
    return groups, notes


def _describe_row_people(
    rows: list[Group], columns: list[tuple[str, Guess | CellGuess | None]]
) -> tuple[list[str], dict[str, Guess]]:
    """Give the row groups their other fields; notes on columns left out, and the record's address and
    postcode columns (the main group's, or no group's) for people listed in a cell or an array."""
    main = next((g for g in rows if not g.words), rows[0]) if rows else None
    notes: list[str] = []
    places: dict[str, Guess] = {}
    for position, (column, guess) in enumerate(columns):
        if not isinstance(guess, Guess) or guess.field in NAME_FIELDS:
            continue
        group = _owner(rows, main, position, column, guess.field)
        if guess.field in PLACES and group in (None, main):
            places.setdefault(guess.field, guess)
        if group is None and guess.field not in PLACES:
            notes.append(
                f"{column!r} looks like a {guess.field} but no person is named on the record: not read"
            )
        elif group is not None and guess.field in group.fields:
            notes.append(
                f"{column!r}: not read, {guess.field} is already read from {group.fields[guess.field].column!r}"
            )
        elif group is not None:
            group.fields[guess.field] = guess
    return notes, places


def _with_the_records_place(group: Group, places: dict[str, Guess]) -> None:
    """People in a cell or an array take the record's address and postcode when they have none of their own."""
    for name, place in places.items():
        own = group.fields.get(name)
        read_as = {k: v for k, v in place.spec.items() if k != "column"}  # country: any, say
        spec = {**(own.spec if own else {}), **read_as, "record_column": place.column}
        why = f"{own.why}; else the record's {place.column!r}" if own else f"the record's {place.column!r}"
        check = f"the record's {name} is where these people live (an incident's place may not be)"
        group.fields[name] = Guess(place.column, name, spec, why, [check])


def _add_name(groups: list[Group], position: int, guess: Guess) -> None:
    """A whole name starts a group; a name part joins the group of the name part just before it."""
    words = headers.group_words(headers.words(guess.column))
    last = groups[-1] if groups else None
    if (
        guess.field in NAME_PARTS
        and last is not None
        and last.origin == "row"
        and guess.field not in last.fields
        and set(last.fields) <= set(NAME_PARTS)
        and (last.position == position - 1 or last.words == words)
    ):
        last.words = tuple(w for w in last.words if w in words)
        last.fields[guess.field] = guess
        last.position = position
        return
    groups.append(Group(words, "row", position, {guess.field: guess}))


def _owner(
    rows: list[Group], main: Group | None, position: int, column: str, field_name: str
) -> Group | None:
    """The row group a column describes: by its words, a relationship by place, else the main group."""
    words = set(headers.words(column))
    named = [g for g in rows if g.words and set(g.words) <= words]
    if named:
        return max(named, key=lambda g: len(g.words))
    if field_name == "role":
        before = [g for g in rows if g.position < position]
        if before:
            return max(before, key=lambda g: g.position)
    return main


def _name(groups: list[Group]) -> None:
    """Group names from their words (or the person word of their id column), lower_snake_case and unique."""
    used: set[str] = set()
    for group in groups:
        words = group.words
        if not words and "local_id" in group.fields:
            words = tuple(w for w in headers.words(group.fields["local_id"].column) if w in headers.PERSON)
        base = re.sub(r"[^a-z0-9]+", "_", "_".join(words).lower()).strip("_") or "person"
        base = base if base[0].isalpha() else f"person_{base}"
        name, n = base, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        group.name = name
