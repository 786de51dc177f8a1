"""GOV.UK pages for 403 (an action the role may not take) and 404 (including families the user may not open)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    reason = str(exception) if str(exception) else "Your role does not allow you to do this."
    return render(request, "403.html", {"title": "You cannot do this", "reason": reason}, status=403)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", {"title": "Page not found"}, status=404)
