from django.urls import path

from wholefamily.web.exports import pages

app_name = "exports"
urlpatterns = [
    path("", pages.downloads, name="downloads"),
    path("new/<slug:name>/", pages.new_export, name="new"),
    path("<uuid:pk>/", pages.detail, name="detail"),
    path("<uuid:pk>/download/", pages.download, name="download"),
]
