from django.urls import path

from wholefamily.web.insight import pages

app_name = "insight"
urlpatterns = [
    path("", pages.index, name="index"),
    path("<slug:slug>/", pages.dashboard, name="dashboard"),
    path("<slug:slug>/<slug:figure>.csv", pages.figure_csv, name="figure_csv"),
]
