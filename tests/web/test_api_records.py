"""What a family record holds in JSON, by role: only the sections the role may read, sensitive details
restricted for roles that may not see them, and the hidden parts never queried at all."""

from __future__ import annotations

from typing import Any

from api_helpers import token_client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from web_world import World

SECTION_KEYS = {"members", "needs", "timeline", "team", "consent"}
SENSITIVE_TITLE = "Police incident: domestic abuse"
SENSITIVE_VALUES = "incident_type=domestic_abuse"
SCHOOL_VALUES = "sessions_missed=40"


def _record(world: World, username: str, family: str = "north") -> tuple[dict[str, Any], str, list[str]]:
    client = token_client(world.users[username])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/families/{world.families[family].pk}/")
    assert response.status_code == 200
    return response.json(), response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _group(record: dict[str, Any], headline: str) -> dict[str, Any]:
    return next(g for g in record["needs"] if g["headline"] == headline)


#: A column each section's query reads (the access check itself may look at these tables, never these columns).
_COLUMNS = {
    "evidence": '"casework_evidence"."values"',
    "timeline": '"casework_timelineevent"."title"',
    "team": '"casework_teammember"."role_in_team"',
    "consent": '"casework_consent"."how"',
}


def _queried(sql: list[str], section: str) -> bool:
    return any(_COLUMNS[section] in q for q in sql)


def test_keyworker_reads_everything_including_sensitive_details(world: World) -> None:
    record, _, _ = _record(world, "kw_north")
    assert record.keys() >= SECTION_KEYS
    assert record["allocated_team"] == "North" and record["lead_practitioner"] == "Kw North"
    assert {m["person"]["full_name"] for m in record["members"]} == {
        "ParentNorth Testperson",
        "ChildNorth Testperson",
    }
    abuse = _group(record, "domestic_abuse")
    assert abuse["restricted"] is False
    assert abuse["needs"][0]["evidence"][0]["values"].startswith(SENSITIVE_VALUES)
    assert SENSITIVE_TITLE in [e["title"] for e in record["timeline"]]
    assert [t["practitioner"] for t in record["team"]] == ["School", "Police"]
    assert record["consent"][0]["agency"] == "school" and record["consent"][0]["active"] is True


def test_school_partner_gets_no_evidence_no_consent_and_no_sensitive_details(world: World) -> None:
    record, text, sql = _record(world, "school")
    assert record["sections"] == ["closure", "journey", "members", "needs", "plan", "team", "timeline"]
    assert set(record) & SECTION_KEYS == {"members", "needs", "timeline", "team"}
    abuse = _group(record, "domestic_abuse")
    assert abuse == {
        "headline": "domestic_abuse",
        "headline_label": "Domestic abuse",
        "restricted": True,
        "needs": [],
    }
    education = _group(record, "education")
    assert education["restricted"] is False and "evidence" not in education["needs"][0]
    # sensitive events are left out of the timeline altogether, as on the family page
    assert [e["kind"] for e in record["timeline"]] == ["school_attendance"]
    for secret in (SENSITIVE_TITLE, SENSITIVE_VALUES, SCHOOL_VALUES, "domestic_abuse_incident"):
        assert secret not in text
    # never loaded, not merely hidden
    assert not _queried(sql, "evidence") and not _queried(sql, "consent")
    titles = [q for q in sql if '"casework_timelineevent"."title"' in q]
    assert titles and all('NOT (("casework_timelineevent"."sensitive" OR' in q for q in titles)


def test_data_manager_gets_members_needs_and_evidence_only(world: World) -> None:
    record, text, sql = _record(world, "data_manager")
    assert set(record) & SECTION_KEYS == {"members", "needs"}
    assert _group(record, "education")["needs"][0]["evidence"][0]["values"].endswith(SCHOOL_VALUES)
    assert _group(record, "domestic_abuse")["restricted"] is True
    assert SENSITIVE_VALUES not in text
    assert not any(_queried(sql, s) for s in ("timeline", "team", "consent"))


def test_auditor_gets_no_team_or_consent_but_sees_sensitive_evidence(world: World) -> None:
    record, _, sql = _record(world, "auditor", "south")
    assert set(record) & SECTION_KEYS == {"members", "needs"}
    assert _group(record, "domestic_abuse")["needs"][0]["evidence"][0]["values"].startswith(SENSITIVE_VALUES)
    assert not any(_queried(sql, s) for s in ("timeline", "team", "consent"))


def test_administrator_sees_nothing(world: World) -> None:
    client = token_client(world.users["admin"])
    assert client.get("/api/families/").json()["results"] == []
    assert client.get("/api/people/").json()["results"] == []
    for family in world.families.values():
        assert client.get(f"/api/families/{family.pk}/").status_code == 404


def test_front_door_reads_an_unallocated_family_in_full(world: World) -> None:
    record, _, _ = _record(world, "front_door", "unallocated")
    assert record.keys() >= SECTION_KEYS
    assert record["allocated_team"] is None and record["lead_practitioner"] is None
    assert record["team"] == [] and record["consent"] == []
