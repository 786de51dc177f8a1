from django.urls import path

from wholefamily.web.governance import erasure_pages, pages

app_name = "governance"
urlpatterns = [
    path("legal-basis/", pages.legal_basis_page, name="legal_basis"),
    path("agreements/", pages.agreements_page, name="agreements"),
    path("subject-access/", pages.subject_access_page, name="subject_access"),
    path("subject-access/<str:person>/casework/", pages.casework_pack, name="casework_pack"),
    path("subject-access/<str:person>/<slug:copy>.<slug:kind>", pages.pack_download, name="pack_download"),
    path("erasure/", erasure_pages.erasure_index, name="erasure_index"),
    path("erasure/<int:family_pk>/", erasure_pages.erasure_page, name="erasure"),
]
