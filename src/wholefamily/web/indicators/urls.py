from django.urls import path

from wholefamily.web.indicators import pages

app_name = "indicators"
urlpatterns = [
    path("", pages.home, name="home"),
    path("<str:date>/", pages.date, name="date"),
    path("<str:date>/<str:name>/", pages.table, name="table"),
    path("<str:date>/<str:name>.csv", pages.download, name="download"),
]
