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
        printed = [process.stdout.readline()]  # the export worker's start, then the site's once it is bound
        while printed[-1] and "Serving" not in printed[-1]:
            printed.append(process.stdout.readline())
        assert f"http://127.0.0.1:{port}/" in printed[-1], "".join(printed)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)  # the site, then the export worker beside it, stop in turn
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


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``, with their command lines."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                children[int(stat.parent.name)] = cmdline
        except (OSError, ValueError, IndexError):
            continue  # gone while read
    return children


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table in /proc (Linux)")
def test_the_export_worker_runs_beside_the_site_and_stops_with_it(tmp_path: Path) -> None:
    Workspace(tmp_path).create("worker test")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHOLEFAMILY_", "DJANGO_"))}
    wholefamily = Path(sys.executable).parent / "wholefamily"
    command = [str(wholefamily), "serve", "--workspace", str(tmp_path), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        assert f"http://127.0.0.1:{port}/" in process.stdout.readline()
        workers = [pid for pid, line in _children(process.pid).items() if "export-worker" in line]
        assert len(workers) == 1, _children(process.pid)
        assert Path(f"/proc/{workers[0]}").exists()
    finally:
        process.terminate()  # what a service manager sends
        assert process.wait(timeout=30) == 0
    assert not Path(f"/proc/{workers[0]}").exists() or "Z" in Path(f"/proc/{workers[0]}/stat").read_text()
    assert (tmp_path / "logs" / "export-worker.log").is_file()
