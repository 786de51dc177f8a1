"""A service or family hub in the directory. Its needs and areas are short lists kept as JSON: the directory
holds hundreds of services, so lists filter in Python (``search.py``) rather than by database-specific JSON
lookups."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from wholefamily.web.accounts.models import User

_BOOKKEEPING = frozenset({"id", "updated_at", "updated_by"})


class Service(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", "Service"
        FAMILY_HUB = "family_hub", "Family hub"

    class Referral(models.TextChoices):
        SELF = "self", "Families can contact it themselves"
        PROFESSIONAL = "professional", "A professional refers"
        EITHER = "either", "Either: self-referral or a professional"

    oruk_id = models.UUIDField(
        default=uuid.uuid4, unique=True, help_text="The service's id in Open Referral UK exchanges."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, help_text="Who runs it.")
    description = models.TextField(max_length=4000)
    active = models.BooleanField(default=True, help_text="Inactive services are never suggested.")
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility = models.TextField(max_length=2000, blank=True, help_text="Who it is for, in words.")
    headlines: models.JSONField[Any] = models.JSONField(
        default=list, blank=True, help_text="The framework's headline ids of the needs it serves."
    )
    districts: models.JSONField[Any] = models.JSONField(
        default=list, blank=True, help_text="Postcode districts served (outward codes); empty for everywhere."
    )
    address = models.CharField(max_length=300, blank=True, help_text="Where it is: building and street.")
    town = models.CharField(max_length=120, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    opening_times = models.TextField(max_length=1000, blank=True)
    referral = models.CharField(max_length=20, choices=Referral.choices, default=Referral.EITHER)
    referral_how = models.TextField(max_length=2000, blank=True, help_text="How to refer or get in touch.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def ages(self) -> str:
        """ "0 to 5", "16 and over", "up to 18", or "" when the service takes any age."""
        if self.min_age is not None and self.max_age is not None:
            return f"{self.min_age} to {self.max_age}"
        if self.min_age is not None:
            return f"{self.min_age} and over"
        if self.max_age is not None:
            return f"up to {self.max_age}"
        return ""

    def values(self) -> dict[str, Any]:
        """The fields people and imports set, to tell what a change changed."""
        return {f.name: getattr(self, f.name) for f in self._meta.fields if f.name not in _BOOKKEEPING}

    def changed(self, before: dict[str, Any]) -> list[str]:
        """The fields whose value differs from ``before`` (``values()`` taken before the change)."""
        return sorted(name for name, value in self.values().items() if before.get(name) != value)

    def serves(self, district: str) -> bool:
        return not self.districts or district in self.districts
