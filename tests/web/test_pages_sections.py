"""Each role's family page carries only the sections it may read, and sensitive details only for the roles that
see them; the restriction is in the queries, not only in the template."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from web_world import World

from wholefamily.web.accounts.models import Role
from wholefamily.web.casework.access import SECTIONS
from wholefamily.web.casework.models import Evidence, Need, Suggestion, TimelineEvent
from wholefamily.web.casework.record.family_record import load_sections

SENSITIVE_VALUES = "Incident type: domestic abuse"
SENSITIVE_TITLE = "Police incident: domestic abuse"
SCHOOL_VALUES = "sessions missed: 40"
SCHOOL_TITLE = "Summer term attendance"


def _page(client: Client, world: World, username: str, family: str = "north") -> str:
    client.force_login(world.users[username])
    response = client.get(f"/families/{world.families[family].pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _section_ids(page: str) -> set[str]:
    return set(re.findall(r'<h2 class="govuk-heading-m" id="([a-z]+)"', page))


def test_keyworker_sees_every_section_and_sensitive_details(world: World, client: Client) -> None:
    page = _page(client, world, "kw_north")
    assert _section_ids(page) == {
        "summary",
        "casework",
        "members",
        "needs",
        "outcomes",
        "suggestions",
        "timeline",
        "team",
        "consent",
    }
    assert SENSITIVE_VALUES in page and SENSITIVE_TITLE in page and SCHOOL_VALUES in page
    assert "Details restricted" not in page
    assert "Add a practitioner to the team" in page and "Record consent" in page
    assert "Audit log" not in page and "Allocate" not in page


def test_school_partner_never_sees_domestic_abuse_details(world: World, client: Client) -> None:
    page = _page(client, world, "school")
    assert _section_ids(page) == {"summary", "casework", "members", "needs", "timeline", "team"}
    assert "Domestic abuse" in page and "Details restricted" in page
    assert SENSITIVE_VALUES not in page and SENSITIVE_TITLE not in page
    assert "A domestic abuse incident" not in page
    # no evidence section at all for partners, but the descriptor and the non-sensitive timeline show
    assert SCHOOL_VALUES not in page and "Persistent absence from school" in page and SCHOOL_TITLE in page
    assert "Add a practitioner" not in page and "Remove" not in page


def test_data_manager_sees_needs_and_evidence_but_no_timeline(world: World, client: Client) -> None:
    page = _page(client, world, "data_manager")
    assert _section_ids(page) == {"summary", "members", "needs", "outcomes"}
    assert "moj-timeline" not in page and SCHOOL_TITLE not in page
    assert SCHOOL_VALUES in page and SENSITIVE_VALUES not in page and "Details restricted" in page


def test_auditor_sees_sensitive_evidence_but_no_team_or_consent(world: World, client: Client) -> None:
    page = _page(client, world, "auditor", "south")
    assert _section_ids(page) == {"summary", "members", "needs", "outcomes", "suggestions"}
    assert SENSITIVE_VALUES in page
    assert "Team around the family" not in page and "Consent" not in page
    pk = world.families["south"].pk
    assert f'href="/families/{pk}/plan/"' in page and f'href="/families/{pk}/closure/"' in page


def test_coordinator_gets_the_audit_log_and_allocate_links(world: World, client: Client) -> None:
    page = _page(client, world, "coordinator")
    assert f"/families/{world.families['north'].pk}/audit/" in page
    assert f"/families/{world.families['north'].pk}/allocate/" in page


def test_administrator_sees_no_families(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    page = client.get("/").content.decode()
    assert "Go to Administration" in page and "/admin/" in page
    assert "WF0" not in page and "govuk-table" not in page


def test_pending_suggestions_are_listed_for_roles_that_see_sensitive_details(
    world: World, client: Client
) -> None:
    family = world.families["north"]
    Suggestion.objects.create(
        family=family, kind="new_member", key="P1", summary="Someone new: Sam Testperson", identify_run="r1"
    )
    Suggestion.objects.create(
        family=family, kind="need_gone", key="D1", summary="Old need", identify_run="r1", status="dismissed"
    )
    page = _page(client, world, "kw_north")
    assert "Someone new: Sam Testperson" in page and "Old need" not in page
    assert "Someone new: Sam Testperson" not in _page(client, world, "school")


def test_sensitive_rows_are_not_loaded_for_roles_that_may_not_see_them(world: World) -> None:
    family = world.families["north"]
    loaded = load_sections(family, SECTIONS[Role.PARTNER], sensitive=False)
    assert set(loaded) == {"memberships", "needs", "timeline", "team_members"}
    restricted = [group for group in loaded["needs"] if group.headline == "domestic_abuse"]
    assert len(restricted) == 1 and restricted[0].restricted and restricted[0].needs == []
    assert all(not event.sensitive for event in loaded["timeline"])
    full = load_sections(family, SECTIONS[Role.KEYWORKER], sensitive=True)
    assert any(event.sensitive for event in full["timeline"])
    assert {group.headline for group in full["needs"] if group.needs} == {"domestic_abuse", "education"}


def test_the_family_page_makes_the_same_queries_however_big_the_record(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/families/{family.pk}/").status_code == 200
        return len(captured)

    before = queries()
    parent = world.people["north_parent"]
    for i in range(4):
        need = Need.objects.create(
            family=family,
            headline=f"h{i}",
            headline_label=f"Headline {i}",
            descriptor_id=f"d{i}",
            source="pipeline",
        )
        need.people.add(parent)
        for j in range(3):
            Evidence.objects.create(
                need=need,
                person=parent,
                source="s",
                record_key=f"R{i}{j}",
                kind="k",
                event_date=dt.date(2026, 1, 1),
                event_key=f"{i}:{j}",
            )
        TimelineEvent.objects.create(
            family=family, person=parent, date=dt.date(2026, 1, 1), kind="k", title=f"E{i}", source="s"
        )
    assert queries() == before
