"""API routes for the journey: assessment (included by api/urls.py under the api namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
