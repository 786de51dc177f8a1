"""Supervision sessions, case audits and training records. Actions agreed in supervision or an audit share one
shape (``AgreedAction``): an owner, a due date and the day it was done."""

from __future__ import annotations

from django.db import models

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Family


class Supervision(models.Model):
    """A manager's supervision session with a worker: the families discussed (the worker's own) and when the
    next session is due."""

    worker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    families = models.ManyToManyField(Family, blank=True, related_name="+")
    discussion = models.TextField(blank=True)
    next_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class CaseAudit(models.Model):
    """A quality audit of one family's case, graded question by question (``data/case_audit.yaml``)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    audited_on = models.DateField()
    summary = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-audited_on", "-id"]


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class CaseAuditGrade(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    question = models.CharField(max_length=40, help_text="A key of data/case_audit.yaml.")
    grade = models.CharField(max_length=24, choices=Grade.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["audit", "question"], name="one_grade_per_question")]


class AgreedAction(models.Model):
    action = models.TextField()
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]


class SupervisionAction(AgreedAction):
    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="actions")


class CaseAuditAction(AgreedAction):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")


class TrainingRecord(models.Model):
    """A course a worker completed, and when it must be renewed (if it must)."""

    worker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="training")
    course = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
