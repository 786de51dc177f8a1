"""Naming a draft: the source id and title from the file name, the ``files`` glob, a guess at the agency."""

from __future__ import annotations

import glob
import re
from pathlib import Path

from wholefamily.ingest.drafting.headers import words

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
#: Dates in file names: 2026-10-31, 20261031, 31102026, 2026-10, October 2026, Oct26, 31 Oct 2026.
DATE_IN_NAME = re.compile(
    rf"(?i)(?:\d{{1,2}}[ _-]?)?(?<![a-z]){_MONTH}[ _-]?\d{{2,4}}|\d{{4}}[-_.]\d{{2}}(?:[-_.]\d{{2}})?|\d{{8}}|\d{{6}}|(?<!\d)20\d{{2}}(?!\d)"
)
_DATED_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
AGENCY_WORDS = {
    "education": (
        "school",
        "pupil",
        "upn",
        "attendance",
        "exclusion",
        "exclusions",
        "suspension",
        "adno",
        "mis",
    ),
    "police": ("police", "occurrence", "occurrences", "incident", "incidents", "crime", "constabulary"),
    "health": (
        "nhs",
        "mh",
        "patient",
        "health",
        "maternity",
        "hv",
        "camhs",
        "treatment",
        "substance",
        "mrn",
        "gp",
    ),
    "housing": ("tenancy", "tenant", "arrears", "housing", "homeless", "homelessness", "hclic", "rent"),
    "dwp": ("dwp", "benefit", "benefits", "nino", "claim", "claimant"),
    "youth_justice": ("yjs", "yot", "offence", "offences", "youth"),
    "childrens_social_care": ("csc", "social", "episode", "episodes", "cin"),
}


def name_pattern(name: str) -> str:
    """The file name with its dates as ``*`` (glob characters escaped): next month's file matches too."""
    parts = DATE_IN_NAME.split(name)
    return "*".join(glob.escape(p) for p in parts)


def files_glob(path: Path, workspace: Path | None) -> tuple[str, str]:
    """(``files`` glob relative to the workspace, why): dated folders and dates in the name become ``*``."""
    pattern = name_pattern(path.name)
    try:
        folders = path.resolve().parent.relative_to(workspace.resolve()).parts if workspace else None
    except ValueError:
        folders = None
    if folders is None:
        return f"extracts/*/{pattern}", "the usual place: extracts/<delivery date>/; check it"
    shown = ["*" if _DATED_FOLDER.search(f) else glob.escape(f) for f in folders]
    dated = "*" in shown or "*" in pattern
    why = "where the file is, with its delivery dates as *" if dated else "where the file is"
    return "/".join([*shown, pattern]), why


def source_id(path: Path) -> str:
    """lower_snake_case words of the file name without its dates: ``MIS_Contacts_31102026.csv`` -> mis_contacts."""
    words = re.sub(r"[^a-z0-9]+", "_", DATE_IN_NAME.sub(" ", path.stem).lower()).strip("_") or "source"
    return words if words[0].isalpha() else f"source_{words}"


def title(path: Path) -> str:
    words = " ".join(re.sub(r"[_\s]+", " ", DATE_IN_NAME.sub(" ", path.stem)).split())
    return words[:1].upper() + words[1:] if words else path.stem


def agency(path: Path, columns: list[str]) -> tuple[str, str]:
    """The agency whose words the file name and headers use most, with the words found."""
    found = [*words(path.stem), *(w for c in columns for w in words(c))]
    scores = {name: [w for w in found if w in hints] for name, hints in AGENCY_WORDS.items()}
    best = max(scores, key=lambda a: len(scores[a]))
    if not scores[best]:
        return "unknown", "no agency's words in the file name or headers: write the partner agency"
    return best, f"guessed from {', '.join(sorted(set(scores[best])))} in the file name and headers"
