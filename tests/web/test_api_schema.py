"""The OpenAPI schema is complete and valid, and the docs page describes the API without signing in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from drf_spectacular.validation import validate_schema

_CHANGED = {"200", "400", "401", "403", "404", "409"}

#: The answers each operation documents (the views raise nothing else).
EXPECTED_RESPONSES = {
    ("get", "/api/families/"): {"200", "400", "401"},
    ("post", "/api/families/"): {"201", "400", "401", "403"},
    ("get", "/api/families/{id}/"): {"200", "401", "404"},
    ("get", "/api/people/"): {"200", "400", "401"},
    ("get", "/api/people/{id}/"): {"200", "401", "404"},
    ("post", "/api/token/"): {"200", "400", "401", "429"},
    ("delete", "/api/token/"): {"204", "401", "403"},
    # The journey: front door.
    ("post", "/api/families/{id}/triage/"): {"200", "400", "401", "403", "404", "409"},
    ("post", "/api/families/{id}/allocation/"): {"200", "400", "401", "403", "404", "409"},
    ("get", "/api/caseloads/"): {"200", "401", "403"},
    ("get", "/api/dashboard/"): {"200", "401", "403"},
    # Consent.
    ("post", "/api/families/{id}/consent/"): {"201", "400", "401", "403", "404"},
    ("post", "/api/families/{id}/consent/{consent_id}/withdraw/"): {"200", "401", "403", "404"},
    # The journey: closure.
    ("get", "/api/families/{id}/closure/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/closure/"): {"201", "400", "401", "403", "404", "409"},
    ("post", "/api/families/{id}/step-up/"): {"201", "400", "401", "403", "404", "409"},
    ("post", "/api/families/{id}/step-down/"): {"201", "400", "401", "403", "404", "409"},
    ("post", "/api/families/{id}/re-referral/"): {"201", "400", "401", "403", "404", "409"},
    # The journey: assessment, wellbeing and the family plan.
    ("get", "/api/families/{id}/assessments/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/assessments/"): {"201", "400", "401", "403", "404", "409"},
    ("post", "/api/families/{id}/assessments/{assessment_id}/members/"): _CHANGED,
    ("post", "/api/families/{id}/assessments/{assessment_id}/needs/"): _CHANGED,
    ("post", "/api/families/{id}/assessments/{assessment_id}/family-view/"): _CHANGED,
    ("post", "/api/families/{id}/assessments/{assessment_id}/complete/"): _CHANGED,
    ("get", "/api/families/{id}/wellbeing/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/wellbeing/"): {"201", "400", "401", "403", "404", "409"},
    ("get", "/api/families/{id}/plan/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/plan/goals/"): {"201", "400", "401", "403", "404", "409"},
    ("patch", "/api/families/{id}/plan/goals/{goal_id}/"): _CHANGED,
    ("post", "/api/families/{id}/plan/goals/{goal_id}/actions/"): {"201", "400", "401", "403", "404", "409"},
    ("patch", "/api/families/{id}/plan/actions/{action_id}/"): _CHANGED,
    # journey: work
    ("get", "/api/interventions/"): {"200", "401"},
    ("get", "/api/families/{id}/meetings/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/meetings/"): {"201", "400", "401", "403", "404", "409"},
    ("get", "/api/families/{id}/reviews/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/reviews/"): {"201", "400", "401", "403", "404", "409"},
    ("get", "/api/families/{id}/intervention-suggestions/"): {"200", "401", "403", "404"},
    ("get", "/api/families/{id}/intervention-referrals/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/intervention-referrals/"): {"201", "400", "401", "403", "404", "409"},
    ("patch", "/api/families/{id}/intervention-referrals/{referral_id}/"): _CHANGED,
    ("get", "/api/families/{id}/case-notes/"): {"200", "401", "403", "404"},
    ("post", "/api/families/{id}/case-notes/"): {"201", "400", "401", "403", "404"},
    ("post", "/api/families/{id}/case-notes/{note_id}/amendments/"): {"201", "400", "401", "403", "404"},
    # Visits offline: the copy (410 when none is live), a note sent again (200), a conflict of values (409).
    ("get", "/api/families/{id}/offline/"): {"200", "401", "403", "404", "410"},
    ("post", "/api/families/{id}/offline/notes/"): {"200", "201", "400", "401", "403", "404"},
    ("post", "/api/families/{id}/offline/actions/{action_id}/"): _CHANGED,
    # Results claims, read-only.
    ("get", "/api/claims/{period}/"): {"200", "401", "403", "404"},
    ("get", "/api/claims/{period}/{candidate_id}/"): {"200", "401", "403", "404"},
}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    # --validate checks against the OpenAPI 3 JSON schema; --fail-on-warn fails on any generator warning
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(Path(out).read_text())  # type: ignore[no-any-return]


def test_schema_is_valid_openapi_3_with_every_answer_documented(schema: dict) -> None:  # type: ignore[type-arg]
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    operations = {
        (method, path): set(operation["responses"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert operations == EXPECTED_RESPONSES
    for (method, path), _ in operations.items():
        operation = schema["paths"][path][method]
        assert operation["summary"], (method, path)
        secured = operation.get("security", [])
        assert ({"tokenAuth": []} in secured) == ((method, path) != ("post", "/api/token/"))


def test_schema_is_served_without_signing_in(db: None) -> None:
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "wholefamily casework API"


def test_docs_page_lists_every_endpoint_and_how_to_get_a_token(db: None) -> None:
    response = Client().get("/api/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1 and "govuk-template" in page
    assert "Get a token" in page and "Authorization: Token" in page
    for _, path in EXPECTED_RESPONSES:
        assert f"<code>{path}</code>" in page
    assert re.search(r'(?:src|href)="(?:https?:)?//', page) is None, "nothing is loaded from another site"
    assert "swagger" not in page.lower()


def test_the_claims_operations_state_who_may_read_them(schema: dict) -> None:  # type: ignore[type-arg]
    for path in ("/api/claims/{period}/", "/api/claims/{period}/{candidate_id}/"):
        described = schema["paths"][path]["get"]["description"]
        assert "coordinator and the auditor" in described and "403" in described
