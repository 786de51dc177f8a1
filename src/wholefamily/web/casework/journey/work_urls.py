"""Journey pages: work (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.journey import work_pages

urlpatterns = [
    path("families/<int:pk>/meetings/", work_pages.meetings_list, name="work_meetings"),
    path("families/<int:pk>/meetings/new/", work_pages.meeting_add, name="work_meeting_add"),
    path("families/<int:pk>/reviews/", work_pages.reviews_list, name="work_reviews"),
    path("families/<int:pk>/reviews/new/", work_pages.review_add, name="work_review_add"),
    path("interventions/", work_pages.catalogue_page, name="work_catalogue"),
    path("interventions/<slug:intervention_id>/", work_pages.intervention_page, name="work_intervention"),
    path("families/<int:pk>/interventions/", work_pages.interventions_list, name="work_interventions"),
    path("families/<int:pk>/interventions/refer/", work_pages.referral_add, name="work_referral_add"),
    path(
        "families/<int:pk>/interventions/<int:referral_pk>/progress/",
        work_pages.referral_progress,
        name="work_referral_progress",
    ),
    path("families/<int:pk>/notes/", work_pages.notes_list, name="work_notes"),
    path("families/<int:pk>/notes/new/", work_pages.note_add, name="work_note_add"),
]
