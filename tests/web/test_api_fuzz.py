"""Schemathesis: requests generated from the OpenAPI schema get answers the schema describes, and never a
server error. Schema-valid input may still be refused (400) by rules a schema cannot state: a real postcode,
a date of birth not in the future, names that are not blank once trimmed. (Driven through hypothesis directly: schemathesis' pytest plugin does not yet run on pytest 9.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation.case import Case
from web_world import World

from wholefamily.web.api import tokens


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's real WSGI handler, without closing the test's database connection after every request (it
    sits inside the test's transaction; Django's test client disconnects this signal the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_answers_as_its_schema_says(world: World, wsgi_app: WSGIHandler) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    _, token = tokens.issue(world.users["coordinator"])
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"GET /api/families/", "POST /api/families/", "GET /api/people/{id}/"} <= labels
    for operation in operations:
        if operation.method.upper() == "DELETE":
            continue  # giving up the token would leave the rest of the run unauthenticated

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case: Case) -> None:
            case.call_and_validate(
                headers={"Authorization": f"Token {token}"}, excluded_checks=[positive_data_acceptance]
            )

        answers_as_documented()
