"""The admin site lists no API tokens: django-rest-knox registers its token model, and nobody needs it there
(a token is only a digest; a user revokes theirs with ``DELETE /api/token/`` or by signing out)."""

from __future__ import annotations

from django.contrib import admin
from knox.models import AuthToken

if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
