"""Insight dashboards: the figures under each chart equal a direct count of the database, respect the user's
families, suppress small counts by area, and come as CSV with text cells made safe for spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from journey_builders import closed, reviewed
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import (
    Assessment,
    CaseNote,
    ClaimSignOff,
    Family,
    FamilyRating,
    Need,
    NeedOutcome,
    PartnerFeed,
    Referral,
    Source,
    TimelineEvent,
    WellbeingScore,
)

TODAY = dt.date.today()
MONTH = f"{TODAY:%Y-%m}"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _table(html: str, slug: str) -> list[list[str]]:
    """The cells of a figure's table, row by row (header cell first)."""
    table = re.search(rf'<table[^>]*data-figure="{slug}".*?</table>', html, flags=re.S)
    assert table is not None, f"no table for {slug}"
    body = table.group(0).split("<tbody", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    return [
        [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in rows
    ]


def _grid(html: str, slug: str) -> dict[tuple[str, str], str]:
    """A wide table's cells by (row heading, column heading)."""
    table = re.search(rf'<table[^>]*data-figure="{slug}".*?</table>', html, flags=re.S)
    assert table is not None, f"no table for {slug}"
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table.group(0), flags=re.S)
    return {
        (row[0], head.strip()): cell
        for row in _table(html, slug)
        for head, cell in zip(heads[1:], row[1:], strict=True)
    }


def _page(user: User, slug: str, **query: str) -> str:
    response = _client(user).get(f"/insight/{slug}/", query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_funnel_counts_each_step_from_the_database(world: World) -> None:
    coordinator = world.users["coordinator"]
    north, south = world.families["north"], world.families["south"]
    Referral.objects.create(family=north, received_on=TODAY, origin=Referral.Origin.AGENCY, reason="Worried")
    TimelineEvent.objects.create(
        family=north, date=TODAY, kind="allocation", title="Allocated", source="casework"
    )
    Assessment.objects.create(family=south, started_on=TODAY)
    closed(south, coordinator, days_ago=0)
    need = Need.objects.get(family=south, headline="education")
    NeedOutcome.objects.create(
        need=need, horizon_days=183, status="met", window_end=TODAY, outcomes_run="out-1"
    )
    ClaimSignOff.objects.create(family=south, period="2027Q1", signed_off_by=coordinator)
    html = _page(coordinator, "programme")
    expected = {
        "Identified": Family.objects.filter(eligible=True, origin=Source.PIPELINE).count(),
        "Referred": Referral.objects.values("family").distinct().count(),
        "Allocated": 1,
        "Worked with": 1,
        "Closed": 1,
        "Outcomes sustained": 1,
        "Claimed": ClaimSignOff.objects.count(),
    }
    assert expected["Identified"] == 4
    assert {row[0]: int(row[1]) for row in _table(html, "funnel")} == expected
    # a relapse elsewhere in the family's needs means its outcomes were not sustained
    other = Need.objects.get(family=south, headline="domestic_abuse")
    NeedOutcome.objects.create(need=other, horizon_days=183, status="relapsed", outcomes_run="out-1")
    assert dict(r[:2] for r in _table(_page(coordinator, "programme"), "funnel"))["Outcomes sustained"] == "0"


def test_a_manager_counts_only_the_families_they_may_open(world: World) -> None:
    manager = world.users["manager_north"]
    rows = {row[0]: row[1] for row in _table(_page(manager, "programme"), "funnel")}
    # of the eligible families, the manager may open north, unallocated and withdrawn (not south)
    assert rows["Identified"] == "3"
    # filtered by team, only North's
    north_team = world.users["kw_north"].team
    assert north_team is not None
    rows = {row[0]: row[1] for row in _table(_page(manager, "programme", team=str(north_team.pk)), "funnel")}
    assert rows["Identified"] == "2"
    seen = AuditEntry.objects.filter(
        username="manager_north", action="view", summary="Insight: The programme"
    )
    assert seen.count() == 2 and seen.order_by("pk").last().detail["team"] == str(north_team.pk)  # type: ignore[union-attr]


def test_one_area_suppresses_counts_below_five(world: World) -> None:
    html = _page(world.users["coordinator"], "programme", area="WX1")
    rows = {row[0]: row[1] for row in _table(html, "funnel")}
    assert rows["Identified"] == "Fewer than 5"
    assert "4 families identified" not in html


def test_needs_by_headline_and_area_by_month(world: World) -> None:
    html = _page(world.users["coordinator"], "needs", from_month="2026-05", to_month="2026-07")
    cells = _grid(html, "needs-by-headline")
    # every family's domestic abuse need first showed in May 2026 (its police record), education in July
    abuse = Need.objects.filter(headline="domestic_abuse").values("family").distinct().count()
    assert int(cells[("Domestic abuse", "2026-05")]) == abuse == 5
    assert cells[("Getting a good education", "2026-07")] == "5"
    assert cells[("Domestic abuse", "2026-06")] == "0"
    area = _grid(html, "needs-by-area")
    assert area[("WX1", "2026-05")] == "5"
    assert area[("WX1", "2026-06")] == "Fewer than 5"
    # the manager sees four of the five families: below the threshold
    manager = _page(world.users["manager_north"], "needs", from_month="2026-05", to_month="2026-07")
    assert _grid(manager, "needs-by-area")[("WX1", "2026-05")] == "Fewer than 5"
    assert "4 families" not in manager.split('id="figure-needs-by-area"')[1]


def test_outcomes_by_headline_over_time(world: World) -> None:
    north = world.families["north"]
    education = Need.objects.get(family=north, headline="education")
    abuse = Need.objects.get(family=north, headline="domestic_abuse")
    for need, status in ((education, "met"), (abuse, "relapsed")):
        NeedOutcome.objects.create(
            need=need, horizon_days=183, status=status, window_end=TODAY, outcomes_run="o"
        )
    NeedOutcome.objects.create(
        need=education, horizon_days=365, status="met", window_end=TODAY, outcomes_run="o"
    )
    html = _page(world.users["coordinator"], "programme")
    by_month = _grid(html, "outcomes-by-month")
    assert [by_month[(MONTH, status)] for status in ("Met", "Relapsed", "Not met")] == ["1", "1", "0"]
    by_headline = _grid(html, "outcomes-by-headline")
    assert by_headline[("Getting a good education", "Met")] == "1"
    assert by_headline[("Domestic abuse", "Relapsed")] == "1"
    assert "Of 2 needs judged at six months" in html


def test_caseloads_and_drift(world: World) -> None:
    coordinator = world.users["coordinator"]
    north, south = world.families["north"], world.families["south"]
    TimelineEvent.objects.create(
        family=north,
        date=TODAY - dt.timedelta(days=60),
        kind="allocation",
        title="Allocated",
        source="casework",
    )
    TimelineEvent.objects.create(
        family=south,
        date=TODAY - dt.timedelta(days=10),
        kind="allocation",
        title="Allocated",
        source="casework",
    )
    reviewed(south, coordinator, held_days_ago=3, next_in_days=30)
    CaseNote.objects.create(family=south, kind=CaseNote.Kind.HOME_VISIT, happened_on=TODAY, note="Visit")
    CaseNote.objects.create(family=north, kind=CaseNote.Kind.NOTE, happened_on=TODAY, note="Not a contact")
    html = _page(coordinator, "caseloads")
    drift = {r[0]: r[1:] for r in _table(html, "drift")}
    # north: allocated 60 days ago, no review (due after 42 days), no contact (a note is not a contact)
    assert drift["Kw North"] == ["1", "1", "1"]
    assert drift["Kw South"] == ["1", "0", "0"]
    loads = {r[0]: r[2] for r in _table(html, "caseloads")}
    led = Family.objects.filter(status__in=["open", "stepped_up"], lead_practitioner__isnull=False)
    assert int(loads["Kw North"]) == led.filter(lead_practitioner=world.users["kw_north"]).count() == 1


def test_wellbeing_change_from_first_to_latest_score(world: World) -> None:
    north, south = world.families["north"], world.families["south"]
    for family, first, latest in ((north, 3, 7), (south, 4, 5)):
        for day, score in ((TODAY - dt.timedelta(days=20), first), (TODAY, latest)):
            WellbeingScore.objects.create(family=family, scored_on=day, area="home", score=score)
    WellbeingScore.objects.create(family=north, scored_on=TODAY, area="learning", score=9)  # scored once
    # The family's own ratings: north rated home twice (two members the second time: their mean counts).
    parent, child = world.people["north_parent"], world.people["north_child"]
    for day, person, score in (
        (TODAY - dt.timedelta(days=20), None, 2),
        (TODAY, parent, 5),
        (TODAY, child, 8),
    ):
        FamilyRating.objects.create(family=north, person=person, rated_on=day, area="home", score=score)
    FamilyRating.objects.create(family=south, rated_on=TODAY, area="community", score=6)  # rated once
    html = _page(world.users["coordinator"], "caseloads")
    rows = {r[0]: r[1:] for r in _table(html, "wellbeing")}
    assert rows == {"Home and housing": ["2", "3.5", "6.0", "+2.5", "1", "+4.5"]}
    assert "In the families&#39; own ratings, Home and housing rose most, by +4.5." in html


def test_data_quality_and_feeds(world: World) -> None:
    PartnerFeed.objects.create(
        source="school_attendance",
        title="School attendance",
        owner_role="data manager",
        expected_every_days=31,
        last_delivery=TODAY - dt.timedelta(days=40),
        rows=4167,
        previous_rows=4100,
        fields_gone_empty=["upn"],
    )
    world.families["south"].postcode = ""
    world.families["south"].save()
    html = _page(world.users["data_manager"], "data-quality")
    assert _table(html, "feeds") == [
        ["School attendance", f"{TODAY - dt.timedelta(days=40):%Y-%m-%d}", "4,167", "67", "Overdue", "upn"]
    ]
    checks = {r[0]: r[1:] for r in _table(html, "completeness")}
    assert checks["Families without a full postcode"] == ["1", "5"]
    assert checks["Needs from partner data without a record to prove them"] == ["0", "10"]


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("coordinator", {"programme", "needs", "caseloads", "data-quality"}),
        ("manager_north", {"programme", "needs", "caseloads"}),
        ("data_manager", {"programme", "needs", "data-quality"}),
        ("kw_north", set()),
        ("front_door", set()),
        ("school", set()),
        ("auditor", set()),
        ("admin", set()),
    ],
)
def test_who_may_see_which_dashboard(world: World, username: str, visible: set[str]) -> None:
    client = _client(world.users[username])
    assert client.get("/insight/").status_code == (200 if visible else 403)
    for slug in ("programme", "needs", "caseloads", "data-quality"):
        expected = 200 if slug in visible else 403
        assert client.get(f"/insight/{slug}/").status_code == expected, slug
        assert client.get(f"/insight/{slug}/funnel.csv").status_code in (
            (200, 404) if expected == 200 else (403,)
        )
    home = client.get("/", follow=True).content.decode()
    assert ('href="/insight/"' in home) == bool(visible)
    if not visible:
        assert AuditEntry.objects.filter(username=username, action="denied").exists()


