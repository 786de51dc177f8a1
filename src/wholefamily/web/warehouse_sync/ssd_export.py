"""Our early help casework as a Standard Safeguarding Dataset extract: ``ssd_person``, ``ssd_family`` and
``ssd_early_help_episodes`` with exactly the model's columns (``ingest.ssd_model``), for a case system, a
regional dataset or another council.

An episode is a referral the front door routed to early help, from the day it was received to the family's
first closure after it (blank while the work is open, or when the family was referred again before any
closure); its end reason is the closure's reason. The episode is the family's, and the model's is a person's,
so each child in the family when it was referred gets a row (every member when it has no child). Everyone in
an exported family is in ``ssd_person`` and ``ssd_family``; people are keyed by their casework record (stable
from one export to the next), families by their reference. Our ethnic groups are written as the DfE codes for
"any other" background of each group (``white`` as ``WOTH``), the only codes they determine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from wholefamily.ingest.ssd_model import EPISODES, FAMILY, PERSON, ssd_model
from wholefamily.reports import write_csv_atomically
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Closure, Family, Membership, Person, Referral

SEX = {"male": ("M", "01"), "female": ("F", "02")}
ETHNICITY = {
    "white": "WOTH",
    "mixed": "MOTH",
    "asian": "AOTH",
    "black": "BOTH",
    "other": "OOTH",
    "not_stated": "NOBT",
}
_SPACE = re.compile(r"\s+")
#: A row of one table: column -> value (columns left out are blank).
Row = dict[str, str]


@dataclass(frozen=True)
class SsdExportResult:
    folder: Path
    people: int
    families: int
    episodes: int


def person_id(person: Person) -> str:
    return f"WFP{person.pk:07d}"


def export_ssd(folder: Path) -> SsdExportResult:
    """Write the three tables into ``folder`` (replacing them); every exported family gets an audit entry."""
    referrals = (
        Referral.objects.filter(route=Referral.Route.EARLY_HELP)
        .select_related("family__team", "family__lead_practitioner")
        .prefetch_related("family__closures", "family__memberships__person")
        .order_by("family_id", "received_on", "pk")
    )
    by_family: dict[int, list[Referral]] = {}
    for referral in referrals:
        by_family.setdefault(referral.family_id, []).append(referral)
    episodes: list[Row] = []
    families: list[Row] = []
    people: dict[int, Person] = {}
    for referred in by_family.values():
        family = referred[0].family
        memberships = sorted(family.memberships.all(), key=lambda m: m.pk)
        for referral, later in zip(referred, [*referred[1:], None], strict=True):
            episodes += _episodes(family, referral, later, memberships)
        for m in _distinct(memberships):
            people[m.person_id] = m.person
            families.append(
                {
                    "fami_table_id": f"{family.reference}-{person_id(m.person)}",
                    "fami_family_id": family.reference,
                    "fami_person_id": person_id(m.person),
                }
            )
    tables = ssd_model().tables
    for name, rows in (
        (PERSON, [_person(people[pk]) for pk in sorted(people)]),
        (FAMILY, families),
        (EPISODES, episodes),
    ):
        table = tables[name]
        write_csv_atomically(
            folder / table.file_name, table.columns, [[r.get(c, "") for c in table.columns] for r in rows]
        )
    with transaction.atomic():
        AuditEntry.objects.bulk_create(
            AuditEntry(
                action=AuditEntry.Action.EXPORT,
                object_type="family",
                object_id=str(pk),
                family_id=pk,
                summary=f"Early help episodes exported as a Standard Safeguarding Dataset extract to {folder}",
                detail={"folder": str(folder), "referrals": len(referred)},
                channel="cli",
            )
            for pk, referred in by_family.items()
        )
    return SsdExportResult(folder, len(people), len(by_family), len(episodes))


def _episodes(
    family: Family, referral: Referral, later: Referral | None, memberships: list[Membership]
) -> list[Row]:
    """The referral's episode, a row for each child in the family on the day it was received."""
    start = referral.received_on
    until = later.received_on if later is not None else dt.date.max
    closure = min(
        (c for c in family.closures.all() if start <= c.closed_on < until),
        key=lambda c: (c.closed_on, c.pk),
        default=None,
    )
    model = ssd_model()
    present = _distinct(m for m in memberships if _member_on(m, start))
    children = [m for m in present if m.role == Membership.Role.CHILD] or present
    worker = family.lead_practitioner.get_username() if family.lead_practitioner is not None else ""
    return [
        {
            "earl_episode_id": f"{family.reference}-R{referral.pk}-{person_id(m.person)}",
            "earl_person_id": person_id(m.person),
            "earl_episode_start_date": model.format_date(start),
            "earl_episode_end_date": model.format_date(closure.closed_on if closure is not None else None),
            "earl_episode_reason": _SPACE.sub(" ", referral.reason).strip(),
            "earl_episode_end_reason": Closure.Reason(closure.reason).label if closure is not None else "",
            "earl_episode_organisation": family.team.name if family.team is not None else "",
            "earl_episode_worker_id": worker[:100],
        }
        for m in children
    ]


def _member_on(membership: Membership, day: dt.date) -> bool:
    began = membership.start_date is None or membership.start_date <= day
    return began and (membership.end_date is None or membership.end_date >= day)


def _distinct(memberships: Iterable[Membership]) -> list[Membership]:
    """One membership per person (someone who left and came back has two), by person."""
    first: dict[int, Membership] = {}
    for m in memberships:
        first.setdefault(m.person_id, m)
    return sorted(first.values(), key=lambda m: m.person_id)


def _person(person: Person) -> Row:
    sex, gender = SEX.get(person.sex, ("U", "00"))
    return {
        "pers_person_id": person_id(person),
        "pers_forename": person.first_name,
        "pers_surname": person.surname,
        "pers_sex": sex,
        "pers_gender": gender,
        "pers_ethnicity": ETHNICITY.get(person.ethnicity, ""),
        "pers_dob": ssd_model().format_date(person.date_of_birth),
        "pers_single_unique_id": person.nhs_number,
    }
