from django.urls import path

from wholefamily.web.maturity import pages

app_name = "maturity"
urlpatterns = [
    path("", pages.home, name="home"),
    path("template/", pages.template_page, name="template"),
    path("template/statements/<slug:key>/", pages.rename_statement, name="rename_statement"),
    path("template/areas/<slug:area_key>/add/", pages.add_statement, name="add_statement"),
    path("template/levels/", pages.edit_levels, name="edit_levels"),
    path("quarters/<str:quarter>/", pages.score, name="score"),
    path("change/", pages.change, name="change"),
    path("change/chart.svg", pages.change_chart, name="change_chart"),
    path("export.<str:fmt>", pages.export, name="export"),
]
