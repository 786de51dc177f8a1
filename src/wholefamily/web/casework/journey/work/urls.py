"""The pages of the work with a family (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.journey.work import pages

urlpatterns = [
    path("families/<int:pk>/meetings/", pages.meetings_list, name="work_meetings"),
    path("families/<int:pk>/meetings/new/", pages.meeting_add, name="work_meeting_add"),
    path("families/<int:pk>/reviews/", pages.reviews_list, name="work_reviews"),
    path("families/<int:pk>/reviews/new/", pages.review_add, name="work_review_add"),
    path("interventions/", pages.catalogue_page, name="work_catalogue"),
    path("interventions/<slug:intervention_id>/", pages.intervention_page, name="work_intervention"),
    path("families/<int:pk>/interventions/", pages.interventions_list, name="work_interventions"),
    path("families/<int:pk>/interventions/refer/", pages.referral_add, name="work_referral_add"),
    path(
        "families/<int:pk>/interventions/<int:referral_pk>/progress/",
        pages.referral_progress,
        name="work_referral_progress",
    ),
    path("families/<int:pk>/notes/", pages.notes_list, name="work_notes"),
    path("families/<int:pk>/notes/new/", pages.note_add, name="work_note_add"),
    path("families/<int:pk>/notes/<int:note_pk>/amend/", pages.note_amend, name="work_note_amend"),
]
