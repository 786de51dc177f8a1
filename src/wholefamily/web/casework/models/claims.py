"""Results claims in the site: the candidates ``wholefamily publish`` copies from the latest claims run, the
coordinator's sign-off (with a local discretionary override that needs a reason), and the auditor's sample
of signed-off claims with each spot check. ``wholefamily export-casework`` writes the sign-offs to
``casework/claims.csv`` for the next ``claims build``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from wholefamily.web.casework.models.record import Family


class ClaimCandidate(models.Model):
    """A family's claim for a period as the latest claims run judged it (kept in step by publish)."""

    class Status(models.TextChoices):
        CLAIMABLE = "claimable", "Claimable"
        NOT_CLAIMABLE = "not_claimable", "Not claimable"
        SUBMITTED = "submitted", "Submitted"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="claim_candidates")
    period = models.CharField(max_length=6, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    needs = models.PositiveIntegerField(default=0)
    headlines = models.PositiveIntegerField(default=0)
    #: Each rule failed: ``{"rule_id", "headline", "reason"}``.
    reasons: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    claims_run = models.CharField(max_length=40)

    class Meta:
        ordering = ["period", "family"]
        constraints = [models.UniqueConstraint(fields=["family", "period"], name="one_candidate_per_period")]


class SignOffQuerySet(models.QuerySet["ClaimSignOff"]):
    def live(self) -> SignOffQuerySet:
        """Sign-offs not withdrawn (what the register submits, and what the auditor samples)."""
        return self.filter(withdrawn_at__isnull=True)


class ClaimSignOff(models.Model):
    """A coordinator's sign-off of a family's claim for a period; a family is claimed once (one live sign-off).
    ``override``: a local discretionary sign-off of a family the rules found not claimable, with its recorded
    ``reason``. A sign-off can be withdrawn, with a reason, until the claims build submits it; the withdrawn
    row stays (the register writes it as ``withdrawn``) and the family may be signed off again."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="claim_sign_offs")
    period = models.CharField(max_length=6, db_index=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(auto_now_add=True)
    override = models.BooleanField(default=False)
    reason = models.CharField(max_length=500, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_reason = models.CharField(max_length=500, blank=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        ordering = ["period", "family", "signed_off_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family"], condition=models.Q(withdrawn_at__isnull=True), name="one_live_sign_off"
            )
        ]


class AuditSample(models.Model):
    """An auditor's sample of a period's signed-off claims: random, stratified by headline, reproducible
    from its seed and size (``casework/claims_audit/sample.py``)."""

    period = models.CharField(max_length=6, db_index=True)
    size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_at"]


class SampledClaim(models.Model):
    """One claim in a sample, and the auditor's spot check of it (``None``: not answered yet)."""

    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="claims")
    sign_off = models.ForeignKey(ClaimSignOff, on_delete=models.PROTECT, related_name="+")
    stratum = models.CharField(max_length=120)
    position = models.PositiveIntegerField()
    eligible = models.BooleanField(null=True)
    whole_family = models.BooleanField(null=True)
    meets_rules = models.BooleanField(null=True)
    note = models.CharField(max_length=1000, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sample", "position"]
        constraints = [models.UniqueConstraint(fields=["sample", "sign_off"], name="sampled_once")]
