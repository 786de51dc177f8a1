"""Administrators manage accounts and teams here; the audit trail is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from wholefamily.web.accounts.models import AuditEntry, Team, User


@admin.register(User)
class WholefamilyUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "first_name", "last_name", "role", "team", "agency", "is_active")
    list_filter = ("role", "team", "agency", "is_active")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Role and team", {"fields": ("role", "team", "agency", "job_title")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Role and team", {"fields": ("role", "team", "agency", "job_title")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "area")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "username", "role", "action", "object_type", "object_id", "family_id", "channel")
    list_filter = ("action", "channel", "role")
    search_fields = ("username", "object_id", "summary")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
