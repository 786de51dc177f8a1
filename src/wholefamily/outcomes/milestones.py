"""Casework milestones: the file the casework site writes into the workspace and ``outcomes`` reads.

Casework and the pipeline meet in one direction only, like the casework referrals extract: the site
exports ``casework/milestones.csv`` (one row per family worked with) and the pipeline never opens the
site's database. The file is checked whole on reading; every bad row is listed with its line and field.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from wholefamily.outcomes.errors import OutcomesError

COLUMNS = (
    "family_id",
    "worked_with_start",
    "assessment_date",
    "plan_date",
    "closure_date",
    "closure_reason",
    "lead_practitioner",
)
#: a file written before the lead practitioner was exported has no such column: read as none recorded
REQUIRED = COLUMNS[:-1]
DATES = ("worked_with_start", "assessment_date", "plan_date", "closure_date")
#: (earlier, later) pairs a family's milestones must keep, each only when both are given (a plan may be
#: begun before the assessment is complete)
ORDER = (
    ("worked_with_start", "assessment_date"),
    ("worked_with_start", "plan_date"),
    ("worked_with_start", "closure_date"),
    ("assessment_date", "closure_date"),
    ("plan_date", "closure_date"),
)
REASON = re.compile(r"^[a-z][a-z_]*$")


@dataclass(frozen=True)
class Milestone:
    """One family's work as casework recorded it (the family's registry id, as published)."""

    family_id: str
    worked_with_start: dt.date
    assessment_date: dt.date | None
    plan_date: dt.date | None
    closure_date: dt.date | None
    closure_reason: str | None
    lead_practitioner: str | None  # as the site names the practitioner; None: none recorded


@dataclass(frozen=True)
class Milestones:
    path: Path
    sha256: str
    rows: list[Milestone]


def read_milestones(path: Path) -> Milestones:
    """The file's rows, or an ``OutcomesError`` listing every problem (file, line and field)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise OutcomesError(
            f"{path}: cannot read the casework milestones ({exc.strerror}); `wholefamily export-casework` "
            "writes it from the casework site (and `wholefamily generate --closures` for a synthetic authority)"
        ) from exc
    reader = csv.DictReader(raw.decode("utf-8-sig").splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise OutcomesError(f"{path}: missing columns {', '.join(missing)} (expected {', '.join(COLUMNS)})")
    rows: list[Milestone] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, record in enumerate(reader, start=2):
        found = _row(record, f"{path}, line {line}", problems)
        if found is None:
            continue
        if found.family_id in seen:
            problems.append(
                f"{path}, line {line}, family_id: {found.family_id} is also on line {seen[found.family_id]}"
            )
        seen.setdefault(found.family_id, line)
        rows.append(found)
    if problems:
        raise OutcomesError(
            "the casework milestones are not valid, so nothing was run:\n"
            + "\n".join(f"- {p}" for p in problems)
        )
    return Milestones(path, hashlib.sha256(raw).hexdigest(), rows)


def _row(record: dict[str, str | None], where: str, problems: list[str]) -> Milestone | None:
    text = {c: (record.get(c) or "").strip() for c in COLUMNS}
    before = len(problems)
    dates: dict[str, dt.date | None] = {}
    for column in DATES:
        dates[column] = None
        if text[column]:
            try:
                dates[column] = dt.date.fromisoformat(text[column])
            except ValueError:
                problems.append(f"{where}, {column}: {text[column]!r} is not a date (YYYY-MM-DD)")
    if not text["family_id"]:
        problems.append(f"{where}, family_id: empty")
    if not text["worked_with_start"]:
        problems.append(f"{where}, worked_with_start: empty (every family in the file was worked with)")
    for first, then in ORDER:
        a, b = dates[first], dates[then]
        if a is not None and b is not None and b < a:
            problems.append(f"{where}, {then}: {b} is before {first} {a}")
    reason = text["closure_reason"]
    if text["closure_date"] and not reason:
        problems.append(f"{where}, closure_reason: empty, but the case has a closure_date")
    elif reason and not text["closure_date"]:
        problems.append(f"{where}, closure_date: empty, but the case has a closure_reason")
    elif reason and not REASON.match(reason):
        problems.append(f"{where}, closure_reason: {reason!r} is not a reason code (such as outcomes_met)")
    if len(problems) > before:
        return None
    start = dates["worked_with_start"]
    assert start is not None  # checked above
    return Milestone(
        text["family_id"],
        start,
        dates["assessment_date"],
        dates["plan_date"],
        dates["closure_date"],
        reason or None,
        text["lead_practitioner"] or None,
    )
