from django.urls import include, path

app_name = "casework"
urlpatterns = [
    path("", include("wholefamily.web.casework.record.urls")),
    # The family's journey, one module of routes per part (see casework/journey/).
    path("", include("wholefamily.web.casework.journey.front_door.urls")),
    path("", include("wholefamily.web.casework.journey.assessment.urls")),
    path("", include("wholefamily.web.casework.journey.work.urls")),
    path("", include("wholefamily.web.casework.journey.closure.urls")),
    # Visits offline: copies of families kept for offline use, and the service worker (see casework/offline/).
    path("", include("wholefamily.web.casework.offline.urls")),
    # Results claims: the coordinator's sign-off and the auditor's sample (see casework/claims/).
    path("", include("wholefamily.web.casework.claims.urls")),
]
