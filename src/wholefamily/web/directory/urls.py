from django.urls import path

from wholefamily.web.directory import pages

app_name = "directory"
urlpatterns = [
    path("", pages.service_list, name="list"),
    path("add/", pages.service_add, name="add"),
    path("services/<int:pk>/", pages.service_detail, name="detail"),
    path("services/<int:pk>/change/", pages.service_change, name="change"),
    path("export.json", pages.export, name="export"),
]
