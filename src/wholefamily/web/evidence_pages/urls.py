from django.urls import path

from wholefamily.web.evidence_pages import pages

app_name = "evidence"
urlpatterns = [
    path("", pages.home, name="home"),
    path("impact/", pages.impact, name="impact"),
    path("impact/effects.csv", pages.impact_csv, name="impact_csv"),
    path("impact/balance.svg", pages.impact_balance, name="impact_balance"),
    path("risk/", pages.risk, name="risk"),
    path("risk/calibration.svg", pages.risk_calibration, name="risk_calibration"),
    path("risk/<slug:document>/", pages.risk_document, name="risk_document"),
]
