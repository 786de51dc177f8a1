"""What the claims pages do: a period's candidates, the coordinator's sign-off (a not-claimable family only
by a local discretionary override with a recorded reason) and its withdrawal (with a reason, until the
claims build submits the claim), the auditor's sample and spot checks, and a claim's evidence pack. Each
step writes one audit entry, filed under the family where there is one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.claims.sample import draw
from wholefamily.web.casework.models import (
    AuditSample,
    ClaimCandidate,
    ClaimSignOff,
    Need,
    SampledClaim,
    Source,
)

_PERIOD = re.compile(r"^\d{4}Q[1-4]$")
NO_HEADLINE = "none"


class SignOffRefused(Exception):
    """Why a claim cannot be signed off (shown to the coordinator)."""


def valid_period(period: str) -> bool:
    return bool(_PERIOD.match(period))


def periods() -> list[str]:
    """The periods with published candidates, the latest first."""
    found = ClaimCandidate.objects.values_list("period", flat=True).distinct()
    return sorted(set(found), reverse=True)


def candidates(period: str) -> QuerySet[ClaimCandidate]:
    return ClaimCandidate.objects.filter(period=period).select_related("family").order_by("status", "family")


def with_sign_offs(found: QuerySet[ClaimCandidate]) -> QuerySet[ClaimCandidate]:
    """``found`` with each family's sign-offs (withdrawn ones too, oldest first) and who made them."""
    return found.prefetch_related(
        Prefetch(
            "family__claim_sign_offs",
            ClaimSignOff.objects.select_related("signed_off_by", "withdrawn_by").order_by("signed_off_at"),
        )
    )


def candidate(period: str, pk: int, *, sign_offs: bool = False) -> ClaimCandidate | None:
    """The period's claim candidate ``pk`` with its family (and, with ``sign_offs``, as ``with_sign_offs``),
    or None."""
    found = candidates(period)
    return (with_sign_offs(found) if sign_offs else found).filter(pk=pk).first()


def sign_offs(period: str) -> QuerySet[ClaimSignOff]:
    """The period's live (not withdrawn) sign-offs."""
    return ClaimSignOff.objects.live().filter(period=period).select_related("family", "signed_off_by")


@dataclass(frozen=True)
class ReviewRow:
    candidate: ClaimCandidate
    sign_off: ClaimSignOff | None
    #: Signed off for another period (a family is claimed once).
    elsewhere: str | None
    #: The latest withdrawn sign-off for this period, when there is no live one.
    withdrawn: ClaimSignOff | None = None


def review_rows(period: str) -> list[ReviewRow]:
    rows = list(candidates(period))
    families = [r.family_id for r in rows]
    signed = {s.family_id: s for s in ClaimSignOff.objects.live().filter(family__in=families)}
    withdrawn = {
        s.family_id: s
        for s in ClaimSignOff.objects.filter(family__in=families, period=period, withdrawn_at__isnull=False)
        .select_related("withdrawn_by")
        .order_by("withdrawn_at")
    }
    result = []
    for row in rows:
        done = signed.get(row.family_id)
        if done is not None and done.period != period:
            result.append(ReviewRow(row, None, done.period))
        else:
            result.append(ReviewRow(row, done, None, None if done else withdrawn.get(row.family_id)))
    return result


def live_sign_off(candidate: ClaimCandidate) -> ClaimSignOff | None:
    """The candidate's family's live sign-off for the candidate's period, if any."""
    return (
        ClaimSignOff.objects.live()
        .filter(family=candidate.family_id, period=candidate.period)
        .select_related("signed_off_by")
        .first()
    )


def sign_off(request: HttpRequest, user: User, candidate: ClaimCandidate, reason: str) -> ClaimSignOff:
    """Sign off ``candidate``'s claim: a not-claimable one is a local discretionary override and needs
    ``reason``."""
    override = candidate.status == ClaimCandidate.Status.NOT_CLAIMABLE
    if override and not reason.strip():
        raise SignOffRefused("Give the reason for the local discretionary override")
    with transaction.atomic():
        earlier = ClaimSignOff.objects.live().filter(family=candidate.family).first()
        if earlier is not None:
            raise SignOffRefused(
                f"Family {candidate.family.reference} is already signed off for {earlier.period}"
            )
        done = ClaimSignOff.objects.create(
            family=candidate.family,
            period=candidate.period,
            signed_off_by=user,
            override=override,
            reason=reason.strip(),
        )
        kind = "with a local discretionary override" if override else "as claimable"
        audit.record(
            user,
            AuditEntry.Action.CREATE,
            request=request,
            obj=done,
            family_id=candidate.family_id,
            summary=f"Signed off the {candidate.period} claim of {candidate.family.reference} {kind}",
            detail={"period": candidate.period, "override": override, "reason": done.reason},
        )
    return done


