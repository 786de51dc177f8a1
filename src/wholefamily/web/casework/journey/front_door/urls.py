"""The front door's pages (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.journey.front_door import pages

urlpatterns = [
    path("families/new/", pages.family_create, name="family_create"),
    path("families/<int:pk>/triage/", pages.triage, name="front_door_triage"),
    path("families/<int:pk>/allocate/", pages.allocate, name="allocate"),
    path("dashboard/", pages.dashboard, name="front_door_dashboard"),
    path("dashboard/families/", pages.team_families_page, name="front_door_team_families"),
    path("caseloads/<int:worker_pk>/", pages.caseload, name="front_door_caseload"),
]
