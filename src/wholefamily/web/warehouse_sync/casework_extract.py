"""Hand-made families and people as a partner extract, so that the pipeline links them like any other source.

A referral made by hand goes back into linkage as the ``casework_referrals`` source: a full-snapshot CSV
delivery ``extracts/<date>/casework_referrals.csv`` and its config ``sources/casework_referrals.yaml``
(``casework/data/casework_referrals.yaml``, copied once so a data manager may edit it).

The file has one row per family: every casework family, and any family with a person recorded in casework,
with its current members in one cell. A family's members are named in one record, which family formation reads
as a stated household (a partner's record key can name one row only, so a row per person would state nothing).
Each member is keyed by the family reference and their place in the family (members in the order they joined),
and carries the casework person id as the partner's own person id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from wholefamily.publish.records import CASEWORK_SOURCE
from wholefamily.reports import write_csv_atomically
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Family, Membership, Source
from wholefamily.workspace import Workspace

SOURCE = CASEWORK_SOURCE
FILE_NAME = f"{SOURCE}.csv"
HEADER = ("Family reference", "Referred on", "Members")
#: What the config's cell pattern reads; a member's values never contain these (they become spaces).
MEMBER_SEPARATOR, FIELD_SEPARATOR = ";", "|"
_UNSAFE = re.compile(r"[;|\s]+")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    families: int
    people: int
    config_written: bool


def export_casework(workspace: Workspace, delivery: dt.date) -> ExportResult:
    """Write (or rewrite) the delivery of ``delivery``'s date and the source config if it is missing; other
    deliveries are never touched. Every exported family gets an audit entry."""
    memberships = (
        Membership.objects.filter(end_date__isnull=True)
        .filter(Q(family__origin=Source.CASEWORK) | Q(person__origin=Source.CASEWORK))
        .select_related("family", "person")
        .order_by("family_id", "id")
    )
    rows: dict[int, tuple[Family, list[str]]] = {}
    people: set[int] = set()
    for membership in memberships:
        rows.setdefault(membership.family_id, (membership.family, []))[1].append(_member(membership))
        people.add(membership.person_id)
    path = workspace.extracts / delivery.isoformat() / FILE_NAME
    write_csv_atomically(
        path,
        HEADER,
        [
            (family.reference, family.created_at.date().isoformat(), f"{MEMBER_SEPARATOR} ".join(members))
            for family, members in rows.values()
        ],
    )
    config_written = _write_config(workspace)
    shown = path.relative_to(workspace.root).as_posix()
    with transaction.atomic():
        AuditEntry.objects.bulk_create(
            AuditEntry(
                action=AuditEntry.Action.EXPORT,
                object_type="family",
                object_id=str(family.pk),
                family_id=family.pk,
                summary=f"Members sent to the data pipeline in {shown}",
                detail={"file": shown, "members": len(members)},
                channel="cli",
            )
            for family, members in rows.values()
        )
    return ExportResult(path, len(rows), len(people), config_written)


def _member(membership: Membership) -> str:
    """One member as the config's cell pattern reads it. A parent living elsewhere has only an address of
    their own: the referral copies the family's address to everyone, and that one is not theirs."""
    person, family = membership.person, membership.family
    address, postcode = person.address or family.address, person.postcode or family.postcode
    if not membership.resident and (address, postcode) == (family.address, family.postcode):
        address = postcode = ""
    born = person.date_of_birth.isoformat() if person.date_of_birth else ""
    values = (
        str(person.pk),
        person.first_name,
        person.surname,
        born,
        person.sex,
        membership.role,
        address,
        postcode,
    )
    return FIELD_SEPARATOR.join(_UNSAFE.sub(" ", value).strip() for value in values)


def _write_config(workspace: Workspace) -> bool:
    """Copy the shipped source config into the workspace unless one is there already (it may have been edited)."""
    target = workspace.sources / f"{SOURCE}.yaml"
    if target.exists():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shipped = resources.files("wholefamily.web.casework").joinpath(f"data/{SOURCE}.yaml")
    target.write_text(shipped.read_text("utf-8"), "utf-8")
    return True
