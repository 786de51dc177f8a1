"""The claims register: ``casework/claims.csv``, the claims a coordinator signed off (or withdrew) in the site.

Like the milestones, it reaches the pipeline as a file the site writes (``wholefamily export-casework``,
through ``write_register``), never from the site's database. One row per family and period: ``family_id``
(registry id, as published), ``period`` (``2027Q1``), ``status`` (``submitted`` or ``withdrawn``),
``signed_off_by`` (who decided, as the site names them), ``signed_off_on`` (``YYYY-MM-DD``) and
``override_reason`` (why a family the rules found not claimable was signed off by a local discretionary
override; empty otherwise, and a file without the column is read as no overrides). A family may be
submitted for one period only. The file is checked whole on reading, every bad row named with its line and
field; no file means nothing has been claimed yet. ``write_register`` writes ``claims.dictionary.csv``
beside it: each field, its type and meaning (``DICTIONARY``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from wholefamily.claims.errors import ClaimsError
from wholefamily.claims.period import parse_period
from wholefamily.reports import write_csv_atomically

REQUIRED = ("family_id", "period", "status", "signed_off_by", "signed_off_on")
COLUMNS = (*REQUIRED, "override_reason")
#: the register's fields: name → (type, meaning), written beside it as ``claims.dictionary.csv``
DICTIONARY: dict[str, tuple[str, str]] = {
    "family_id": ("text", "The family's registry id, as published to the casework site."),
    "period": ("text", "The claim period, a calendar quarter (2027Q1 is January to March 2027)."),
    "status": (
        "text",
        "submitted: signed off by the coordinator; withdrawn: the sign-off was withdrawn before submission.",
    ),
    "signed_off_by": ("text", "Who signed the claim off (or withdrew it), by their username in the site."),
    "signed_off_on": ("date", "When it was signed off (or withdrawn), YYYY-MM-DD."),
    "override_reason": (
        "text",
        "Why a family the claim rules found not claimable was signed off by a local discretionary override, "
        "as the coordinator recorded it; empty for a claim signed off as claimable.",
    ),
}
OVERRIDE_REASON_LENGTH = 500
STATUSES = ("submitted", "withdrawn")
Status = Literal["submitted", "withdrawn"]


@dataclass(frozen=True)
class Claim:
    family_id: str
    period: str
    status: Status
    signed_off_by: str
    signed_off_on: dt.date
    override_reason: str = ""


@dataclass(frozen=True)
class Register:
    path: Path
    sha256: str | None  # None: no file yet
    claims: list[Claim]


def read_register(path: Path) -> Register:
    """The file's claims, or a ``ClaimsError`` listing every problem (file, line and field)."""
    if not path.is_file():
        return Register(path, None, [])
    raw = path.read_bytes()
    reader = csv.DictReader(raw.decode("utf-8-sig").splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ClaimsError(f"{path}: missing columns {', '.join(missing)} (expected {', '.join(COLUMNS)})")
    claims: list[Claim] = []
    problems: list[str] = []
    lines: dict[tuple[str, str], int] = {}
    submitted: dict[str, tuple[str, int]] = {}
    for line, record in enumerate(reader, start=2):
        where = f"{path}, line {line}"
        claim = _row(record, where, problems)
        if claim is None:
            continue
        key = (claim.family_id, claim.period)
        if key in lines:
            problems.append(
                f"{where}, period: {claim.family_id} for {claim.period} is also on line {lines[key]}"
            )
        lines.setdefault(key, line)
        if claim.status == "submitted":
            if claim.family_id in submitted:
                period, first = submitted[claim.family_id]
                problems.append(
                    f"{where}, status: {claim.family_id} was already submitted for {period} on line {first} "
                    "(a family is claimed once)"
                )
            submitted.setdefault(claim.family_id, (claim.period, line))
        claims.append(claim)
    if problems:
        raise ClaimsError(
            "the claims register is not valid, so nothing was run:\n" + "\n".join(f"- {p}" for p in problems)
        )
    return Register(path, hashlib.sha256(raw).hexdigest(), claims)


def write_register(path: Path, claims: Iterable[Claim]) -> None:
    """Replace the register in one step (for the site's export), in a stable order, with its data
    dictionary beside it."""
    rows = sorted(claims, key=lambda c: (c.period, c.family_id))
    write_csv_atomically(
        path,
        COLUMNS,
        [
            (c.family_id, c.period, c.status, c.signed_off_by, c.signed_off_on.isoformat(), c.override_reason)
            for c in rows
        ],
    )
    write_csv_atomically(
        dictionary_path(path),
        ["field", "type", "description"],
        [[name, kind, meaning] for name, (kind, meaning) in DICTIONARY.items()],
    )


def dictionary_path(path: Path) -> Path:
    """``claims.dictionary.csv`` beside ``claims.csv``."""
    return path.with_suffix(".dictionary.csv")


def _row(record: dict[str, str | None], where: str, problems: list[str]) -> Claim | None:
    text = {c: (record.get(c) or "").strip() for c in REQUIRED}
    before = len(problems)
    for column in ("family_id", "signed_off_by"):
        if not text[column]:
            problems.append(f"{where}, {column}: empty")
    try:
        parse_period(text["period"])
    except ClaimsError as exc:
        problems.append(f"{where}, period: {exc}")
    if text["status"] not in STATUSES:
        problems.append(f"{where}, status: {text['status']!r} is not one of {', '.join(STATUSES)}")
    signed: dt.date | None = None
    try:
        signed = dt.date.fromisoformat(text["signed_off_on"])
    except ValueError:
        problems.append(f"{where}, signed_off_on: {text['signed_off_on']!r} is not a date (YYYY-MM-DD)")
    reason = (record.get("override_reason") or "").strip()
    if len(reason) > OVERRIDE_REASON_LENGTH:
        problems.append(f"{where}, override_reason: longer than {OVERRIDE_REASON_LENGTH} characters")
    if len(problems) > before or signed is None:
        return None
    return Claim(
        text["family_id"], text["period"], cast(Status, text["status"]), text["signed_off_by"], signed, reason
    )
