"""The claims register for the pipeline: ``casework/claims.csv``, the claims coordinators signed off in the
site, which the next ``wholefamily claims build`` reads as submitted (and whose evidence it freezes).

One row per family (published from the warehouse, by its registry id) and period, written with the claims
package's ``write_register``: ``submitted`` for a live sign-off, named by who signed it off and when (the
day in the site's time zone), with an override's reason; ``withdrawn`` for a period whose sign-offs were all
withdrawn, named by who withdrew the latest and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from wholefamily.claims.register import Claim, write_register
from wholefamily.web.casework.models import ClaimSignOff
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class ClaimsResult:
    path: Path
    claims: int


def export_claims(workspace: Workspace) -> ClaimsResult:
    """Write (or rewrite) the claims register from the sign-offs as they stand now."""
    sign_offs = (
        ClaimSignOff.objects.exclude(family__warehouse_id__isnull=True)
        .exclude(family__warehouse_id="")
        .select_related("family", "signed_off_by", "withdrawn_by")
        .order_by("withdrawn_at")
    )
    latest: dict[tuple[str, str], ClaimSignOff] = {}  # the live sign-off, else the latest withdrawn
    for s in sign_offs:
        key = (str(s.family.warehouse_id), s.period)
        if s.withdrawn_at is None or latest.get(key) is None or latest[key].withdrawn_at is not None:
            latest[key] = s
    claims = [_claim(family_id, s) for (family_id, _), s in latest.items()]
    write_register(workspace.claims_register, claims)
    return ClaimsResult(workspace.claims_register, len(claims))


def _claim(family_id: str, sign_off: ClaimSignOff) -> Claim:
    if sign_off.withdrawn_at is None:
        return Claim(
            family_id=family_id,
            period=sign_off.period,
            status="submitted",
            signed_off_by=sign_off.signed_off_by.username,
            signed_off_on=timezone.localdate(sign_off.signed_off_at),
            override_reason=sign_off.reason if sign_off.override else "",
        )
    assert sign_off.withdrawn_by is not None  # set with withdrawn_at
    return Claim(
        family_id=family_id,
        period=sign_off.period,
        status="withdrawn",
        signed_off_by=sign_off.withdrawn_by.username,
        signed_off_on=timezone.localdate(sign_off.withdrawn_at),
    )
