"""Template versions and quarterly assessments. A version is never changed once saved: an edit saves the next
version, and each quarter's assessment keeps the version it was scored against."""

from __future__ import annotations

from django.conf import settings
from django.db import models

_USER = settings.AUTH_USER_MODEL


class TemplateVersion(models.Model):
    """One version of the template: areas, statements and levels as JSON (``template.Template``)."""

    number = models.PositiveIntegerField(unique=True)
    content = models.JSONField()
    change = models.CharField(max_length=300, help_text="What this version changed.")
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Version {self.number}"


class Assessment(models.Model):
    """A quarter's self-assessment (``2027Q1``), scored against one template version."""

    quarter = models.CharField(max_length=6, unique=True)
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="assessments")
    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["quarter"]

    def __str__(self) -> str:
        return self.quarter


class Score(models.Model):
    """The level given to one statement in a quarter, with the evidence for it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    statement_key = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField()
    evidence = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True, help_text="Evidence links (web addresses).")

    class Meta:
        ordering = ["assessment", "statement_key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "statement_key"], name="one_score_per_statement")
        ]
