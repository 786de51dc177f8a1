"""UK postcodes typed by people, put in the form the warehouse stores: outward code, one space, inward code."""

from __future__ import annotations

import re

from wholefamily.ingest.normalise import POSTCODE_PATTERN

_VALID = re.compile(POSTCODE_PATTERN)

#: A postcode as the API takes it, exactly: either case, the space between its halves optional. (The pages are
#: more forgiving, ``normalise_postcode``; the API states its rule in its schema, so it keeps to one.)
TYPED_POSTCODE = (
    r"^(?:[Gg][Ii][Rr] ?0[Aa][Aa]|(?:[A-Za-z][0-9]{1,2}|[A-Za-z]{2}[0-9]{1,2}|[A-Za-z][0-9][A-Za-z]"
    r"|[A-Za-z]{2}[0-9][A-Za-z]) ?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})$"
)


def normalise_postcode(text: str) -> str | None:
    """``"wx11aa"`` -> ``"WX1 1AA"``; None when the text is not a UK postcode."""
    chars = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if len(chars) < 5:
        return None
    spaced = f"{chars[:-3]} {chars[-3:]}"
    return spaced if _VALID.fullmatch(spaced) else None
