"""Schemathesis with every check: requests generated from the OpenAPI schema, valid ones and invalid ones, get
the answers the schema describes. A valid request is not refused (400) by a rule the schema does not state,
an invalid one is never accepted, and no answer is a server error or breaks its documented shape.

Path parameters name the families and records of the access world (``authorisation_routes.build_records``),
so operations run on real families, not only on ids that answer 404. The run is derandomised and bounded, so
CI sees the same requests every time. (Driven through hypothesis directly: schemathesis' pytest plugin does
not yet run on pytest 9.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from authorisation_routes import FAMILY_RECORD_PARAMS, build_records
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.case import Case
from web_world import World

from wholefamily.web.api import tokens
from wholefamily.web.casework.models import OfflineCopy
from wholefamily.web.casework.offline import copies

EXAMPLES = 12
#: Rules between a request's fields, or against the record as it stands, that a JSON schema cannot state: a
#: schema-valid request may be refused (400) by them, so on these operations "valid data is accepted"
#: (positive_data_acceptance) is not checked; every other check is.
RULES_BEYOND_THE_SCHEMA = {
    "POST /api/families/{id}/assessments/{assessment_id}/needs/": "the decision fits the needs on the record",
    "POST /api/families/{id}/consent/": "consent to share names an agency, other consent none",
    "PATCH /api/families/{id}/intervention-referrals/{referral_id}/": "an end date once the intervention ended",
    "POST /api/families/{id}/re-referral/": "received on or after the day the case closed",
    "POST /api/families/{id}/plan/goals/": "a need named is one of the family's, under the goal's headline",
    "POST /api/families/{id}/plan/goals/{goal_id}/actions/": "an owner named is a practitioner around the family",
    "POST /api/families/{id}/reviews/": "the next review at most six weeks after this one",
}


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's real WSGI handler, without closing the test's database connection after every request (it
    sits inside the test's transaction; Django's test client disconnects this signal the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _references(world: World) -> dict[str, object]:
    """Body fields naming other rows, which no schema can state: a valid request names real ones, of the family
    in the path (the team and its keyworker, the family's members)."""
    parent = world.people["north_parent"].pk
    keyworker = world.users["kw_north"]
    return {
        "team": keyworker.team_id,
        "lead_practitioner": keyworker.pk,
        "person": parent,
        "given_by": parent,
        "family_attendees": [parent],
        "attendees": [keyworker.pk],
        "people": [parent],
    }


def _same_shape(body: dict[str, object], key: str, reference: object) -> bool:
    """Whether the body has ``key`` as the kind of value the reference is (a list of ids, not of people)."""
    if key not in body:
        return False
    value = body[key]
    if isinstance(reference, list):
        return isinstance(value, list) and all(isinstance(item, int) for item in value)
    return isinstance(value, int) and not isinstance(value, bool)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_answers_as_its_schema_says(world: World, wsgi_app: WSGIHandler, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    records = build_records(world)
    north = records.by_family["north"]
    known = {"id": str(north["family"])} | {
        param: str(north[kind]) for param, kind in FAMILY_RECORD_PARAMS.items() if kind in north
    }
    references = _references(world)
    coordinator = world.users["coordinator"]
    _, token = tokens.issue(coordinator)
    now = timezone.now()  # the coordinator keeps the family for offline use, so its offline copy answers
    OfflineCopy.objects.create(
        user=coordinator, family=world.families["north"], taken_at=now, expires_at=now + copies.LIFETIME
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"GET /api/families/", "POST /api/families/", "GET /api/people/{id}/"} <= labels
    assert RULES_BEYOND_THE_SCHEMA.keys() <= labels
    failures = []
    for operation in operations:
        if operation.method.upper() == "DELETE":
            continue  # giving up the token would leave the rest of the run unauthenticated
        params = {param.name: known[param.name] for param in operation.path_parameters if param.name in known}
        try:
            _fuzz(
                operation.as_strategy(generation_mode=mode, path_parameters=params),
                token,
                references,
                mode,
                excluded=[positive_data_acceptance] if operation.label in RULES_BEYOND_THE_SCHEMA else [],
            )
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, operation.label  # nothing of it can be made invalid
        except (Exception, FailureGroup) as failure:  # every operation is tried; all are reported together
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)


def _fuzz(
    cases: SearchStrategy[Case],
    token: str,
    references: dict[str, object],
    mode: GenerationMode,
    excluded: list[Any],
) -> None:
    """Send an operation's generated requests and run every check (but ``excluded``) on each answer."""

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Case) -> None:
        if mode is GenerationMode.POSITIVE and isinstance(case.body, dict):
            case.body.update(
                {key: value for key, value in references.items() if _same_shape(case.body, key, value)}
            )
        case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=excluded)

    answers_as_documented()
