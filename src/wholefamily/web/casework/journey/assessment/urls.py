"""The pages of the assessment, the wellbeing tool and the family plan (included by casework/urls.py under
the casework namespace)."""

from django.urls import URLPattern, path

from wholefamily.web.casework.journey.assessment import pages

_A = "families/<int:pk>/assessment/"
_P = "families/<int:pk>/plan/"

urlpatterns: list[URLPattern] = [
    path(_A, pages.assessment_page, name="assessment"),
    path(_A + "start/", pages.assessment_start, name="assessment_start"),
    path(_A + "<int:assessment_pk>/members/", pages.assessment_member, name="assessment_member"),
    path(_A + "<int:assessment_pk>/needs/", pages.assessment_need, name="assessment_need"),
    path(_A + "<int:assessment_pk>/view/", pages.assessment_view, name="assessment_view"),
    path(_A + "<int:assessment_pk>/complete/", pages.assessment_complete, name="assessment_complete"),
    path("families/<int:pk>/wellbeing/", pages.wellbeing_page, name="assessment_wellbeing"),
    path("families/<int:pk>/wellbeing/own/", pages.wellbeing_own, name="assessment_wellbeing_own"),
    path(_P, pages.plan_page, name="assessment_plan"),
    path(_P + "print/", pages.plan_print, name="assessment_plan_print"),
    path(_P + "goals/", pages.plan_goal_add, name="assessment_plan_goal_add"),
    path(_P + "goals/<int:goal_pk>/status/", pages.plan_goal_status, name="assessment_plan_goal_status"),
    path(_P + "goals/<int:goal_pk>/actions/", pages.plan_action_add, name="assessment_plan_action_add"),
    path(
        _P + "actions/<int:action_pk>/progress/",
        pages.plan_action_progress,
        name="assessment_plan_action_progress",
    ),
]
