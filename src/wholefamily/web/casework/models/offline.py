"""Offline copies of a family for visits with poor signal, and the receipts that make their sync safe to retry.

A copy is taken by one user of one family (the "Keep for offline use" button) and expires; the server refuses
to hand out an expired one. What the browser recorded offline is sent with an idempotency key: the receipt
of a key already used answers the retry with what the first send recorded, so nothing is recorded twice."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from wholefamily.web.casework.models.record import Family

_USER = settings.AUTH_USER_MODEL


class OfflineCopy(models.Model):
    """A user's offline copy of a family: when it was last taken and when it stops being usable."""

    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="offline_copies")
    taken_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "family"], name="one_offline_copy_per_user")]
        ordering = ["expires_at", "pk"]

    def until_words(self) -> str:
        """When the copy expires, in words of local time ("9 December 2026 14:05")."""
        return f"{timezone.localtime(self.expires_at):%-d %B %Y %H:%M}"


class OfflineReceipt(models.Model):
    """One change sent from an offline copy, by its idempotency key (made by the browser when recorded)."""

    class Kind(models.TextChoices):
        NOTE = "note", "Contact or case note"
        PROGRESS = "progress", "Plan action progress"

    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(default=uuid.uuid4)
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    #: The row the change recorded or changed (the case note, the plan action).
    record_id = models.BigIntegerField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_receipt_per_key")]
