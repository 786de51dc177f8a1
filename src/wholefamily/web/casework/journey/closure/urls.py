"""The pages of step-up, step-down, closure and re-referral (included by casework/urls.py under the casework
namespace)."""

from django.urls import path

from wholefamily.web.casework.journey.closure import feedback_pages, pages

urlpatterns = [
    path("families/<int:pk>/closure/", pages.closure_overview, name="closure_overview"),
    path("families/<int:pk>/closure/step-up/", pages.step_up, name="closure_step_up"),
    path("families/<int:pk>/closure/step-down/", pages.step_down, name="closure_step_down"),
    path("families/<int:pk>/closure/close/", pages.close_case, name="closure_close"),
    path("families/<int:pk>/closure/refer-again/", pages.rerefer, name="closure_rerefer"),
    path("families/<int:pk>/closure/feedback/", feedback_pages.closure_feedback, name="closure_feedback"),
    path(
        "families/<int:pk>/closure/feedback/link/",
        feedback_pages.closure_feedback_link,
        name="closure_feedback_link",
    ),
    path("feedback/<str:token>/", feedback_pages.feedback_answer, name="feedback_answer"),
]
