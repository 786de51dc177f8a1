"""Signing in to the API: tokens (issued, expiring, revoked), sessions, 401s and django-axes lock-out."""

from __future__ import annotations

import datetime as dt

import pytest
from api_helpers import token_client
from axes.models import AccessAttempt
from knox.crypto import hash_token
from knox.models import AuthToken as Token
from rest_framework.test import APIClient
from web_world import PASSWORD, World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.api import tokens

PROTECTED = ["/api/families/", "/api/families/1/", "/api/people/", "/api/people/1/"]


@pytest.mark.parametrize("url", PROTECTED)
def test_no_token_answers_401_with_a_challenge(world: World, url: str) -> None:
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_an_unknown_or_malformed_token_answers_401(world: World) -> None:
    client = APIClient()
    for header in ("Token nonsense", "Token", "Token a b", "Bearer abc", "Token \x00", "Token " + "f" * 40):
        client.credentials(HTTP_AUTHORIZATION=header)
        assert client.get("/api/families/").status_code == 401, header


def test_token_endpoint_issues_a_working_token_and_audits_it(world: World) -> None:
    client = APIClient()
    response = client.post("/api/token/", {"username": "kw_north", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    token = Token.objects.get(user=world.users["kw_north"])
    assert dt.datetime.fromisoformat(body["expires"]) == tokens.expires(token)
    entry = AuditEntry.objects.filter(action="login").latest("id")
    assert (entry.username, entry.channel, entry.summary) == ("kw_north", "api", "API token issued")
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get("/api/families/").json()["count"] == 2


def test_a_token_is_stored_only_as_a_digest_and_shown_once(world: World) -> None:
    client = APIClient()
    first = client.post("/api/token/", {"username": "kw_north", "password": PASSWORD}).json()["token"]
    stored = Token.objects.get(user=world.users["kw_north"])
    assert stored.digest == hash_token(first)
    assert all(first not in str(value) for value in Token.objects.values_list().get())
    # asking again gives a new token: the first cannot be shown again, since it is not kept
    second = client.post("/api/token/", {"username": "kw_north", "password": PASSWORD}).json()["token"]
    assert second != first
    for key in (first, second):
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert client.get("/api/families/").status_code == 200


def test_the_admin_site_lists_no_tokens(world: World) -> None:
    from django.contrib import admin

    assert not any(
        model._meta.model_name in ("token", "tokenproxy", "authtoken") for model in admin.site._registry
    )
    client = APIClient()
    client.force_login(world.users["admin"])
    token_client(world.users["coordinator"])
    for url in ("/admin/authtoken/tokenproxy/", "/admin/knox/authtoken/"):
        assert client.get(url).status_code == 404, url


def test_a_stale_token_sent_along_does_not_block_asking_for_a_new_one(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token stale")
    assert client.post("/api/token/", {"username": "school", "password": PASSWORD}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"username": "kw_north", "password": "wrong-password-123"},
        {"username": "nobody", "password": PASSWORD},
    ],
)
def test_a_username_and_password_that_do_not_sign_in_answer_401(world: World, body: object) -> None:
    response = APIClient().post("/api/token/", body, format="json")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Unable to sign in with that username and password."}
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"username": "kw_north"},
        {},
        {"username": ["kw_north"], "password": {"a": 1}},
        {"username": "x" * 10_000, "password": PASSWORD},
        {"username": "kw\x00north", "password": PASSWORD},
        [1, 2, 3],
        "just a string",
    ],
)
def test_bad_sign_in_answers_400(world: World, body: object) -> None:
    response = APIClient().post("/api/token/", body, format="json")
    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    assert not Token.objects.exists()


def test_malformed_json_answers_400(world: World) -> None:
    response = APIClient().post("/api/token/", b"{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_locked_account_cannot_get_a_token(world: World) -> None:
    client = APIClient()
    answers = [
        client.post("/api/token/", {"username": "kw_south", "password": "not-the-password"}).status_code
        for _ in range(5)
    ]
    assert answers == [401, 401, 401, 401, 429]  # the fifth failure locks the account
    assert AccessAttempt.objects.get(username="kw_south").failures_since_start == 5
    locked = client.post("/api/token/", {"username": "kw_south", "password": PASSWORD})
    assert locked.status_code == 429
    assert "locked" in locked.json()["detail"]
    assert int(locked["Retry-After"]) == 15 * 60
    assert not Token.objects.filter(user=world.users["kw_south"]).exists()
    assert AuditEntry.objects.filter(action="login_failed", channel="api").count() >= 5
    # the lock is the account's, shared with the sign-in page; other accounts are unaffected
    assert client.post("/api/token/", {"username": "kw_north", "password": PASSWORD}).status_code == 200


def test_an_expired_token_is_refused_and_removed(world: World) -> None:
    user = world.users["coordinator"]
    client = token_client(user)
    Token.objects.filter(user=user).update(expiry=dt.datetime.now(dt.UTC))
    response = client.get("/api/families/")
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    assert not Token.objects.filter(user=user).exists()
    # a fresh request for a token replaces it, and takes away any other expired token of the user
    tokens.issue(user)
    Token.objects.filter(user=user).update(expiry=dt.datetime.now(dt.UTC))
    assert (
        APIClient().post("/api/token/", {"username": "coordinator", "password": PASSWORD}).status_code == 200
    )
    assert Token.objects.filter(user=user).count() == 1


def test_an_inactive_user_is_refused(world: World) -> None:
    user = world.users["coordinator"]
    client = token_client(user)
    user.is_active = False
    user.save()
    assert client.get("/api/families/").status_code == 401


def test_signing_out_of_the_site_revokes_the_users_tokens(world: World) -> None:
    user = world.users["kw_north"]
    api = token_client(user)
    assert api.get("/api/families/").status_code == 200
    browser = APIClient()
    browser.force_login(user)
    assert browser.post("/accounts/sign-out/").status_code == 302
    assert api.get("/api/families/").status_code == 401
    assert not Token.objects.filter(user=user).exists()


def test_revoking_a_token(world: World) -> None:
    client = token_client(world.users["kw_north"])
    assert client.delete("/api/token/").status_code == 204
    assert client.get("/api/families/").status_code == 401
    assert APIClient().delete("/api/token/").status_code == 401


def test_a_signed_in_browser_uses_its_session(world: World) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["kw_north"])
    assert client.get("/api/families/").json()["count"] == 2
    # changes from a browser need the CSRF token, as the pages do
    response = client.post("/api/families/", {"address": "1 Road"})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_the_api_answers_401_not_a_redirect_to_the_sign_in_page(world: World) -> None:
    # Django's login-required middleware must not turn API 401s into redirects to the sign-in page
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = APIClient().get("/api/families/", HTTP_ACCEPT=browser)
    assert response.status_code == 401
