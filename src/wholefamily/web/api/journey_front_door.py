"""API routes for the journey: front door (included by api/urls.py under the api namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
