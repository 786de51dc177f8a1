"""Reading a column's header: its words, and what they suggest the column holds."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

#: Words that make a header a name part, a name, or a person (a group's name is what is left of them).
FORENAME = frozenset({"forename", "forenames", "firstname", "given"})
SURNAME = frozenset({"surname", "lastname", "family"})
MIDDLE = frozenset({"middle", "middlename", "middlenames"})
NAME = frozenset({"name", "names", "fullname", "first", "last", "full"}) | FORENAME | SURNAME | MIDDLE
PERSON = frozenset(
    {
        "applicant",
        "carer",
        "child",
        "claimant",
        "client",
        "contact",
        "father",
        "guardian",
        "household",
        "lead",
        "member",
        "members",
        "mother",
        "occupant",
        "occupants",
        "offender",
        "parent",
        "partner",
        "patient",
        "person",
        "persons",
        "people",
        "pupil",
        "resident",
        "student",
        "subject",
        "subjects",
        "suspect",
        "tenant",
        "victim",
        "woman",
        "yot",
    }
)
#: Names of things that are not people ("School Name", "Street Name").
NOT_PERSON = frozenset(
    {
        "school",
        "provider",
        "service",
        "street",
        "team",
        "practice",
        "gp",
        "organisation",
        "officer",
        "file",
        "town",
    }
)
FIELD_WORDS: dict[str, frozenset[str]] = {
    "dob": frozenset({"dob", "birth", "born"}),
    "sex": frozenset({"sex", "gender"}),
    "ethnicity": frozenset({"ethnicity", "ethnic", "ethnicgroup"}),
    "nhs_number": frozenset({"nhs"}),
    "upn": frozenset({"upn"}),
    "ni_number": frozenset({"nino", "ni", "insurance"}),
    "postcode": frozenset({"postcode", "pcode", "post"}),
    "address": frozenset({"address", "street", "property", "addr", "line1"}),
    "age": frozenset({"age"}),
    "title": frozenset({"title"}),
    "role": frozenset({"relationship", "relation", "role", "involvement"}),
}
#: Words of a date column's header: an Excel day number is read as a date only under one of them.
DATE_WORDS = frozenset(
    {
        "date",
        "dob",
        "birth",
        "start",
        "end",
        "edd",
        "served",
        "received",
        "discharged",
        "recorded",
        "reported",
    }
)
ID_WORDS = frozenset({"id", "no", "number", "ref", "reference", "num", "adno", "mrn"})


def words(header: str) -> tuple[str, ...]:
    """Lower-case words of a header: ``LeadFirstName`` -> lead, first, name; ``child.nhs_number`` -> child, nhs,
    number; ``Woman's Name`` -> woman, name (single letters other than digits dropped)."""
    found = (w.lower() for w in _WORD.findall(header))
    return tuple(w for w in found if len(w) > 1 or w.isdigit())


def suggests(header_words: tuple[str, ...], field: str) -> bool:
    """Whether the header names the person field (``dob``, ``sex``, ...; ``postcode`` needs ``post`` + ``code``)."""
    found = FIELD_WORDS[field] & set(header_words)
    if field == "postcode" and found == {"post"}:
        return "code" in header_words
    if field == "ni_number" and found == {"ni"}:
        return bool({"number", "no"} & set(header_words))
    return bool(found)


def name_part(header_words: tuple[str, ...]) -> str | None:
    """``first_name``, ``middle_names`` or ``surname`` when the header names one part of a name."""
    found = set(header_words)
    if found & MIDDLE:
        return "middle_names"
    if found & FORENAME or {"first", "name"} <= found:
        return "first_name"
    if {"surname", "lastname"} & found or {"family", "name"} <= found or {"last", "name"} <= found:
        return "surname"
    return None


def names_a_person(header_words: tuple[str, ...]) -> bool:
    """A header such as ``Patient Name``, ``Lead Tenant``, ``Main Carer``: a name or a person, not a thing's."""
    found = set(header_words)
    return bool(found & (NAME | PERSON)) and not found & NOT_PERSON and not found & ID_WORDS


def group_words(header_words: tuple[str, ...]) -> tuple[str, ...]:
    """What names the person apart from the name words: ``Contact 1 Name`` -> contact, 1."""
    return tuple(w for w in header_words if w not in NAME)


def is_identifier(header_words: tuple[str, ...]) -> bool:
    return bool(set(header_words) & ID_WORDS)
