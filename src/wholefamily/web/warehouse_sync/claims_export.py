"""The claims register for the pipeline: ``casework/claims.csv``, the claims coordinators signed off in the
site, which the next ``wholefamily claims build`` reads as submitted (and whose evidence it freezes).

One row per signed-off claim of a family published from the warehouse (its registry id), written with the
claims package's ``write_register``; the coordinator is named by username, the day is the sign-off's date
in the site's time zone. An override is a sign-off like any other here (its reason stays in the site).
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
        .select_related("family", "signed_off_by")
    )
    claims = [
        Claim(
            family_id=str(s.family.warehouse_id),
            period=s.period,
            status="submitted",
            signed_off_by=s.signed_off_by.username,
            signed_off_on=timezone.localdate(s.signed_off_at),
        )
        for s in sign_offs
    ]
    write_register(workspace.claims_register, claims)
    return ClaimsResult(workspace.claims_register, len(claims))
