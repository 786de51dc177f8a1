"""Date formats a partner may write, how to say them to a person, and which few cover a column."""

from __future__ import annotations

#: Formats tried on every column, in order of preference (day before month: English partners write so).
CANDIDATES = (
    "iso",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %y",
    "%Y%m%d",
    "%d%m%Y",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "excel_serial",
)
_WORDS = {
    "%d": "dd",
    "%m": "mm",
    "%Y": "yyyy",
    "%y": "yy",
    "%b": "Mon",
    "%B": "Month",
    "%H": "hh",
    "%M": "mi",
    "%S": "ss",
}
_SHOWN = {"iso": "ISO (yyyy-mm-dd, perhaps with a time)", "excel_serial": "Excel day numbers"}
#: A format joins the chosen ones only if it reads at least this share of the values the others leave.
_WORTH = 0.01


def describe(fmt: str) -> str:
    """A format as a person reads it: ``%d/%m/%Y`` -> ``dd/mm/yyyy``."""
    if fmt in _SHOWN:
        return _SHOWN[fmt]
    for code, word in _WORDS.items():
        fmt = fmt.replace(code, word)
    return fmt


def choose_formats(read_by: dict[str, set[int]], filled: int) -> tuple[list[str], list[tuple[str, float]]]:
    """The formats that together read the most values (greedily, at most three), with each one's share.

    ``read_by`` gives, for each format, the positions of the values it reads as a date.
    """
    chosen: list[str] = []
    shares: list[tuple[str, float]] = []
    left = set().union(*read_by.values()) if read_by else set()
    while left and len(chosen) < 3:
        fmt = max(CANDIDATES, key=lambda f: len(read_by.get(f, set()) & left))
        gained = read_by.get(fmt, set()) & left
        if not gained or (chosen and len(gained) < _WORTH * filled):
            break
        chosen.append(fmt)
        shares.append((fmt, len(gained) / filled))
        left -= gained
    return chosen, shares
