"""The export worker as a child of ``serve`` and ``demo``, so that exports asked for in the site run without a
second command; it stops when the site stops (Ctrl+C or a service manager's SIGTERM)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from wholefamily.workspace import Workspace

#: Where the worker's own output goes (the site's output stays readable).
WORKER_LOG = "logs/export-worker.log"

worker_option = click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run the export worker beside the site (--no-worker when `wholefamily export-worker` runs elsewhere).",
)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


@contextmanager
def export_worker_beside(workspace: Workspace, enabled: bool = True) -> Iterator[None]:
    """Run ``wholefamily export-worker`` for the workspace while the block runs, then stop it."""
    if not enabled:
        yield
        return
    log_path = workspace.root / WORKER_LOG
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "wholefamily", "export-worker", "--workspace", str(workspace.root)]
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so the worker is stopped on SIGTERM too
    with log_path.open("a", encoding="utf-8") as log:
        worker = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        click.echo(f"Export worker running beside the site (process {worker.pid}, log {log_path})", err=True)
        try:
            yield
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            signal.signal(signal.SIGTERM, previous)
