"""Administrators manage accounts and teams here. They see no families and no audit trail: the audit trail
is the coordinator's (read-only, for a coordinator given access to the admin site), and an administrator
cannot change their own role, team or agency, so cannot make themselves one who sees families."""

from __future__ import annotations

from typing import Any

import django_tasks_db.admin  # noqa: F401  (registers DBTaskResult now, so it can be unregistered below)
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django_tasks_db.models import DBTaskResult

from wholefamily.web.accounts.models import AuditEntry, Role, Team, User

#: The roles that may read the whole audit trail (``casework/access.py`` gives the same to ``Section.AUDIT``).
READS_AUDIT = frozenset({Role.COORDINATOR})


def _reads_audit(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and getattr(user, "role", None) in READS_AUDIT)


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
    # Plain multiple selects, not the admin's two-box filter widget (its icons break ARIA rules), and the
    # dates the system keeps shown, not typed (the split date-time inputs have no labels).
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Nobody raises their own access: another administrator changes your role.
            fields += ("role", "team", "agency", "is_superuser", "groups", "user_permissions")
        return fields


# Access comes from each user's role (``casework/access.py``), never from Django's groups: nothing to manage.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

# The task queue's results hold the jobs' arguments and answers (exports of families, among them): not the
# administrator's to read.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "area")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "username", "role", "action", "object_type", "object_id", "family_id", "channel")
    list_filter = ("action", "channel", "role")
    search_fields = ("username", "object_id", "summary")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _reads_audit(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _reads_audit(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
