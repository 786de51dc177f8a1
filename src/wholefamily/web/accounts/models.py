"""Who uses the service: users with one role each, teams, and the audit trail of what they saw and changed."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    KEYWORKER = "keyworker", "Keyworker"
    FRONT_DOOR = "front_door", "Front door (triage) worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    COORDINATOR = "coordinator", "Supporting Families coordinator"
    DATA_MANAGER = "data_manager", "Data manager"
    PARTNER = "partner", "Partner practitioner"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


class Agency(models.TextChoices):
    """Agencies a family can consent to share with; a partner practitioner belongs to one."""

    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health (health visiting, school nursing, GP)"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing"
    PROBATION = "probation", "Probation and youth justice"
    DWP = "dwp", "Department for Work and Pensions"
    SOCIAL_CARE = "social_care", "Children's social care"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    area = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    agency = models.CharField(
        max_length=20,
        choices=Agency.choices,
        blank=True,
        help_text="Partner practitioners only: their agency.",
    )
    job_title = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="partner") | ~models.Q(agency=""),
                name="partner_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AuditEntry(models.Model):
    """One thing a person saw or changed. Families are referred to by id so the log outlives them."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        SEARCH = "search", "Searched"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        DENIED = "denied", "Refused access"
        EXPORT = "export", "Exported"
        LOGIN = "login", "Signed in"
        LOGOUT = "logout", "Signed out"
        LOGIN_FAILED = "login_failed", "Failed sign-in"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, help_text="Kept when the user is deleted.")
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    family_id = models.BigIntegerField(
        null=True, blank=True, help_text="The casework family concerned, if any."
    )
    summary = models.CharField(max_length=300, blank=True)
    detail: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=10, default="web", help_text="web, api or cli")
    path = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["family_id", "-at"]), models.Index(fields=["user", "-at"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"
