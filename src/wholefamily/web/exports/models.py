"""An export a user asked for: which list, with which filters, why, and how far its job has got."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from wholefamily.reports import TableFormat
from wholefamily.web.accounts.models import User


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    #: Random, so the id in a download address tells nothing and cannot be guessed.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    list_name = models.CharField(max_length=30)
    #: The list's filters as its page had them (its query string, parsed).
    filters: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=4, choices=[(f.value, f.value.upper()) for f in TableFormat])
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_written = models.PositiveIntegerField(default=0)
    problem = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    @property
    def file_name(self) -> str:
        return f"{self.id}.{self.format}"

    @property
    def percent(self) -> int:
        if self.status == Export.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_written * 100 // self.rows_total)
