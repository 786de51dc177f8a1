"""The wellbeing tool (ten areas scored 1-10, a chart of change with a table alternative, the form other steps
reuse) and the family plan pages (goals per need, actions with owner, due date and progress, needs with no
goal listed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.casework.journey.assessment.forms import wellbeing_form
from wholefamily.web.casework.journey.assessment.wellbeing import save_scores
from wholefamily.web.casework.journey.assessment.wellbeing_chart import area_chart, describe
from wholefamily.web.casework.models import Family, Need, PlanAction, PlanGoal, WellbeingArea, WellbeingScore

TODAY = dt.date.today()


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _scores(value: int) -> dict[str, str]:
    return {area.value: str(value) for area in WellbeingArea}


@pytest.fixture
def keyworker(world: World, client: Client) -> Client:
    client.force_login(world.users["kw_north"])
    return client


def test_the_form_other_steps_reuse_validates_and_saves_every_area(world: World) -> None:
    form = wellbeing_form({**_scores(4), "home": "11", "community": "x"})
    assert not form.is_valid()
    assert form.errors["home"] == ["The score for home and housing must be 10 or less"]
    assert form.errors["community"] == [
        "The score for friends and community must be a whole number from 1 to 10"
    ]
    form = wellbeing_form(_scores(4))
    assert form.is_valid()
    family, user = world.families["north"], world.users["kw_north"]
    save_scores(family, user, TODAY, form.cleaned_data)
    assert sorted(WellbeingScore.objects.values_list("area", flat=True)) == sorted(
        a.value for a in WellbeingArea
    )
    with pytest.raises(ValueError, match="No score for: home"):
        save_scores(family, user, TODAY, {k: 3 for k in _scores(3) if k != "home"})


def test_the_chart_shows_change_in_words_and_lines() -> None:
    points = [(dt.date(2026, 1, 5), 3), (dt.date(2026, 3, 1), 7)]
    svg = str(area_chart("c-home", "Home & housing", points))
    assert (
        svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="c-home-title c-home-desc"' in svg
    )
    assert "Home &amp; housing" in svg and "<polyline" in svg and svg.count("<circle") == 2
    assert (
        describe("Home", points)
        == "Home, scored from 1 to 10: 3 on 5 Jan 2026; 7 on 1 Mar 2026. Up 4 overall."
    )
    assert describe("Home", points[:1]).endswith("3 on 5 Jan 2026.")
    assert "<polyline" not in str(area_chart("one", "Home", points[:1]))


def test_a_keyworker_scores_wellbeing_and_sees_the_change(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    url = f"/families/{family.pk}/wellbeing/"
    assert "No wellbeing scores have been recorded" in keyworker.get(url).content.decode()
    earlier = TODAY - dt.timedelta(days=42)
    assert keyworker.post(url, {**_date("scored_on", earlier), **_scores(3)}).status_code == 302
    assert keyworker.post(url, {**_date("scored_on", TODAY), **_scores(6)}).status_code == 302
    page = keyworker.get(url).content.decode()
    assert page.count('<svg class="wf-chart"') == 10 and page.count("Up 3 overall.") == 10
    assert (
        "Scores by date" in page
        and page.count('<td class="govuk-table__cell govuk-table__cell--numeric">6</td>') == 10
    )
    assert re.search(r'(?:src|href)="(?:https?:)?//', page) is None, "nothing is loaded from another site"


def test_invalid_scores_show_the_error_summary(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    page = keyworker.post(f"/families/{family.pk}/wellbeing/", {**_scores(5), "home": "0"}).content.decode()
    assert "There is a problem" in page
    assert '<a href="#id_scored_on-day">Enter the date the family scored their wellbeing</a>' in page
    assert '<a href="#id_home">The score for home and housing must be 1 or more</a>' in page
    assert not WellbeingScore.objects.exists()


def test_a_closed_case_takes_no_scores_and_no_plan_changes(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    Family.objects.filter(pk=family.pk).update(status=Family.Status.CLOSED)
    page = keyworker.post(
        f"/families/{family.pk}/wellbeing/", {**_date("scored_on", TODAY), **_scores(5)}
    ).content.decode()
    assert (
        "This case is closed, so you cannot record wellbeing scores." in page and "There is a problem" in page
    )
    page = keyworker.post(
        f"/families/{family.pk}/plan/goals/", {"headline": "education", "goal": "x"}
    ).content.decode()
    assert "This case is closed, so you cannot record the family plan." in page
    assert not WellbeingScore.objects.exists() and not PlanGoal.objects.exists()


def test_the_plan_lists_needs_without_a_goal_and_records_actions(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    url = f"/families/{family.pk}/plan/"
    page = keyworker.get(url).content.decode()
    assert (
        "These needs have no goal in the plan yet: Getting a good education: Persistent absence from school, "
        "Safe from domestic abuse: A domestic abuse incident in the household." in page
    )
    response = keyworker.post(url + "goals/", {"headline": "education", "goal": "The children go to school"})
    assert response.status_code == 302
    goal = PlanGoal.objects.get(family=family)
    assert goal.need is None and goal.headline == "education"  # a goal for the whole headline
    action_url = url + f"goals/{goal.pk}/actions/"
    page = keyworker.post(action_url, {"action": "", "owner": "Mum"}).content.decode()
    assert (
        '<a href="#id_action">Enter the action</a>' in page
        and '<a href="#id_due_on-day">Enter the due date</a>' in page
    )
    due = TODAY + dt.timedelta(days=14)
    response = keyworker.post(
        action_url, {"action": "Walk to school together", "owner": "Mum", **_date("due_on", due)}
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(goal=goal)
    assert (
        keyworker.post(url + f"actions/{action.pk}/progress/", {"progress": "in_progress"}).status_code == 302
    )
    assert keyworker.post(url + f"goals/{goal.pk}/status/", {"status": "achieved"}).status_code == 302
    page = keyworker.post(url + f"actions/{action.pk}/progress/", {"progress": "flying"}).content.decode()
    assert "There is a problem" in page
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.progress == "in_progress" and goal.status == "achieved"
    page = keyworker.get(url).content.decode()
    assert (
        "Walk to school together" in page
        and "These needs have no goal in the plan yet: Safe from domestic abuse: A domestic abuse incident in the household."
        in page
    )
    assert family.timeline.filter(kind="plan").count() == 4


def test_a_need_ruled_out_by_the_assessment_needs_no_goal(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    keyworker.post(f"/families/{family.pk}/assessment/start/", _date("started_on", TODAY))
    assessment = family.assessments.get()
    keyworker.post(
        f"/families/{family.pk}/assessment/{assessment.pk}/needs/",
        {"headline": "domestic_abuse", "decision": "ruled_out"},
    )
    keyworker.post(
        f"/families/{family.pk}/assessment/{assessment.pk}/needs/",
        {"headline": "housing", "decision": "added"},
    )
    page = keyworker.get(f"/families/{family.pk}/plan/").content.decode()
    assert (
        "These needs have no goal in the plan yet: Getting a good education: Persistent absence from school, "
        "Secure housing." in page
    )


def test_a_partner_reads_the_plan_but_not_restricted_goals_and_may_not_change_it(
    world: World, client: Client
) -> None:
    family = world.families["north"]
    PlanGoal.objects.create(family=family, headline="domestic_abuse", goal="Secret goal")
    goal = PlanGoal.objects.create(family=family, headline="education", goal="Open goal")
    client.force_login(world.users["school"])
    page = client.get(f"/families/{family.pk}/plan/").content.decode()
    assert "Open goal" in page and "Secret goal" not in page and "Details restricted" in page
    assert "Add a goal" not in page
    assert (
        client.post(f"/families/{family.pk}/plan/goals/{goal.pk}/status/", {"status": "dropped"}).status_code
        == 403
    )
    assert client.get(f"/families/{family.pk}/wellbeing/").status_code == 200
    assert client.post(f"/families/{family.pk}/wellbeing/", _scores(5)).status_code == 403


def test_the_keyworker_sets_a_goal_for_each_identified_need(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    absence = family.needs.get(headline="education")
    exclusion = Need.objects.create(
        family=family,
        headline="education",
        headline_label="Getting a good education",
        descriptor_id="exclusion",
        descriptor_label="Excluded from school",
        source="pipeline",
    )
    url = f"/families/{family.pk}/plan/"
    form = keyworker.get(url).content.decode()
    assert "Which of the headline" in form and "Getting a good education: Excluded from school" in form
    post = keyworker.post(
        url + "goals/", {"headline": "education", "need": str(absence.pk), "goal": "In school"}
    )
    assert post.status_code == 302
    assert PlanGoal.objects.get().need == absence
    page = keyworker.get(url).content.decode()
    assert (
        "no goal in the plan yet: Getting a good education: Excluded from school, Safe from domestic" in page
    )
    assert "Getting a good education: Persistent absence from school" in page  # the goal names its need
    wrong = keyworker.post(
        url + "goals/", {"headline": "domestic_abuse", "need": str(exclusion.pk), "goal": "Wrong headline"}
    )
    assert "Choose a need under the headline the goal is for, or the whole headline" in wrong.content.decode()
    elsewhere = world.families["south"].needs.get(headline="education")
    foreign = keyworker.post(
        url + "goals/", {"headline": "education", "need": str(elsewhere.pk), "goal": "x"}
    )
    assert foreign.status_code == 200 and "There is a problem" in foreign.content.decode()
    assert PlanGoal.objects.count() == 1


def test_a_role_without_sensitive_details_sees_a_sensitive_need_without_a_goal_by_its_headline(
    world: World, client: Client
) -> None:
    family = world.families["north"]
    client.force_login(world.users["school"])
    page = client.get(f"/families/{family.pk}/plan/").content.decode()
    assert (
        "no goal in the plan yet: Getting a good education: Persistent absence from school, Safe from" in page
    )
    assert "A domestic abuse incident in the household" not in page
