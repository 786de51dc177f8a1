from django.urls import path

from wholefamily.web.workforce import pages

app_name = "workforce"
urlpatterns = [
    path("supervision/", pages.supervision_list, name="supervisions"),
    path("supervision/new/<int:worker_pk>/", pages.supervision_new, name="supervision_new"),
    path("supervision/<int:pk>/", pages.supervision_detail, name="supervision"),
    path("audits/", pages.audit_list, name="audits"),
    path("audits/start/", pages.audit_start, name="audit_start"),
    path("audits/new/<int:family_pk>/", pages.audit_new, name="audit_new"),
    path("audits/<int:pk>/", pages.audit_detail, name="audit"),
    path("actions/<str:kind>/<int:pk>/done/", pages.action_done, name="action_done"),
    path("training/", pages.training_list, name="training"),
    path("training/new/", pages.training_new, name="training_new"),
]
