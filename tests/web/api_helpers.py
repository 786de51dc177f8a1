"""Helpers for the API tests: a client carrying a user's token, and reading paginated lists whole."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from wholefamily.web.accounts.models import User
from wholefamily.web.api import tokens


def token_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(user)[1]}")
    return client


def all_results(client: APIClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paginated list, following ``next`` links."""
    items: list[dict[str, Any]] = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["results"]
        if not body["next"]:
            return items
        response = client.get(body["next"])
