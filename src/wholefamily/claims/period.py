"""Claim periods: calendar quarters written ``2027Q1`` (January to March 2027), as results are paid quarterly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from wholefamily.claims.errors import ClaimsError

_PERIOD = re.compile(r"^(\d{4})Q([1-4])$")


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int

    @property
    def name(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        following = dt.date(self.year + self.quarter // 4, 3 * self.quarter % 12 + 1, 1)
        return following - dt.timedelta(days=1)


def parse_period(text: str) -> Period:
    """``2027Q1`` → the quarter; anything else is refused with the expected form."""
    found = _PERIOD.match(text.strip())
    if found is None:
        raise ClaimsError(f"{text!r} is not a claim period: write the year and quarter, such as 2027Q1")
    return Period(int(found.group(1)), int(found.group(2)))


def period_of(day: dt.date) -> Period:
    """The quarter ``day`` falls in."""
    return Period(day.year, (day.month - 1) // 3 + 1)