def test_the_csv_download_is_the_table_with_safe_text(world: World) -> None:
    coordinator = world.users["coordinator"]
    PartnerFeed.objects.create(
        source="formula",
        title='=HYPERLINK("http://x")',
        owner_role="data manager",
        expected_every_days=31,
        last_delivery=TODAY,
        rows=12,
        previous_rows=20,
    )
    response = _client(coordinator).get("/insight/data-quality/feeds.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Feed",
        "Last delivery",
        "Rows",
        "Change from the delivery before",
        "Next delivery",
        "Fields gone empty",
    ]
    assert rows[1] == ['\'=HYPERLINK("http://x")', f"{TODAY:%Y-%m-%d}", "12", "-8", "On time", "None"]
    assert AuditEntry.objects.filter(username="coordinator", action="export").exists()


def test_the_funnel_csv_follows_the_filters_and_suppression(world: World) -> None:
    client = _client(world.users["coordinator"])
    rows = list(csv.reader(io.StringIO(client.get("/insight/programme/funnel.csv").content.decode())))
    assert rows[:2] == [["Step", "Families"], ["Identified", "4"]]
    rows = list(
        csv.reader(io.StringIO(client.get("/insight/programme/funnel.csv", {"area": "WX1"}).content.decode()))
    )
    assert rows[1] == ["Identified", "<5"]


