"""The families behind the dashboard: each count links to a list that shows exactly those families; the team's
list filters by status, level, worker, need and review date, sorts, pages, and shows only what the user may
open; every view is audited."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Family, Referral, Source, TimelineEvent

TODAY = dt.date.today()
LIST = "/dashboard/families/"


def _triaged(family: Family, level: int) -> None:
    Referral.objects.create(
        family=family,
        received_on=TODAY - dt.timedelta(days=400),
        origin=Referral.Origin.AGENCY,
        reason="Worried",
        level_of_need=level,
        route=Referral.Route.EARLY_HELP,
        decision_reason="Early help",
        triaged_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
    )


def _references(page: str) -> list[str]:
    table = page[page.index('id="families-found"') :]
    return re.findall(r'href="/families/\d+/">(WF\d{6})</a>', table)


def _get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_each_count_on_the_dashboard_links_to_the_families_it_counts(world: World, client: Client) -> None:
    north, withdrawn = world.families["north"], world.families["withdrawn"]
    _triaged(north, 3)  # opened 400 days ago, never reviewed: overdue and open more than a year
    TimelineEvent.objects.create(
        family=north,
        date=TODAY - dt.timedelta(days=399),
        kind="allocation",
        title="Allocated",
        source="casework",
    )
    withdrawn.status = Family.Status.ACCEPTED
    withdrawn.save()
    client.force_login(world.users["manager_north"])
    dashboard = _get(client, "/dashboard/")
    counts = dashboard[
        dashboard.index('id="counts"') : dashboard.index("</ul>", dashboard.index('id="counts"'))
    ]
    links = re.findall(r'href="(/dashboard/families/\?[^"]*)">(\d+) ', counts)
    assert len(links) == 4 and "No referrals waiting for triage" in counts  # nothing to link to
    for href, count in links:
        assert len(_references(_get(client, href.replace("&amp;", "&")))) == int(count), href
    expected = {
        "status=accepted": [withdrawn.reference],
        "review=overdue&amp;sort=review": [north.reference],
        "open=over_a_year": [north.reference],
        "status=identified&amp;eligible=yes": [world.families["unallocated"].reference],
    }
    for query, references in expected.items():
        assert _references(_get(client, f"{LIST}?{query}".replace("&amp;", "&"))) == references
    caseload = re.search(r'href="(/dashboard/families/\?status=held&amp;worker=\d+)">1<', dashboard)
    assert caseload is not None
    assert _references(_get(client, caseload[1].replace("&amp;", "&"))) == [north.reference]


def test_filters_by_level_worker_and_need_and_sorts(world: World, client: Client) -> None:
    north, unallocated = world.families["north"], world.families["unallocated"]
    _triaged(north, 3)
    _triaged(unallocated, 1)
    client.force_login(world.users["manager_north"])
    everyone = _references(_get(client, LIST))
    assert world.families["south"].reference not in everyone  # another team's family is never listed
    assert set(everyone) == {
        f.reference for k, f in world.families.items() if k in world.may_open("manager_north")
    }
    assert _references(_get(client, f"{LIST}?level=3")) == [north.reference]
    assert _references(_get(client, f"{LIST}?level=none")) == sorted(
        f.reference for k, f in world.families.items() if k in {"withdrawn", "not_eligible"}
    )
    kw = world.users["kw_north"].pk
    assert _references(_get(client, f"{LIST}?worker={kw}")) == [north.reference]
    assert len(_references(_get(client, f"{LIST}?need=education"))) == 4
    assert _references(_get(client, f"{LIST}?need=child_safety")) == []
    assert _references(_get(client, f"{LIST}?sort=level"))[:2] == [north.reference, unallocated.reference]


def test_a_worker_of_another_team_is_refused_and_nothing_more_is_shown(world: World, client: Client) -> None:
    client.force_login(world.users["manager_north"])
    page = _get(client, f"{LIST}?worker={world.users['kw_south'].pk}")
    assert "Select a valid choice" in page and "<title>Error:" in page
    assert world.families["south"].reference not in page


def test_the_list_is_paged_and_audited(world: World, client: Client) -> None:
    for i in range(55):
        Family.objects.create(
            origin=Source.PIPELINE, status=Family.Status.IDENTIFIED, eligible=True, address=f"{i}"
        )
    client.force_login(world.users["manager_north"])
    first = _get(client, f"{LIST}?status=identified")
    assert "57 families" in first and len(_references(first)) == 50
    assert "page=2" in first and "status=identified" in first[first.index("govuk-pagination") :]
    assert len(_references(_get(client, f"{LIST}?status=identified&page=2"))) == 7
    entry = AuditEntry.objects.filter(summary="Team families").latest("pk")
    assert entry.username == "manager_north" and entry.detail["filters"] == {"status": "identified"}
    assert len(entry.detail["families"]) == 7


def test_only_the_roles_that_allocate_see_the_list(world: World, client: Client) -> None:
    for username in ("kw_north", "school", "data_manager", "auditor", "front_door"):
        client.force_login(world.users[username])
        assert client.get(LIST).status_code == 403, username
    client.force_login(world.users["coordinator"])
    assert world.families["south"].reference in _get(client, LIST)
