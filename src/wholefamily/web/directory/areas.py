"""Postcode districts: the outward code of a postcode ("WX1" of "WX1 1AA"), the unit of the area a service
serves."""

from __future__ import annotations

import re

from wholefamily.web.casework.postcodes import normalise_postcode

_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")


def district(text: str) -> str | None:
    """The district of a postcode or of a district itself ("wx1 1aa" and "wx1" -> "WX1"); None if neither."""
    cleaned = re.sub(r"\s+", "", text).upper()
    if _DISTRICT.fullmatch(cleaned):
        return cleaned
    postcode = normalise_postcode(text)
    return postcode.split(" ")[0] if postcode else None


def districts(text: str) -> tuple[list[str], list[str]]:
    """The districts in ``text`` (separated by spaces or commas), sorted without repeats, and the words that are
    not districts."""
    found: set[str] = set()
    wrong: list[str] = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        cleaned = word.upper()
        if _DISTRICT.fullmatch(cleaned):
            found.add(cleaned)
        else:
            wrong.append(word)
    return sorted(found), wrong
