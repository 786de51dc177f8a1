"""``wholefamily serve``: a workspace's site over HTTP, assets included, behind an HTTPS web server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from wholefamily.workspace import Workspace


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str, **headers: str) -> tuple[int, str, str]:
    """Status, Location header and body, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, "", response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), ""


@pytest.fixture(scope="module", params=[1, 2], ids=["waitress", "gunicorn-2-processes"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A workspace's site served by a ``wholefamily serve`` process (waitress, or gunicorn with two
    processes), configured for HTTPS (``SECURE``)."""
    root = tmp_path_factory.mktemp("serve")
    Workspace(root).create("serve test")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHOLEFAMILY_", "DJANGO_"))}
    env["WHOLEFAMILY_SECURE"] = "1"
    wholefamily = Path(sys.executable).parent / "wholefamily"
    command = [str(wholefamily), "serve", "--workspace", str(root), "--port", str(port)]
    command += ["--processes", str(request.param)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed once the port is bound
        assert f"http://127.0.0.1:{port}/" in first, first + process.stdout.read()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (root / "casework.sqlite3").is_file()
    assert (root / ".secrets" / "secret-key").stat().st_mode & 0o077 == 0


def test_the_sign_in_page_and_its_assets(site: str) -> None:
    status, _, body = _get(f"{site}/accounts/sign-in/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in body
    status, _, css = _get(f"{site}/assets/govuk/govuk-frontend.min.css", **{"X-Forwarded-Proto": "https"})
    assert status == 200 and "govuk-" in css


def test_pages_need_a_sign_in(site: str) -> None:
    status, location, _ = _get(f"{site}/", **{"X-Forwarded-Proto": "https"})
    assert status == 302 and location.startswith("/accounts/sign-in/")


def test_plain_http_is_sent_to_https(site: str) -> None:
    status, location, _ = _get(f"{site}/accounts/sign-in/")
    assert status == 301 and location.startswith("https://")
