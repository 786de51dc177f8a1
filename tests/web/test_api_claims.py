"""The claims API: read-only, for the coordinator and the auditor only (every other role 403, audited), a
period's candidates with their status, reasons and sign-offs, and one candidate's evidence summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_helpers import all_results, token_client
from rest_framework.test import APIClient
from web_world import USERS, World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import ClaimCandidate, ClaimSignOff, NeedOutcome

PERIOD = "2026Q3"
REASONS = [{"rule_id": "outcomes_met", "headline": "education", "reason": "attendance not sustained"}]


def _candidates(world: World) -> dict[str, ClaimCandidate]:
    return {
        name: ClaimCandidate.objects.create(
            family=world.families[name],
            period=PERIOD,
            status=status,
            needs=2,
            headlines=2,
            reasons=REASONS if status == "not_claimable" else [],
            claims_run="claims-1",
        )
        for name, status in (
            ("north", "claimable"),
            ("not_eligible", "not_claimable"),
            ("south", "submitted"),
        )
    }


@pytest.mark.parametrize("username", sorted(USERS))
def test_only_the_coordinator_and_the_auditor_read_claims(world: World, username: str) -> None:
    candidate = _candidates(world)["north"]
    client = token_client(world.users[username])
    listed = client.get(f"/api/claims/{PERIOD}/")
    one = client.get(f"/api/claims/{PERIOD}/{candidate.pk}/")
    if username in ("coordinator", "auditor"):
        assert (listed.status_code, one.status_code) == (200, 200)
    else:
        assert (listed.status_code, one.status_code) == (403, 403)
        assert "does not allow you to read claims" in listed.json()["detail"]
        assert (
            AuditEntry.objects.filter(
                action="denied", username=username, summary="Not allowed to read claims"
            ).count()
            == 2
        )


def test_not_signed_in_is_401_and_writes_are_refused(world: World) -> None:
    assert APIClient().get(f"/api/claims/{PERIOD}/").status_code == 401
    client = token_client(world.users["coordinator"])
    assert client.post(f"/api/claims/{PERIOD}/", {}).status_code == 405
    assert client.delete(f"/api/claims/{PERIOD}/1/").status_code == 405


def test_the_list_gives_status_reasons_and_sign_offs_and_is_audited(world: World) -> None:
    candidates = _candidates(world)
    coordinator = world.users["coordinator"]
    withdrawn = ClaimSignOff.objects.create(
        family=world.families["not_eligible"],
        period=PERIOD,
        signed_off_by=coordinator,
        override=True,
        reason="x",
    )
    ClaimSignOff.objects.filter(pk=withdrawn.pk).update(
        withdrawn_at=withdrawn.signed_off_at, withdrawn_by=coordinator, withdrawn_reason="fell again"
    )
    ClaimSignOff.objects.create(family=world.families["south"], period=PERIOD, signed_off_by=coordinator)
    items = all_results(token_client(world.users["auditor"]), f"/api/claims/{PERIOD}/")
    by_reference = {item["reference"]: item for item in items}
    assert len(items) == 3
    north = by_reference[candidates["north"].family.reference]
    assert (north["status"], north["reasons"], north["sign_offs"]) == ("claimable", [], [])
    other = by_reference[candidates["not_eligible"].family.reference]
    assert other["status_label"] == "Not claimable" and other["reasons"] == REASONS
    (signed,) = other["sign_offs"]
    assert signed["override"] and signed["withdrawn_by"] == "coordinator"
    assert signed["withdrawn_reason"] == "fell again"
    south = by_reference[candidates["south"].family.reference]
    assert (
        south["sign_offs"][0]["signed_off_by"] == "coordinator"
        and south["sign_offs"][0]["withdrawn_at"] is None
    )
    assert AuditEntry.objects.filter(
        action="view", username="auditor", summary=f"Listed the {PERIOD} claim candidates"
    ).exists()
    client = token_client(world.users["coordinator"])
    assert client.get("/api/claims/2026Q5/").status_code == 404
    assert all_results(client, "/api/claims/2026Q2/") == []


def test_a_candidates_evidence_summary(world: World, settings: Any, tmp_path: Path) -> None:
    candidates = _candidates(world)
    candidate = candidates["north"]
    need = candidate.family.needs.get(headline="education")
    NeedOutcome.objects.create(
        need=need, horizon_days=183, status="met", records=3, outcomes_run="outcomes-1"
    )
    settings.CLAIMS_FOLDER = tmp_path
    (tmp_path / PERIOD).mkdir()
    (tmp_path / PERIOD / "F-north.html").write_text("<h1>pack</h1>", "utf-8")
    client = token_client(world.users["coordinator"])
    body = client.get(f"/api/claims/{PERIOD}/{candidate.pk}/").json()
    assert body["candidate"]["id"] == candidate.pk and body["candidate"]["status"] == "claimable"
    needs = {n["headline"]: n for n in body["needs"]}
    assert set(needs) == {"education", "domestic_abuse"}
    assert needs["education"]["evidence_records"] == 1
    assert needs["education"]["outcomes"] == [
        {
            "horizon_days": 183,
            "status": "met",
            "reason": "",
            "records": 3,
            "window_end": None,
            "outcomes_run": "outcomes-1",
        }
    ]
    assert body["evidence_pack"].endswith(f"/claims/{PERIOD}/{candidate.pk}/evidence/")
    assert AuditEntry.objects.filter(
        action="view",
        username="coordinator",
        family_id=candidate.family_id,
        summary__contains="evidence summary",
    ).exists()
    no_pack = client.get(f"/api/claims/{PERIOD}/{candidates['not_eligible'].pk}/").json()
    assert no_pack["evidence_pack"] is None
    assert client.get(f"/api/claims/2026Q2/{candidate.pk}/").status_code == 404  # not of that period
    assert client.get(f"/api/claims/{PERIOD}/nonsense/").status_code == 404
