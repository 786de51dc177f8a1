"""Journey pages: closure (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.journey import closure_pages

urlpatterns = [
    path("families/<int:pk>/closure/", closure_pages.closure_overview, name="closure_overview"),
    path("families/<int:pk>/closure/step-up/", closure_pages.step_up, name="closure_step_up"),
    path("families/<int:pk>/closure/step-down/", closure_pages.step_down, name="closure_step_down"),
    path("families/<int:pk>/closure/close/", closure_pages.close_case, name="closure_close"),
    path("families/<int:pk>/closure/refer-again/", closure_pages.rerefer, name="closure_rerefer"),
]
