"""A regular expression matching exactly the ``YYYY-MM-DD`` dates from 1 January 1900 to a given day, real
calendar dates only (29 February in leap years alone). OpenAPI has no keyword for a range of dates, so the
schema states the range the API enforces as this pattern: a client, or a fuzzer, can tell from the schema alone
which dates are accepted."""

from __future__ import annotations

import calendar
import datetime as dt

from wholefamily.web.forms import EARLIEST


def _below(limit: str) -> list[str]:
    """Patterns for the digit strings of ``limit``'s width that are smaller than it."""
    parts = []
    for position, digit in enumerate(limit):
        if digit != "0":
            smaller = "0" if digit == "1" else f"[0-{int(digit) - 1}]"
            parts.append(limit[:position] + smaller + r"\d" * (len(limit) - position - 1))
    return parts


def _days(upto: int) -> str:
    """Days 01 to ``upto`` (28 to 31)."""
    return "|".join([r"0[1-9]", r"1\d", r"2[0-8]", *(str(day) for day in range(29, upto + 1))])


#: Month and day in a year that is not a leap year.
_MONTH_DAY = rf"(?:0[1-9]|1[0-2])-(?:{_days(28)})|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31"


def dates_up_to(latest: dt.date) -> str:
    """``^(…)$`` matching the real dates from ``EARLIEST`` (1 January 1900) to ``latest``, both included."""
    assert EARLIEST.year == 1900 < latest.year < 3000
    whole_years = [r"19\d\d"] if latest.year > 1900 else []
    whole_years += ["2" + part for part in _below(f"{latest.year - 2000:03d}")] if latest.year > 2000 else []
    leap_years = [str(year) for year in range(1901, latest.year) if calendar.isleap(year)]
    alternatives = [f"(?:{'|'.join(whole_years)})-(?:{_MONTH_DAY})", f"(?:{'|'.join(leap_years)})-02-29"]
    year = latest.year
    for month in range(1, latest.month):
        alternatives.append(f"{year}-{month:02d}-(?:{_days(calendar.monthrange(year, month)[1])})")
    days = [f"{day:02d}" for day in range(1, latest.day + 1)]
    alternatives.append(f"{year}-{latest.month:02d}-(?:{'|'.join(days)})")
    return f"^(?:{'|'.join(alternatives)})$"
