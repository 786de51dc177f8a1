"""The pages of visits offline (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.offline import pages

urlpatterns = [
    path("offline/", pages.offline_page, name="offline"),
    path("offline-worker.js", pages.service_worker, name="offline_worker"),
    path("families/<int:pk>/offline/", pages.keep_offline, name="keep_offline"),
]
