"""Check rules of the identifiers English partner data carries: NHS number, pupil UPN, NI number.

Pure functions shared by the ingest validators (which apply the same rules set-based in SQL) and the
synthetic generator (which must write valid identifiers, and some invalid ones on purpose).
"""

from __future__ import annotations

import re

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # 23 letters: I, O and S are never used
NI_FIRST_LETTERS = "ABCEGHJKLMNOPRSTWXYZ"  # not D, F, I, Q, U, V
NI_SECOND_LETTERS = "ABCEGHJKLMNPRSTWXYZ"  # also not O
NI_BANNED_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
NI_SUFFIXES = "ABCD"

_NI_PATTERN = re.compile(rf"[{NI_FIRST_LETTERS}][{NI_SECOND_LETTERS}][0-9]{{6}}[{NI_SUFFIXES}]")
# ASCII digits only: str.isdigit and \d also accept other scripts' digits, which no identifier uses.
_DIGITS_9 = re.compile(r"[0-9]{9}")
_DIGITS_10 = re.compile(r"[0-9]{10}")
_DIGITS_12 = re.compile(r"[0-9]{12}")


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no valid NHS number has them."""
    if not _DIGITS_9.fullmatch(first_nine):
        raise ValueError("an NHS number's first part is nine digits")
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(text: str) -> bool:
    digits = re.sub(r"[\s-]", "", text)
    if not _DIGITS_10.fullmatch(digits):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def upn_check_letter(last_twelve: str) -> str:
    """The check letter of a permanent UPN: weights 2..13 on its twelve digits, modulus 23."""
    if not _DIGITS_12.fullmatch(last_twelve):
        raise ValueError("a permanent UPN's last part is twelve digits")
    total = sum(int(d) * w for d, w in zip(last_twelve, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23]


def is_valid_upn(text: str) -> bool:
    upn = text.strip().upper()
    if not re.fullmatch(r"[A-Z][0-9]{12}", upn):
        return False
    return upn[0] == upn_check_letter(upn[1:])


def is_valid_ni_number(text: str) -> bool:
    ni = re.sub(r"\s", "", text).upper()
    return bool(_NI_PATTERN.fullmatch(ni)) and ni[:2] not in NI_BANNED_PREFIXES
