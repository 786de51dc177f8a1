"""API routes. DRF authenticates API calls itself (token or session), so Django's sign-in redirect is
switched off for every route here; the views' permission classes answer 401 instead."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from wholefamily.web.api import views

app_name = "api"
urlpatterns = [
    path("", views.docs_page, name="docs"),
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("token/", login_not_required(views.TokenView.as_view()), name="token"),
    path(
        "families/",
        login_not_required(views.FamilyViewSet.as_view({"get": "list", "post": "create"})),
        name="family-list",
    ),
    path(
        "families/<str:id>/",
        login_not_required(views.FamilyViewSet.as_view({"get": "retrieve"})),
        name="family-detail",
    ),
    path("people/", login_not_required(views.PersonViewSet.as_view({"get": "list"})), name="person-list"),
    path(
        "people/<str:id>/",
        login_not_required(views.PersonViewSet.as_view({"get": "retrieve"})),
        name="person-detail",
    ),
    # The family's journey, one module of routes per part.
    path("", include("wholefamily.web.api.journey_front_door")),
    path("", include("wholefamily.web.api.consent")),
    path("", include("wholefamily.web.api.journey_assessment")),
    path("", include("wholefamily.web.api.journey_work")),
    path("", include("wholefamily.web.api.journey_closure")),
    # Visits offline: the offline copy of a family, and sending what was recorded on it.
    path("", include("wholefamily.web.api.offline")),
    # Results claims, read-only (the coordinator and the auditor).
    path("", include("wholefamily.web.api.claims")),
]
