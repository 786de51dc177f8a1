"""The claims pages: the coordinator reviews a period's candidates and signs them off (a not-claimable family
only by an override with a recorded reason), the auditor draws a reproducible sample and records the spot
checks, only those roles may use them, every step is audited, and export-casework writes the register."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from web_world import USERS, World

from wholefamily.claims.register import read_register
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.claims.sample import allocate, draw
from wholefamily.web.casework.models import AuditSample, ClaimCandidate, ClaimSignOff, SampledClaim
from wholefamily.web.warehouse_sync.claims_export import export_claims
from wholefamily.workspace import Workspace

PERIOD = "2026Q3"
NOT_CLAIMABLE = [{"rule_id": "outcomes_met", "headline": "education", "reason": "attendance not sustained"}]


def _candidates(world: World) -> dict[str, ClaimCandidate]:
    made = {}
    for name in ("north", "south", "unallocated", "withdrawn"):
        made[name] = ClaimCandidate.objects.create(
            family=world.families[name],
            period=PERIOD,
            status="claimable",
            needs=2,
            headlines=2,
            claims_run="claims-1",
        )
    made["not_eligible"] = ClaimCandidate.objects.create(
        family=world.families["not_eligible"],
        period=PERIOD,
        status="not_claimable",
        needs=2,
        headlines=2,
        reasons=NOT_CLAIMABLE,
        claims_run="claims-1",
    )
    return made


def _as(client: Client, world: World, username: str) -> Client:
    client.force_login(world.users[username])
    return client


# access ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", sorted(USERS))
def test_only_the_coordinator_reviews_and_signs_off(world: World, client: Client, username: str) -> None:
    candidate = _candidates(world)["north"]
    _as(client, world, username)
    review = client.get(f"/claims/{PERIOD}/")
    signed = client.post(f"/claims/{PERIOD}/{candidate.pk}/sign-off/")
    if username == "coordinator":
        assert review.status_code == 200 and signed.status_code == 302
        assert ClaimSignOff.objects.filter(family=candidate.family).exists()
    else:
        assert (review.status_code, signed.status_code) == (403, 403)
        assert not ClaimSignOff.objects.exists()
        assert AuditEntry.objects.filter(
            action="denied", username=username, summary="Not allowed to sign off claims"
        ).exists()


@pytest.mark.parametrize("username", sorted(USERS))
def test_only_the_auditor_samples_and_checks(world: World, client: Client, username: str) -> None:
    candidates = _candidates(world)
    sign_off = ClaimSignOff.objects.create(
        family=candidates["north"].family, period=PERIOD, signed_off_by=world.users["coordinator"]
    )
    sample = AuditSample.objects.create(period=PERIOD, size=1, seed=1, drawn_by=world.users["auditor"])
    sampled = SampledClaim.objects.create(sample=sample, sign_off=sign_off, stratum="education", position=1)
    _as(client, world, username)
    pages = [
        client.get(f"/claims/{PERIOD}/samples/"),
        client.post(f"/claims/{PERIOD}/samples/", {"size": "1", "seed": "7"}),
        client.get(f"/audit-samples/{sample.pk}/"),
        client.post(
            f"/audit-samples/claims/{sampled.pk}/",
            {"eligible": "yes", "whole_family": "yes", "meets_rules": "no", "note": "plan goal missing"},
        ),
    ]
    codes = [page.status_code for page in pages]
    if username == "auditor":
        assert codes == [200, 302, 200, 302]
        sampled.refresh_from_db()
        assert (sampled.eligible, sampled.whole_family, sampled.meets_rules) == (True, True, False)
        assert sampled.checked_by == world.users["auditor"] and sampled.note == "plan goal missing"
    else:
        assert codes == [403, 403, 403, 403]
        assert AuditSample.objects.count() == 1 and SampledClaim.objects.get().checked_at is None


@pytest.mark.parametrize(("username", "code"), [("coordinator", 200), ("auditor", 200), ("kw_north", 403)])
def test_the_evidence_pack_is_served_to_the_coordinator_and_auditor_and_audited(
    world: World, client: Client, settings: Any, tmp_path: Path, username: str, code: int
) -> None:
    candidate = _candidates(world)["north"]
    settings.CLAIMS_FOLDER = tmp_path
    (tmp_path / PERIOD).mkdir()
    (tmp_path / PERIOD / "F-north.html").write_text("<h1>Evidence pack F-north</h1>", "utf-8")
    page = _as(client, world, username).get(f"/claims/{PERIOD}/{candidate.pk}/evidence/")
    assert page.status_code == code
    if code == 200:
        assert b"Evidence pack F-north" in page.content
        assert "default-src 'none'" in page["Content-Security-Policy"]
        assert AuditEntry.objects.filter(
            username=username, family_id=candidate.family_id, summary__contains="evidence pack"
        ).exists()
    south = ClaimCandidate.objects.get(family=world.families["south"])
    assert _as(client, world, "coordinator").get(f"/claims/{PERIOD}/{south.pk}/evidence/").status_code == 404


def test_a_user_not_signed_in_is_sent_to_sign_in(world: World, client: Client) -> None:
    assert client.get(f"/claims/{PERIOD}/").status_code == 302


# sign-off ----------------------------------------------------------------------------------------------------


def test_the_review_lists_candidates_with_reasons_and_records_who_signed_off(
    world: World, client: Client
) -> None:
    candidates = _candidates(world)
    _as(client, world, "coordinator")
    page = client.get("/claims/", follow=True).content.decode()
    assert f"Claims for {PERIOD}" in page and "attendance not sustained" in page
    assert "(Getting a good education)" in page and "(education)" not in page, "the headline in words"
    override = client.get(f"/claims/{PERIOD}/{candidates['not_eligible'].pk}/sign-off/").content.decode()
    assert "attendance not sustained (Getting a good education)" in override
    assert client.get(f"/claims/{PERIOD}/{candidates['north'].pk}/sign-off/").status_code == 200
    client.post(f"/claims/{PERIOD}/{candidates['north'].pk}/sign-off/")
    done = ClaimSignOff.objects.get()
    assert (done.family, done.signed_off_by, done.override, done.reason) == (
        world.families["north"],
        world.users["coordinator"],
        False,
        "",
    )
    entry = AuditEntry.objects.get(action="create", object_type="claimsignoff")
    assert entry.family_id == done.family_id and "as claimable" in entry.summary
    assert "Signed off by coordinator" in client.get(f"/claims/{PERIOD}/").content.decode()


def test_an_override_needs_a_recorded_reason(world: World, client: Client) -> None:
    candidate = _candidates(world)["not_eligible"]
    _as(client, world, "coordinator")
    url = f"/claims/{PERIOD}/{candidate.pk}/sign-off/"
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and not ClaimSignOff.objects.exists()
    assert "Give the reason for the local discretionary override" in refused.content.decode()
    assert client.post(url, {"reason": "Attendance recovered after a school move"}).status_code == 302
    done = ClaimSignOff.objects.get()
    assert done.override and done.reason == "Attendance recovered after a school move"
    entry = AuditEntry.objects.get(action="create", object_type="claimsignoff")
    assert "local discretionary override" in entry.summary and entry.detail["reason"] == done.reason


def test_a_family_is_signed_off_once(world: World, client: Client) -> None:
    candidate = _candidates(world)["north"]
    ClaimSignOff.objects.create(
        family=candidate.family, period="2026Q2", signed_off_by=world.users["coordinator"]
    )
    answer = _as(client, world, "coordinator").post(f"/claims/{PERIOD}/{candidate.pk}/sign-off/")
    assert answer.status_code == 409 and "already signed off for 2026Q2" in answer.content.decode()
    assert ClaimSignOff.objects.count() == 1


# the auditor's sample ----------------------------------------------------------------------------------------


def test_the_sample_is_stratified_and_reproducible_from_its_seed() -> None:
    claims = [(f"F{i:03}", "education" if i % 3 else "housing") for i in range(30)]
    assert allocate({"education": 20, "housing": 10}, 6) == {"education": 4, "housing": 2}
    first = draw(claims, 6, seed=42)
    assert first == draw(list(reversed(claims)), 6, seed=42)  # the order the claims come in does not matter
    assert [d.stratum for d in first].count("housing") == 2
    assert len({d.key for d in first}) == 6 and {(d.key, d.stratum) for d in first} <= set(claims)
    assert any(draw(claims, 6, seed=seed) != first for seed in range(43, 53))
    assert len(draw(claims, 100, seed=1)) == 30  # at most every claim


def test_the_same_seed_draws_the_same_sample_in_the_site(world: World, client: Client) -> None:
    for candidate in _candidates(world).values():
        ClaimSignOff.objects.create(
            family=candidate.family, period=PERIOD, signed_off_by=world.users["coordinator"]
        )
    _as(client, world, "auditor")
    for seed in ("11", "11", "12"):
        client.post(f"/claims/{PERIOD}/samples/", {"size": "3", "seed": seed})
    drawn = [
        [c.sign_off.family_id for c in sample.claims.order_by("position")]
        for sample in AuditSample.objects.order_by("pk")
    ]
    assert len(drawn[0]) == 3 and drawn[0] == drawn[1]
    entries = AuditEntry.objects.filter(action="create", object_type="auditsample")
    assert [e.summary[-9:] for e in entries.order_by("pk")] == ["(seed 11)", "(seed 11)", "(seed 12)"]


def test_a_check_needs_every_answer_and_is_audited(world: World, client: Client) -> None:
    candidate = _candidates(world)["north"]
    sign_off = ClaimSignOff.objects.create(
        family=candidate.family, period=PERIOD, signed_off_by=world.users["coordinator"]
    )
    sample = AuditSample.objects.create(period=PERIOD, size=1, seed=1, drawn_by=world.users["auditor"])
    sampled = SampledClaim.objects.create(sample=sample, sign_off=sign_off, stratum="education", position=1)
    _as(client, world, "auditor")
    url = f"/audit-samples/claims/{sampled.pk}/"
    assert client.post(url, {"eligible": "yes"}).status_code == 200
    assert SampledClaim.objects.get().checked_at is None
    client.post(url, {"eligible": "yes", "whole_family": "no", "meets_rules": "yes", "note": ""})
    entry = AuditEntry.objects.get(action="change", object_type="sampledclaim")
    assert entry.family_id == candidate.family_id and "whole-family working no" in entry.summary


# the register ------------------------------------------------------------------------------------------------


def test_export_writes_the_signed_off_claims_to_the_register(world: World, tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("claims export test")
    candidates = _candidates(world)
    for name in ("north", "not_eligible"):
        ClaimSignOff.objects.create(
            family=candidates[name].family,
            period=PERIOD,
            signed_off_by=world.users["coordinator"],
            override=name == "not_eligible",
            reason="discretion" if name == "not_eligible" else "",
        )
    result = export_claims(workspace)
    assert result.claims == 2 and result.path == workspace.claims_register
    register = read_register(workspace.claims_register)
    assert {(c.family_id, c.period, c.status, c.signed_off_by) for c in register.claims} == {
        ("F-north", PERIOD, "submitted", "coordinator"),
        ("F-not_eligible", PERIOD, "submitted", "coordinator"),
    }


# withdrawal --------------------------------------------------------------------------------------------------


def test_the_coordinator_withdraws_a_sign_off_with_a_reason_and_may_sign_off_again(
    world: World, client: Client, tmp_path: Path
) -> None:
    candidates = _candidates(world)
    _as(client, world, "coordinator")
    client.post(f"/claims/{PERIOD}/{candidates['not_eligible'].pk}/sign-off/", {"reason": "school move"})
    url = f"/claims/{PERIOD}/{candidates['not_eligible'].pk}/withdraw/"
    assert "Withdraw" in client.get(f"/claims/{PERIOD}/").content.decode()
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": " "})
    assert (
        refused.status_code == 200
        and "Give the reason for withdrawing the sign-off" in refused.content.decode()
    )
    assert ClaimSignOff.objects.live().count() == 1
    assert client.post(url, {"reason": "Attendance fell again in December"}).status_code == 302
    done = ClaimSignOff.objects.get()
    assert done.withdrawn_by == world.users["coordinator"] and done.withdrawn_at is not None
    assert done.withdrawn_reason == "Attendance fell again in December"
    entry = AuditEntry.objects.get(action="change", object_type="claimsignoff")
    assert entry.family_id == done.family_id and entry.detail["reason"] == done.withdrawn_reason
    assert "Withdrew the sign-off of the 2026Q3 claim" in entry.summary
    page = client.get(f"/claims/{PERIOD}/").content.decode()
    assert "Sign-off withdrawn by coordinator" in page and "Attendance fell again in December" in page
    assert client.post(url, {"reason": "again"}).status_code == 409  # nothing left to withdraw

    workspace = Workspace(tmp_path / "ws")
    workspace.create("claims withdrawal test")
    export_claims(workspace)
    (withdrawn,) = read_register(workspace.claims_register).claims
    assert (withdrawn.family_id, withdrawn.status, withdrawn.override_reason) == (
        "F-not_eligible",
        "withdrawn",
        "",
    )

    client.post(f"/claims/{PERIOD}/{candidates['not_eligible'].pk}/sign-off/", {"reason": "reviewed again"})
    assert ClaimSignOff.objects.count() == 2 and ClaimSignOff.objects.live().count() == 1
    export_claims(workspace)
    (again,) = read_register(workspace.claims_register).claims
    assert (again.status, again.override_reason) == ("submitted", "reviewed again")


def test_a_submitted_claim_cannot_be_withdrawn_and_only_the_coordinator_withdraws(
    world: World, client: Client
) -> None:
    candidates = _candidates(world)
    for name in ("north", "south"):
        ClaimSignOff.objects.create(
            family=candidates[name].family, period=PERIOD, signed_off_by=world.users["coordinator"]
        )
    ClaimCandidate.objects.filter(pk=candidates["south"].pk).update(status="submitted")
    answer = _as(client, world, "coordinator").post(
        f"/claims/{PERIOD}/{candidates['south'].pk}/withdraw/", {"reason": "too late"}
    )
    assert answer.status_code == 409 and "already submitted" in answer.content.decode()
    for username in ("auditor", "kw_north", "data_manager"):
        refused = _as(client, world, username).post(
            f"/claims/{PERIOD}/{candidates['north'].pk}/withdraw/", {"reason": "not mine to withdraw"}
        )
        assert refused.status_code == 403
    assert ClaimSignOff.objects.live().count() == 2


def test_export_writes_the_override_reason_to_the_register(world: World, tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("claims export test")
    candidates = _candidates(world)
    for name in ("north", "not_eligible"):
        ClaimSignOff.objects.create(
            family=candidates[name].family,
            period=PERIOD,
            signed_off_by=world.users["coordinator"],
            override=name == "not_eligible",
            reason="discretion" if name == "not_eligible" else "",
        )
    export_claims(workspace)
    reasons = {c.family_id: c.override_reason for c in read_register(workspace.claims_register).claims}
    assert reasons == {"F-north": "", "F-not_eligible": "discretion"}
    assert (workspace.claims_register.parent / "claims.dictionary.csv").is_file()


# the auditor and an overridden family ------------------------------------------------------------------------


def test_the_auditor_reads_an_overridden_familys_evidence_in_the_spot_check_and_nothing_more(
    world: World, client: Client
) -> None:
    family = _candidates(world)["not_eligible"].family
    sign_off = ClaimSignOff.objects.create(
        family=family,
        period=PERIOD,
        signed_off_by=world.users["coordinator"],
        override=True,
        reason="discretion",
    )
    sample = AuditSample.objects.create(period=PERIOD, size=1, seed=1, drawn_by=world.users["auditor"])
    sampled = SampledClaim.objects.create(sample=sample, sign_off=sign_off, stratum="education", position=1)
    _as(client, world, "auditor")
    listing = client.get(f"/audit-samples/{sample.pk}/").content.decode()
    assert f"/families/{family.pk}/" not in listing  # no link that would only answer "Page not found"
    page = client.get(f"/audit-samples/claims/{sampled.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and f"/families/{family.pk}/" not in text
    assert "Persistent absence from school" in text and "ATT-1" in text
    # codes in plain words: the evidence's values and kind, the reason's headline
    assert "Sessions possible: 180; sessions missed: 40" in text and "sessions_missed" not in text
    assert "attendance not sustained (Getting a good education)" in text and "(education)" not in text
    assert AuditEntry.objects.filter(
        username="auditor", family_id=family.pk, summary__contains="to check it"
    ).exists()
    # the sample opens the spot check, not the family: its record and search stay closed to the auditor
    assert client.get(f"/families/{family.pk}/").status_code == 404
    assert f"/families/{family.pk}/" not in client.get("/search/", {"q": family.reference}).content.decode()


def test_the_spot_check_of_an_eligible_family_links_its_record(world: World, client: Client) -> None:
    family = _candidates(world)["north"].family
    sign_off = ClaimSignOff.objects.create(
        family=family, period=PERIOD, signed_off_by=world.users["coordinator"]
    )
    sample = AuditSample.objects.create(period=PERIOD, size=1, seed=1, drawn_by=world.users["auditor"])
    sampled = SampledClaim.objects.create(sample=sample, sign_off=sign_off, stratum="education", position=1)
    _as(client, world, "auditor")
    assert f"/families/{family.pk}/" in client.get(f"/audit-samples/{sample.pk}/").content.decode()
    assert f"/families/{family.pk}/" in client.get(f"/audit-samples/claims/{sampled.pk}/").content.decode()
