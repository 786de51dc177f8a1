"""Guessing the person field a column holds, from its header and its values, with the reason in words."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from wholefamily.ingest.drafting import headers
from wholefamily.ingest.drafting.codes import SEX, code_map, ethnicity_map, short_codes
from wholefamily.ingest.drafting.dates import choose_formats, describe
from wholefamily.ingest.drafting.profile import MAX_CODES, Profile

#: Share of the values that must fit a pattern for a guess made from values alone.
MOSTLY = 0.8
#: Formats written when a date column has no values to look at.
UNSEEN_DATE_FORMATS = ["%d/%m/%Y", "iso"]
#: Words of a person's own id ("Client ID", "PupilID"): a record's id is no person's.
_ID_PEOPLE = frozenset(
    {"client", "patient", "person", "pupil", "child", "yot", "student", "resident", "adno", "mrn"}
)


@dataclass(frozen=True)
class Guess:
    """A column read as a person field: the value spec to write and why (no value of the file in it)."""

    column: str
    field: str
    spec: dict[str, Any]
    why: str
    checks: list[str] = dataclasses.field(default_factory=list)  # what the data manager should check


_PARTS = {"first_name": "a first name", "middle_names": "middle names", "surname": "a surname"}


def pct(share: float) -> str:
    return f"{share:.0%}"


def guess_field(column: str, profile: Profile, abroad: bool = False) -> Guess | None:
    """The person field the column holds, or None (an event value, or nothing the draft reads).

    ``abroad``: the file has a country column, so postcodes from outside the UK are kept.
    """
    words = headers.words(column)
    seen = profile.filled > 0
    part = headers.name_part(words)
    if part and (not seen or profile.share("name_part") >= MOSTLY):
        return Guess(column, part, {"column": column}, f"the header names {_PARTS[part]}")
    for name, check, what in (
        ("nhs_number", "nhs", "NHS numbers with a valid check digit"),
        ("upn", "upn", "UPNs with a valid check letter"),
        ("ni_number", "ni", "National Insurance numbers"),
    ):
        if headers.suggests(words, name) or (seen and profile.share(check) >= MOSTLY):
            return Guess(column, name, {"column": column}, _values(profile, check, what))
    if headers.suggests(words, "dob"):
        return _date_of_birth(column, profile)
    if headers.suggests(words, "postcode") or (
        seen and profile.share("postcode") >= MOSTLY and profile.distinct > 1
    ):
        return _postcode(column, profile, abroad)
    if headers.suggests(words, "sex"):
        return _coded(column, profile, "sex")
    if headers.suggests(words, "ethnicity"):
        return _coded(column, profile, "ethnicity")
    if headers.suggests(words, "age") and (not seen or profile.share("age") >= MOSTLY):
        return Guess(
            column, "age", {"column": column}, _values(profile, "age", "whole numbers from 0 to 125")
        )
    for name in ("title", "role", "address"):
        if headers.suggests(words, name):
            codes = short_codes(profile) if name == "role" else []
            listed = f"; codes: {', '.join(codes)}" if codes else ""
            noun = "an address" if name == "address" else f"a {name}"
            return Guess(column, name, {"column": column}, f"the header names {noun}{listed}")
    if headers.is_identifier(words) and set(words) & _ID_PEOPLE:
        shared = (
            "if other sources hold this id too (a council's person id), name it under identifiers instead"
        )
        return Guess(column, "local_id", {"column": column}, "the header names a person's id", [shared])
    named = headers.names_a_person(words) and (set(words) & headers.NAME or not _few_repeated(profile))
    if named and (not seen or name_share(profile) >= MOSTLY):
        return full_name(column, profile, "the header names a person")
    if seen and _names_by_values(words, profile):
        return full_name(column, profile, "the values look like people's names")
    return None


def capitalised(profile: Profile) -> float:
    """The share of values written with the surname marked: 'SURNAME, Forename' or in capitals."""
    marked = ("surname_first", "surname_upper_first", "surname_upper_last")
    return max(profile.share(m) for m in marked)


def _names_by_values(words: tuple[str, ...], profile: Profile) -> bool:
    """Names under an unusual header: nearly all name-shaped, surnames marked, and many different ones."""
    return (
        name_share(profile) >= 0.9
        and capitalised(profile) >= 0.5
        and profile.distinct >= max(5, profile.filled / 2)
        and not set(words) & headers.NOT_PERSON
    )


def _few_repeated(profile: Profile) -> bool:
    """A handful of values, each used many times: codes or labels ("Midwife booking"), not names."""
    return 0 < profile.distinct <= MAX_CODES and profile.filled >= 5 * profile.distinct


def _postcode(column: str, profile: Profile, abroad: bool) -> Guess:
    why = _values(profile, "postcode", "UK postcodes")
    if abroad:
        return Guess(
            column, "postcode", {"column": column, "country": "any"}, f"{why}; the file has a country"
        )
    other = 1 - profile.share("postcode") if profile.filled else 0
    checks = (
        [f"{pct(other)} are not UK postcodes: blanked with a warning, or kept with country: any"]
        if other
        else []
    )
    return Guess(column, "postcode", {"column": column}, why, checks)


def name_share(profile: Profile) -> float:
    return (
        (profile.matches["person_name"] + profile.matches["surname_first"]) / profile.filled
        if profile.filled
        else 0
    )


def full_name(column: str, profile: Profile, because: str) -> Guess:
    """A whole name in one column, with the order it is written in."""
    if not profile.filled:
        return Guess(
            column,
            "full_name",
            {"column": column, "name_order": "forename_first"},
            f"{because}; no values to look at",
            ["the name order: forename_first ('Jane Smith') or surname_first ('SMITH, Jane')"],
        )
    order, how = name_order(profile)
    return Guess(column, "full_name", {"column": column, "name_order": order}, f"{because}; {how}")


def name_order(profile: Profile) -> tuple[str, str]:
    """``surname_first`` for 'SURNAME, Forenames' (or a capitalised surname first), else ``forename_first``."""
    comma = profile.share("surname_first")
    if comma >= 0.5:
        return "surname_first", f"{pct(comma)} of values are written 'SURNAME, Forenames'"
    first, last = profile.matches["surname_upper_first"], profile.matches["surname_upper_last"]
    if first > last:
        return "surname_first", f"{pct(first / profile.filled)} of values begin with a surname in capitals"
    if last:
        return "forename_first", f"{pct(last / profile.filled)} of values end with a surname in capitals"
    return "forename_first", f"{pct(name_share(profile))} of values look like 'Forenames Surname'"


def _values(profile: Profile, check: str, what: str) -> str:
    if not profile.filled:
        return "the header says so; no values to look at"
    return f"{pct(profile.share(check))} of values are {what}"


def date_formats(profile: Profile) -> tuple[list[str], str]:
    """The formats to list for a date column, and how many values each reads."""
    formats, shares = choose_formats(profile.dates, profile.filled)
    if not formats:
        return UNSEEN_DATE_FORMATS, "no values to look at: check the format"
    return formats, ", ".join(f"{pct(share)} of values look like {describe(f)}" for f, share in shares)


def _date_of_birth(column: str, profile: Profile) -> Guess:
    formats, why = date_formats(profile)
    checks = []
    if any("%y" in f for f in formats):
        checks.append(
            "two-digit years: a date of birth in 1950 written '50' reads as 2050 and is quarantined"
        )
    if profile.filled and profile.date_share() < MOSTLY:
        checks.append(
            f"only {pct(profile.date_share())} of values read as dates: the rest will be quarantined"
        )
    return Guess(
        column,
        "dob",
        {"column": column, "date_formats": formats},
        f"the header names a date of birth; {why}",
        checks,
    )


def _coded(column: str, profile: Profile, name: str) -> Guess:
    """Sex or ethnicity, with a map from the partner's codes when they are a short list."""
    codes = short_codes(profile)
    if not codes:
        why = (
            "no values to look at"
            if not profile.filled
            else f"{profile.distinct} different values, not copied here"
        )
        allowed = (
            "male, female, other, unknown"
            if name == "sex"
            else "white, mixed, asian, black, other, not_stated"
        )
        return Guess(
            column, name, {"column": column}, f"the header names {name}; {why}", [f"add a map to {allowed}"]
        )
    mapped, left = code_map(codes, SEX) if name == "sex" else ethnicity_map(codes)
    checks = [f"codes with no guess, blanked with a warning until mapped: {', '.join(left)}"] if left else []
    spec: dict[str, Any] = {"column": column, "map": mapped} if mapped else {"column": column}
    return Guess(column, name, spec, f"the header names {name}; codes: {', '.join(codes)}", checks)


def describe_unread(column: str, profile: Profile) -> tuple[str, list[str] | None]:
    """What a column the draft does not read holds (no value, unless a short code list), and its date formats
    when it holds dates."""
    if not profile.filled:
        return "empty in the records looked at", None
    formats, why = date_formats(profile)
    dated = profile.dates and (formats != ["excel_serial"] or set(headers.words(column)) & headers.DATE_WORDS)
    if dated and profile.date_share() >= MOSTLY:
        return f"dates: {why}", formats
    codes = short_codes(profile)
    if codes and profile.filled >= 2 * len(codes):
        return f"codes: {', '.join(codes)}", None
    if profile.share("integer") >= MOSTLY:
        return "whole numbers", None
    return "text", None
