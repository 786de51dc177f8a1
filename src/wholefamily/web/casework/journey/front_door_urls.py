"""Journey pages: front door (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.journey import dashboard, triage

urlpatterns = [
    path("families/<int:pk>/triage/", triage.triage, name="front_door_triage"),
    path("dashboard/", dashboard.dashboard, name="front_door_dashboard"),
    path("caseloads/<int:worker_pk>/", dashboard.caseload, name="front_door_caseload"),
]