def test_bad_filters_are_shown_as_errors(world: World) -> None:
    html = _page(world.users["coordinator"], "programme", from_month="2026-13", to_month="2026-01")
    assert "Enter a month as year and month, like 2026-04" in html
    html = _page(world.users["coordinator"], "programme", from_month="2026-05", to_month="2026-01")
    assert "The to month must be the same as or after the from month" in html
    html = _page(world.users["coordinator"], "programme", from_month="2020-01", to_month="2026-01")
    assert "Choose a period of 36 months or fewer" in html
    client = _client(world.users["coordinator"])
    assert client.get("/insight/programme/", {"area": "NOPE"}).status_code == 200
    assert client.get("/insight/programme/funnel.csv", {"to_month": "May"}).status_code == 400


def test_each_chart_is_an_accessible_svg(world: World) -> None:
    html = _page(world.users["coordinator"], "programme")
    charts = re.findall(r"<svg[^>]*>", html)
    assert len(charts) == 3
    assert all('role="img"' in c and "aria-label=" in c for c in charts)
    assert "<title>Families at each step of the programme</title>" in html


@pytest.mark.parametrize("slug", ["programme", "needs", "caseloads", "data-quality"])
def test_queries_do_not_grow_with_the_families(world: World, slug: str) -> None:
    """Figures are counted in the database: six more families (in six more areas) cost no more queries."""
    client = _client(world.users["coordinator"])
    with CaptureQueriesContext(connection) as before:
        client.get(f"/insight/{slug}/")
    north = world.families["north"]
    for i in range(6):
        family = Family.objects.create(
            origin=Source.PIPELINE,
            status=Family.Status.OPEN,
            postcode=f"WX{i} 2AB",
            eligible=True,
            team=north.team,
            lead_practitioner=north.lead_practitioner,
        )
        Need.objects.create(
            family=family, headline="education", headline_label="Education", source="pipeline"
        )
        CaseNote.objects.create(family=family, kind=CaseNote.Kind.PHONE, happened_on=TODAY, note="Call")
    with CaptureQueriesContext(connection) as after:
        client.get(f"/insight/{slug}/")
    assert len(after.captured_queries) == len(before.captured_queries)


def test_every_count_on_a_page_for_one_area_is_suppressed_below_five(world: World) -> None:
    coordinator = world.users["coordinator"]
    drift = _table(_page(coordinator, "caseloads", area="WX1"), "drift")
    hidden = ["Fewer than 5"] * 3  # one open case each, none overdue
    assert drift == [["Kw North", *hidden], ["Kw South", *hidden]]
    html = _page(coordinator, "data-quality", area="WX1")
    checks = {r[0]: r[1:] for r in _table(html, "completeness")}
    # the five families in WX1 are counted; none lacks a postcode, a count below five
    assert checks["Families without a full postcode"] == ["Fewer than 5", "5"]
    assert "fewer than 5 of 5" in html


def test_a_manager_may_not_filter_by_another_team(world: World) -> None:
    south = world.users["kw_south"].team
    assert south is not None
    html = _page(world.users["manager_north"], "programme", team=str(south.pk))
    assert "Select a valid choice" in html
    assert {row[0]: row[1] for row in _table(html, "funnel")}["Identified"] == "3"  # their own families
