"""Names and addresses as people write them: partner data arrives normalised to capitals for matching."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+")


def _word(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) > 2 and word.upper().startswith("MC"):
        return "Mc" + word[2:].capitalize()
    return word.capitalize()


def display_case(text: str) -> str:
    """``"SARAH-JANE O'NEILL"`` → ``"Sarah-Jane O'Neill"``, ``"MCDONALD"`` → ``"McDonald"``. Text that already
    has lower-case letters is left as the partner wrote it."""
    if text != text.upper():
        return text
    return _WORD.sub(_word, text)
