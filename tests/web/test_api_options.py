"""``OPTIONS`` on every API path answers 200 with the view's name and formats, never 500."""

from __future__ import annotations

import re

from api_helpers import token_client
from drf_spectacular.generators import SchemaGenerator
from web_world import World


def test_options_answers_every_api_path(world: World) -> None:
    client = token_client(world.users["coordinator"])
    family = world.families["north"].pk
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "/api/families/" in paths
    for path in paths:
        url = re.sub(r"\{[^}]+\}", str(family), path)
        response = client.options(url)
        assert response.status_code == 200, (url, response.status_code)
        body = response.json()
        assert body["renders"] == ["application/json"] and body["name"], url