def withdraw(request: HttpRequest, user: User, candidate: ClaimCandidate, reason: str) -> ClaimSignOff:
    """Withdraw the live sign-off of ``candidate``'s claim, with ``reason``: only before the claims build has
    submitted it (once submitted, its evidence is frozen and the claim stands)."""
    if not reason.strip():
        raise SignOffRefused("Give the reason for withdrawing the sign-off")
    if candidate.status == ClaimCandidate.Status.SUBMITTED:
        raise SignOffRefused(
            "This claim is already submitted (it is in the claims register); it cannot be withdrawn"
        )
    with transaction.atomic():
        done = (
            ClaimSignOff.objects.live()
            .select_for_update()
            .filter(family=candidate.family_id, period=candidate.period)
            .first()
        )
        if done is None:
            raise SignOffRefused(
                f"The {candidate.period} claim of {candidate.family.reference} is not signed off"
            )
        done.withdrawn_at, done.withdrawn_by, done.withdrawn_reason = timezone.now(), user, reason.strip()
        done.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=done,
            family_id=candidate.family_id,
            summary=f"Withdrew the sign-off of the {candidate.period} claim of {candidate.family.reference}",
            detail={"period": candidate.period, "reason": done.withdrawn_reason, "override": done.override},
        )
    return done


def stratum_of(family_ids: list[int]) -> dict[int, str]:
    """Each family's stratum: the first (by id) headline of its counted partner-data needs, else "none"."""
    firsts: dict[int, str] = {}
    for family_id, headline in (
        Need.objects.filter(family_id__in=family_ids, source=Source.PIPELINE, counted=True)
        .order_by("family_id", "headline")
        .values_list("family_id", "headline")
    ):
        firsts.setdefault(family_id, headline)
    return {family_id: firsts.get(family_id, NO_HEADLINE) for family_id in family_ids}


def draw_sample(request: HttpRequest, user: User, period: str, size: int, seed: int) -> AuditSample:
    """Draw and keep a sample of the period's signed-off claims (``sample.draw``)."""
    signed = {str(s.pk): s for s in sign_offs(period)}
    strata = stratum_of([s.family_id for s in signed.values()])
    drawn = draw([(str(s.family.reference), strata[s.family_id]) for s in signed.values()], size, seed)
    by_reference = {s.family.reference: s for s in signed.values()}
    with transaction.atomic():
        sample = AuditSample.objects.create(period=period, size=size, seed=seed, drawn_by=user)
        SampledClaim.objects.bulk_create(
            SampledClaim(sample=sample, sign_off=by_reference[d.key], stratum=d.stratum, position=i)
            for i, d in enumerate(drawn, start=1)
        )
        audit.record(
            user,
            AuditEntry.Action.CREATE,
            request=request,
            obj=sample,
            summary=f"Drew an audit sample of {len(drawn)} of {len(signed)} {period} claims (seed {seed})",
            detail={"period": period, "size": size, "seed": seed, "families": [d.key for d in drawn]},
        )
    return sample


def record_check(
    request: HttpRequest,
    user: User,
    sampled: SampledClaim,
    *,
    eligible: bool,
    whole_family: bool,
    meets_rules: bool,
    note: str,
) -> None:
    sampled.eligible, sampled.whole_family, sampled.meets_rules = eligible, whole_family, meets_rules
    sampled.note, sampled.checked_by, sampled.checked_at = note.strip(), user, timezone.now()
    sampled.save()
    family = sampled.sign_off.family

    def yes(answer: bool) -> str:
        return "yes" if answer else "no"

    audit.record(
        user,
        AuditEntry.Action.CHANGE,
        request=request,
        obj=sampled,
        family_id=family.pk,
        summary=(
            f"Spot check of the {sampled.sign_off.period} claim of {family.reference}: eligible "
            f"{yes(eligible)}, whole-family working {yes(whole_family)}, meets the rules {yes(meets_rules)}"
        ),
        detail={"sample": sampled.sample_id, "note": sampled.note},
    )


def evidence_pack(period: str, warehouse_id: str) -> Path | None:
    """The HTML evidence pack of a family's claim for the period, if the claims step wrote one."""
    if not valid_period(period) or not re.fullmatch(r"[A-Za-z0-9_.-]+", warehouse_id):
        return None
    path = Path(settings.CLAIMS_FOLDER) / period / f"{warehouse_id}.html"
    return path if path.is_file() else None
