"""Build the intervention catalogue the casework app ships (src/wholefamily/web/casework/data/interventions.yaml)
from the research extract (/work/shared/reference/interventions.yaml by default).

Only facts are carried over: the name, what kind of thing it is, who it is for, how it is delivered, the
headlines it works on, and the evidence rating with its source and date. The rating keeps its original wording;
beside it we record the EIF levels (4, 3, 2, NL2, with "+" where given) that the wording states. A rating that
names no EIF level gets none (its words are shown as they are), and an entry with no rating is "not rated".

    python scripts/build_interventions.py [REFERENCE] [OUTPUT]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path("/work/shared/reference/interventions.yaml")
OUTPUT = ROOT / "src/wholefamily/web/casework/data/interventions.yaml"

#: The documents behind the extract, by the number its ``sources`` lines start with.
DOCUMENTS = {
    "002": ("Early Intervention Foundation, Supporting Families evidence review: appendices", "May 2023"),
    "000": ("Early Intervention Foundation, Supporting Families evidence review: main report", "May 2023"),
    "001": ("Kantar, Supporting Families qualitative research", "February 2022"),
}
DELIVERY = {
    "group": "In a group",
    "individual": "One to one",
    "both": "In a group or one to one",
    "n/a": "Across a service (not a programme for one family)",
}
AREAS = {
    "system": "Whole system",
    "parenting": "Parenting",
    "parental_mental_health": "Mental health and therapy",
    "mental_health": "Mental health",
    "substance_misuse": "Drugs and alcohol",
    "family_conflict": "Family conflict and relationships",
    "domestic_abuse": "Domestic abuse",
    "employment": "Work",
    "youth_crime": "Youth crime",
}
_LEVEL = re.compile(r"(?<![\w.])([234])(\+?)(?![\w.])")
_NOT_LEVEL_2 = re.compile(r"\b(not at|below) level 2\b")


def eif_levels(rating: str | None) -> list[str]:
    """The EIF levels a rating's words state, strongest first: ``["3+", "3", "2"]`` for "mostly 3 or 3+; some 2".

    A rating counts as stating levels only when it starts with one ("3", "mostly 3 or 4 (...)"), so "strong
    (level 3+) in criminal justice settings" or "mostly below level 3" state none; "not at level 2" is NL2."""
    if not rating:
        return []
    text = rating.strip().lower()
    if _NOT_LEVEL_2.search(text):
        return ["NL2"]
    if not re.match(r"(mostly )?[234]\+?(?![\w.])", text):
        return []
    found = {number + plus for number, plus in _LEVEL.findall(text)}
    return sorted(found, key=lambda level: (level[0], level.endswith("+")), reverse=True)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "").split(" (")[0]).strip("-")


def _document(sources: list[str], basis: str) -> tuple[str, str]:
    """The document a rating was read from: the main report when the basis says so, else the first source."""
    if "000" in basis:
        return DOCUMENTS["000"]
    for source in sources:
        number = source.split(" ", 1)[0]
        if number in DOCUMENTS:
            return DOCUMENTS[number]
    return DOCUMENTS["002"]


def entry(item: dict[str, Any]) -> dict[str, Any]:
    rating = item.get("evidence_rating")
    basis = item.get("rating_basis") or ""
    document, date = _document(item.get("sources") or [], basis)
    evidence: dict[str, Any] = {"rating": rating, "levels": eif_levels(rating)}
    if rating:
        evidence.update({"rated_by": basis, "source": document, "date": date})
    return {
        "id": _slug(item["name"]),
        "name": item["name"],
        "kind": item["kind"],
        "area": AREAS.get(item["category"], item["category"].replace("_", " ").capitalize()),
        "for": item.get("target_population"),
        "ages": item.get("age_range"),
        "level_of_need": item.get("level_of_need"),
        "delivery": DELIVERY.get(item.get("delivery_model") or "", "Not stated"),
        "headlines": list(item.get("headlines") or []),
        "evidence": evidence,
    }


def build(reference: Path) -> list[dict[str, Any]]:
    items = yaml.safe_load(reference.read_text(encoding="utf-8"))
    entries = [entry(item) for item in items]
    ids = [e["id"] for e in entries]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise SystemExit(f"Two entries would share an id: {', '.join(duplicated)}")
    return sorted(entries, key=lambda e: e["name"].lower())


HEADER = """\
# The intervention catalogue of the casework app. Built by scripts/build_interventions.py from a research
# extract of the Early Intervention Foundation's Supporting Families evidence review (May 2023) and Kantar's
# qualitative research (February 2022); do not edit by hand, run the script again.
# evidence.rating: the review's own words (null: the review gives no rating). evidence.levels: the EIF levels
# (4, 3, 2, NL2; "+" where given) those words state, strongest first; empty when they state none.
# kind: intervention (a family can be referred to it) or system_approach (a way a service works).
"""


def main(argv: list[str]) -> None:
    reference = Path(argv[0]) if argv else REFERENCE
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(build(reference), sort_keys=False, allow_unicode=True, width=110)
    output.write_text(HEADER + text, encoding="utf-8")
    print(f"Wrote {output}")


if __name__ == "__main__":
    main(sys.argv[1:])
