"""The family's own voice: their wellbeing ratings beside the practitioner's scores (the wellbeing page, its
charts, the family page), the plan in their words with the child's view, and feedback at closure on paper or
through a one-time link that expires, works once, shows nothing about the family and is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from journey_builders import closed
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.journey.assessment.wellbeing import save_scores
from wholefamily.web.casework.journey.closure import feedback, feedback_pages
from wholefamily.web.casework.models import (
    ClosureFeedback,
    FamilyRating,
    FeedbackLink,
    PlanGoal,
    TimelineEvent,
    WellbeingArea,
)

TODAY = dt.date.today()
ANSWERS = {"helped": "a_lot", "listened": "a_little", "plan_was_ours": "no", "coping_better": "not_sure"}


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _own(value: int, who: str = "together") -> dict[str, str]:
    return {
        **{f"own-{area.value}": str(value) for area in WellbeingArea},
        **_date("own-rated_on", TODAY),
        "own-who": who,
    }


@pytest.fixture
def keyworker(world: World, client: Client) -> Client:
    client.force_login(world.users["kw_north"])
    return client


@pytest.fixture(autouse=True)
def _no_rate_count() -> None:
    cache.clear()


# --- The family's own ratings --------------------------------------------------------------------------------


def test_the_family_rate_themselves_beside_the_practitioners_scores(world: World, keyworker: Client) -> None:
    family, parent = world.families["north"], world.people["north_parent"]
    save_scores(family, world.users["kw_north"], TODAY, {a.value: 4 for a in WellbeingArea})
    url = f"/families/{family.pk}/wellbeing/own/"
    assert keyworker.post(url, _own(7, str(parent.pk))).status_code == 302
    assert keyworker.post(url, _own(5)).status_code == 302
    assert FamilyRating.objects.filter(family=family, person=parent).count() == 10
    assert FamilyRating.objects.filter(family=family, person=None, score=5).count() == 10
    page = keyworker.get(f"/families/{family.pk}/wellbeing/").content.decode()
    assert page.count('<td class="govuk-table__cell govuk-table__cell--numeric wf-own">7</td>') == 10
    assert parent.full_name in page and "The family together" in page
    # The chart's second series is the mean of the day's ratings, in words too.
    assert page.count("<rect ") == 10 and page.count("The family&#39;s own rating: 6 on") == 10
    assert "Dashed orange line with squares" in page
    # Rated again the same day by the same member: replaced, not added.
    assert keyworker.post(url, _own(8, str(parent.pk))).status_code == 302
    assert sorted(FamilyRating.objects.filter(person=parent).values_list("score", flat=True)) == [8] * 10
    entry = AuditEntry.objects.filter(action="create", family_id=family.pk).latest("at")
    assert entry.summary.startswith("The family's own wellbeing ratings recorded")
    home = keyworker.get(f"/families/{family.pk}/").content.decode()
    assert "The family's view" in home and ">4</td>" in home and ">6.5</td>" in home


def test_own_ratings_are_validated(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    url = f"/families/{family.pk}/wellbeing/own/"
    bad = {**_own(5, "999999"), "own-home": "11"}
    page = keyworker.post(url, bad).content.decode()
    assert "There is a problem" in page and "Choose who rated" in page
    assert "The score for home and housing must be 10 or less" in page
    south_parent = world.people["south_parent"]
    assert "Choose who rated" in keyworker.post(url, _own(5, str(south_parent.pk))).content.decode()
    assert not FamilyRating.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("school", 403), ("auditor", 403), ("kw_south", 404)])
def test_only_those_working_on_the_case_record_own_ratings(
    world: World, client: Client, username: str, status: int
) -> None:
    client.force_login(world.users[username])
    family = world.families["north"]
    assert client.post(f"/families/{family.pk}/wellbeing/own/", _own(5)).status_code == status
    assert not FamilyRating.objects.exists()
    assert AuditEntry.objects.filter(action="denied", family_id=family.pk).exists()


# --- The plan in the family's words ---------------------------------------------------------------------------


def test_a_goal_keeps_the_familys_words_and_the_childs_view(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    url = f"/families/{family.pk}/plan/goals/"
    form = {"headline": "education", "need": "", "goal": "Back at school", "family_words": "x" * 2001}
    page = keyworker.post(url, form).content.decode()
    assert "What the family want must be 2000 characters or fewer" in page
    assert not PlanGoal.objects.exists()
    form.update(family_words="We want mornings to be calm", child_view="I want to see my friends")
    assert keyworker.post(url, form).status_code == 302
    goal = PlanGoal.objects.get(family=family)
    assert (goal.family_words, goal.child_view) == ("We want mornings to be calm", "I want to see my friends")
    page = keyworker.get(f"/families/{family.pk}/plan/").content.decode()
    assert "In the family's words" in page and "We want mornings to be calm" in page
    assert "The child's view" in page and "I want to see my friends" in page


# --- Feedback at closure --------------------------------------------------------------------------------------


def _paper(day: dt.date = TODAY, **answers: str) -> dict[str, str]:
    return {**ANSWERS, **answers, **_date("answered_on", day), "comments": "  Thank you for listening  "}


def test_paper_feedback_needs_a_closed_case_and_valid_answers(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    url = f"/families/{family.pk}/closure/feedback/"
    page = keyworker.post(url, _paper()).content.decode()
    assert "has not been closed: feedback is asked for at closure" in page
    closure = closed(family, world.users["kw_north"])
    page = keyworker.post(url, _paper(helped="brilliant")).content.decode()
    assert "Choose one of the answers to: Has the support helped your family?" in page
    assert not ClosureFeedback.objects.exists()
    assert keyworker.post(url, _paper()).status_code == 302
    row = ClosureFeedback.objects.get()
    assert (row.closure, row.channel, row.recorded_by, row.comments) == (
        closure,
        "paper",
        world.users["kw_north"],
        "Thank you for listening",
    )
    page = keyworker.get(url).content.decode()
    assert "Yes, a lot" in page and "Thank you for listening" in page and "On paper" in page
    home = keyworker.get(f"/families/{family.pk}/").content.decode()
    assert "the family said the support helped: <strong>Yes, a lot</strong>" in home


@pytest.mark.parametrize(
    ("username", "reads", "enters"),
    [
        ("auditor", 200, 403),
        ("school", 200, 403),
        ("data_manager", 403, 403),
        ("kw_south", 404, 404),
        ("coordinator", 200, 302),
    ],
)
def test_who_reads_and_enters_feedback(
    world: World, client: Client, username: str, reads: int, enters: int
) -> None:
    family = world.families["north"]
    closed(family, world.users["kw_north"])
    client.force_login(world.users[username])
    url = f"/families/{family.pk}/closure/feedback/"
    assert client.get(url).status_code == reads
    assert client.post(url, _paper()).status_code == enters
    assert client.post(url + "link/").status_code == (200 if enters == 302 else enters)
    assert ClosureFeedback.objects.exists() == (enters == 302)


def _make_link(world: World, keyworker: Client) -> str:
    family = world.families["north"]
    closed(family, world.users["kw_north"])
    page = keyworker.post(f"/families/{family.pk}/closure/feedback/link/").content.decode()
    start = page.index("http://testserver/feedback/") + len("http://testserver")
    return page[start : page.index("</code>", start)]


def test_the_link_shows_only_the_questions_and_works_once(world: World, keyworker: Client) -> None:
    path = _make_link(world, keyworker)
    family = world.families["north"]
    link = FeedbackLink.objects.get()
    assert AuditEntry.objects.filter(action="create", object_type="feedbacklink").count() == 1
    family_client = Client()
    page = family_client.get(path)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    text = page.content.decode()
    assert "Did you feel listened to?" in text
    for secret in (family.reference, "Testperson", "ParentNorth", "Kw North", "kw_north"):
        assert secret not in text
    assert "Answer the question" in family_client.post(path, {"helped": "a_lot"}).content.decode()
    done = family_client.post(path, {**ANSWERS, "comments": "It helped"})
    assert "Your answers have been sent" in done.content.decode()
    row = ClosureFeedback.objects.get()
    assert (row.channel, row.link, row.recorded_by, row.comments) == ("link", link, None, "It helped")
    link.refresh_from_db()
    assert link.used_at is not None
    event = TimelineEvent.objects.get(family=family, title__contains="feedback through their link")
    assert event.recorded_by is None
    home = keyworker.get(f"/families/{family.pk}/").content.decode()
    assert (
        "The family gave their feedback through their link" in home
        and "from partner data: Casework" not in home
    )
    again = family_client.post(path, {**ANSWERS, "comments": "Again"})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert ClosureFeedback.objects.count() == 1
    token = path.rstrip("/").rsplit("/", 1)[1]
    link_entries = AuditEntry.objects.filter(family_id=family.pk, username="")
    assert link_entries.filter(action="view").count() == 1
    assert link_entries.filter(action="create", object_type="closurefeedback").count() == 1
    assert AuditEntry.objects.filter(action="denied", summary__contains="already been used").count() == 1
    assert not AuditEntry.objects.filter(path__contains=token).exists()
    assert not AuditEntry.objects.filter(summary__contains=token).exists()


def test_an_expired_or_forged_link_is_refused(world: World, keyworker: Client) -> None:
    path = _make_link(world, keyworker)
    FeedbackLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = Client().get(path)
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    assert Client().post(path, ANSWERS).status_code == 410
    forged = signing.dumps(FeedbackLink.objects.get().pk, salt="another-purpose")
    refused = Client().get(f"/feedback/{forged}/")
    assert refused.status_code == 410 and "not recognised" in refused.content.decode()
    assert Client().get("/feedback/nonsense/").status_code == 410
    assert not ClosureFeedback.objects.exists()
    assert feedback.LINK_DAYS == 28


def test_the_link_page_is_rate_limited(world: World, keyworker: Client) -> None:
    path = _make_link(world, keyworker)
    visitor = Client()
    for _ in range(feedback_pages.LINK_TRIES):
        assert visitor.get("/feedback/guess/").status_code == 410
    assert visitor.get(path).status_code == 429
    assert AuditEntry.objects.filter(action="denied", summary__contains="Too many tries").count() == 1
