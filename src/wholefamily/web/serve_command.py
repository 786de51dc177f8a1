"""``wholefamily serve``: the casework site of a workspace, served by waitress in one process (any platform),
or by gunicorn in several processes (``--processes``, POSIX), so that Python work uses every core. Assets are
served by WhiteNoise either way."""

from __future__ import annotations

import io

import click
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from wholefamily.command_line import StepCommand, workspace_option
from wholefamily.web.setup import django_setup
from wholefamily.web.worker_beside import export_worker_beside, worker_option
from wholefamily.workspace import Workspace

host_option = click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Other host names must be listed in WHOLEFAMILY_ALLOWED_HOSTS.",
)
port_option = click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on."
)


def address(host: str, port: int) -> str:
    shown = "localhost" if host in ("0.0.0.0", "::") else host  # listening on every address
    return f"http://{shown}:{port}/"


def check_site() -> None:
    """Django's system checks (among them the GOV.UK Frontend assets), as one clear error."""
    try:
        call_command("check", stdout=io.StringIO())
    except SystemCheckError as exc:
        raise click.ClickException(f"the site cannot start:\n{exc}") from exc


def serve_site(host: str, port: int, threads: int = 8) -> None:
    """Serve the configured Django site until interrupted (Django must be set up)."""
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    server = create_server(
        get_wsgi_application(),
        host=host,
        port=port,
        threads=threads,
        # A web server on this machine in front (for HTTPS) says which scheme and client it served.
        trusted_proxy="127.0.0.1",
        trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
    )
    # Printed once the port is bound, so whoever waits for this line can connect.
    click.echo(f"Serving the casework site at {address(host, port)} (press Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.close()


def serve_in_processes(host: str, port: int, processes: int, threads: int) -> None:
    """Serve with gunicorn: ``processes`` workers of ``threads`` threads each (Django must be set up)."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    connections.close_all()  # the migration's connection must not be shared by the forked workers

    class Site(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": f"{host}:{port}",
                "workers": processes,
                "threads": threads,
                "worker_class": "gthread",
                # A web server on this machine in front (for HTTPS) says which scheme it served.
                "forwarded_allow_ips": "127.0.0.1",
                "secure_scheme_headers": {"X-FORWARDED-PROTO": "https"},
                "loglevel": "warning",
                # Printed once the port is bound, so whoever waits for this line can connect.
                "when_ready": lambda server: click.echo(
                    f"Serving the casework site at {address(host, port)} with {processes} processes"
                    " (press Ctrl+C to stop)"
                ),
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return get_wsgi_application()

    Site().run()


@click.command(
    "serve",
    cls=StepCommand,
    help=(
        "Serve the casework web application of the workspace (its database is casework.sqlite3 in the "
        "workspace unless WHOLEFAMILY_DATABASE_URL names another). The schema is brought up to date first. "
        "For production, put it behind a web server with HTTPS (see the README)."
    ),
)
@workspace_option
@host_option
@port_option
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Requests served at once (per process).",
)
@click.option(
    "--processes",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes; more than one runs gunicorn (POSIX only) so every core serves pages.",
)
@worker_option
def serve(workspace: Workspace, host: str, port: int, threads: int, processes: int, worker: bool) -> None:
    django_setup(workspace)
    check_site()
    with export_worker_beside(workspace, worker):
        if processes > 1:
            serve_in_processes(host, port, processes, threads)
        else:
            serve_site(host, port, threads)
