from django.urls import include, path

from wholefamily.web.casework import (
    allocation,
    audit_log,
    family_list,
    family_page,
    person_page,
    referral,
    search,
    team_and_consent,
)

app_name = "casework"
urlpatterns = [
    path("", family_list.home, name="home"),
    path("search/", search.search, name="search"),
    path("families/new/", referral.family_create, name="family_create"),
    path("families/<int:pk>/", family_page.family_detail, name="family_detail"),
    path("families/<int:pk>/allocate/", allocation.allocate, name="allocate"),
    path("families/<int:pk>/team/add/", team_and_consent.team_member_add, name="team_member_add"),
    path(
        "families/<int:pk>/team/<int:member_pk>/end/",
        team_and_consent.team_member_end,
        name="team_member_end",
    ),
    path("families/<int:pk>/consent/add/", team_and_consent.consent_add, name="consent_add"),
    path(
        "families/<int:pk>/consent/<int:consent_pk>/withdraw/",
        team_and_consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("families/<int:pk>/audit/", audit_log.family_audit, name="family_audit"),
    path("people/<int:pk>/", person_page.person_detail, name="person_detail"),
    # The family's journey, one module of routes per part (see casework/journey/).
    path("", include("wholefamily.web.casework.journey.front_door_urls")),
    path("", include("wholefamily.web.casework.journey.assessment_urls")),
    path("", include("wholefamily.web.casework.journey.work_urls")),
    path("", include("wholefamily.web.casework.journey.closure_urls")),
]
