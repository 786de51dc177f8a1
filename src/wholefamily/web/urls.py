from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("wholefamily.web.casework.urls")),
    path("accounts/", include("wholefamily.web.accounts.urls")),
    path("api/", include("wholefamily.web.api.urls")),
    path("indicators/", include("wholefamily.web.indicators.urls")),
    path("maturity/", include("wholefamily.web.maturity.urls")),
    path("value-for-money/", include("wholefamily.web.value_for_money.urls")),
    path("evidence/", include("wholefamily.web.evidence_pages.urls")),
    path("workforce/", include("wholefamily.web.workforce.urls")),
    path("insight/", include("wholefamily.web.insight.urls")),
    path("directory/", include("wholefamily.web.directory.urls")),
    path("exports/", include("wholefamily.web.exports.urls")),
    path("governance/", include("wholefamily.web.governance.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "wholefamily.web.error_pages.forbidden"
handler404 = "wholefamily.web.error_pages.not_found"
