"""What a search box query means: a family reference or warehouse id, a date of birth, a postcode, or a name.

``parse_query`` returns a ``SearchQuery`` or, for text that is none of these, the error message to show.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from wholefamily.web.casework.postcodes import normalise_postcode


class Kind(StrEnum):
    REFERENCE = "reference"
    ID = "id"
    DATE_OF_BIRTH = "date_of_birth"
    POSTCODE = "postcode"
    NAME = "name"


@dataclass(frozen=True)
class SearchQuery:
    kind: Kind
    text: str
    family_pk: int | None = None
    date_of_birth: dt.date | None = None
    postcode: str = ""
    #: Name words, lower case: one word matches a first name or surname; more match first name then surname.
    names: tuple[str, ...] = ()
    #: A single word that could be a warehouse family or person id (which can also look like a name).
    warehouse_id: str = ""


_REFERENCE = re.compile(r"WF0*(\d{1,12})", re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NAME = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Warehouse ids are opaque ("F" + a ULID, "P" + 12 characters), so any single word of that shape may be one.
_WAREHOUSE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_:.-]{5,39}")

NOT_UNDERSTOOD = "Enter a name, a date of birth like 27/3/2015, a postcode like WX1 1AA, or a family reference like WF000123"


def _date(year: str, month: str, day: str) -> dt.date | str:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return "Enter a real date of birth, like 27/3/2015"


def parse_query(text: str) -> SearchQuery | str:
    text = " ".join(text.split())
    if not text:
        return "Enter a name, date of birth, postcode or family reference"
    if match := _REFERENCE.fullmatch(text):
        return SearchQuery(Kind.REFERENCE, text, family_pk=int(match.group(1)))
    for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3))):
        if match := pattern.fullmatch(text):
            born = _date(*(match.group(i) for i in order))
            if isinstance(born, str):
                return born
            return SearchQuery(Kind.DATE_OF_BIRTH, text, date_of_birth=born)
    if postcode := normalise_postcode(text):
        return SearchQuery(Kind.POSTCODE, text, postcode=postcode)
    warehouse_id = text if _WAREHOUSE_ID.fullmatch(text) else ""
    words = text.replace(",", " ").split()
    if all(_NAME.fullmatch(word) for word in words):
        names = tuple(w.lower() for w in words)
        if "," in text:  # "Surname, First name"
            names = names[1:] + names[:1]
        return SearchQuery(Kind.NAME, text, names=names, warehouse_id=warehouse_id)
    if warehouse_id:
        return SearchQuery(Kind.ID, text, warehouse_id=warehouse_id)
    return NOT_UNDERSTOOD
