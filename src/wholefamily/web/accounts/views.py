"""Signing in and out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator

from wholefamily.web.accounts.models import Role


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"title": "Sign in"}

    def get_default_redirect_url(self) -> str:
        """A keyworker's home is My work (what is due in the families they lead); everyone else's the
        families list. A ``next`` page asked for comes first."""
        if getattr(self.request.user, "role", "") == Role.KEYWORKER:
            return reverse("casework:my_work")
        return super().get_default_redirect_url()


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Sign out, and tell the browser to delete what the site stored: the offline copies of families and
        the service worker's cache (the page deletes them first; this covers a browser without JavaScript)."""
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
