from django.urls import path

from wholefamily.web.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<int:pk>/", views.family_detail, name="family_detail"),
    path("families/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("families/<int:pk>/team/add/", views.team_member_add, name="team_member_add"),
    path("families/<int:pk>/team/<int:member_pk>/end/", views.team_member_end, name="team_member_end"),
    path("families/<int:pk>/consent/add/", views.consent_add, name="consent_add"),
    path(
        "families/<int:pk>/consent/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("families/<int:pk>/audit/", views.family_audit, name="family_audit"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
]
