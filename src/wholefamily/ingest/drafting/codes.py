"""Partner codes: which short code lists may be written into a draft, and our codes for the usual ones."""

from __future__ import annotations

from wholefamily.ingest.drafting.profile import Profile

#: A code longer than this is not written into a draft: it might be more than a code.
LONGEST_CODE = 16

SEX = {
    "m": "male",
    "male": "male",
    "1": "male",
    "f": "female",
    "female": "female",
    "2": "female",
    "u": "unknown",
    "unknown": "unknown",
    "not known": "unknown",
    "nk": "unknown",
    "9": "unknown",
    "0": "unknown",
    "not specified": "unknown",
    "x": "other",
    "i": "other",
    "other": "other",
    "indeterminate": "other",
}
#: The DfE's ethnicity codes and the NHS data dictionary's one-letter categories.
ETHNICITY = {
    **dict.fromkeys(["wbri", "wiri", "wirt", "woth", "wrom", "a", "b", "c"], "white"),
    **dict.fromkeys(["mwbc", "mwba", "mwas", "moth", "d", "e", "f", "g"], "mixed"),
    **dict.fromkeys(["aind", "apkn", "aban", "aoth", "h", "j", "k", "l"], "asian"),
    **dict.fromkeys(["bcrb", "bafr", "both", "m", "n", "p"], "black"),
    **dict.fromkeys(["chne", "ooth", "r", "s"], "other"),
    **dict.fromkeys(["refu", "nobt", "z"], "not_stated"),
}
_ETHNIC_WORDS = (
    ("white", "white"),
    ("mixed", "mixed"),
    ("asian", "asian"),
    ("black", "black"),
    ("refused", "not_stated"),
    ("not stated", "not_stated"),
    ("other", "other"),
)


def short_codes(profile: Profile) -> list[str]:
    """The column's values when they are a short code list (at most ten, each short), else none."""
    if not profile.top or any(len(code) > LONGEST_CODE for code, _ in profile.top):
        return []
    return [code for code, _ in profile.top]


def code_map(codes: list[str], known: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(partner code -> our code, the codes without a guess)."""
    mapped = {c: known[c.lower()] for c in codes if c.lower() in known}
    return mapped, [c for c in codes if c not in mapped]


def ethnicity_map(codes: list[str]) -> tuple[dict[str, str], list[str]]:
    """Known codes, else the first group word a label holds ("White British" -> white)."""
    mapped, left = code_map(codes, ETHNICITY)
    for code in list(left):
        word = next((ours for w, ours in _ETHNIC_WORDS if w in code.lower()), None)
        if word is not None:
            mapped[code] = word
            left.remove(code)
    return mapped, left
