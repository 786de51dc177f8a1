"""The record's pages (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.record import document_pages, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("my-work/", pages.my_work_page, name="my_work"),
    path("search/", pages.search_page, name="search"),
    path("families/<int:pk>/", pages.family_detail, name="family_detail"),
    path("families/<int:pk>/team/add/", pages.team_member_add, name="team_member_add"),
    path("families/<int:pk>/team/<int:member_pk>/end/", pages.team_member_end, name="team_member_end"),
    path("families/<int:pk>/consent/add/", pages.consent_add, name="consent_add"),
    path(
        "families/<int:pk>/consent/<int:consent_pk>/withdraw/",
        pages.consent_withdraw,
        name="consent_withdraw",
    ),
    path("families/<int:pk>/audit/", pages.family_audit, name="family_audit"),
    path("families/<int:pk>/documents/", document_pages.documents_page, name="documents"),
    path(
        "families/<int:pk>/documents/<int:document_pk>/",
        document_pages.document_download,
        name="document_download",
    ),
    path("people/<int:pk>/", pages.person_detail, name="person_detail"),
]
