"""The claims pages (included by casework/urls.py under the casework namespace)."""

from django.urls import path

from wholefamily.web.casework.claims import pages

urlpatterns = [
    path("claims/", pages.claims_home, name="claims_home"),
    path("claims/<str:period>/", pages.review, name="claims_review"),
    path("claims/<str:period>/<int:candidate_pk>/sign-off/", pages.sign_off, name="claims_sign_off"),
    path("claims/<str:period>/<int:candidate_pk>/withdraw/", pages.withdraw, name="claims_withdraw"),
    path("claims/<str:period>/<int:candidate_pk>/evidence/", pages.evidence_pack, name="claims_evidence"),
    path("claims/<str:period>/samples/", pages.samples, name="claims_samples"),
    path("audit-samples/<int:sample_pk>/", pages.sample, name="claims_sample"),
    path("audit-samples/claims/<int:sampled_pk>/", pages.check, name="claims_check"),
]
