"""Journey pages: front door (included by casework/urls.py under the casework namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
