"""API routes for the journey: closure (included by api/urls.py under the api namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
