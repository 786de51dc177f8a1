"""``wholefamily demo``: the whole monthly pipeline on a synthetic county (its casework closures included, so
outcomes and claims run too), then the casework site over it with demo users of every role, for a first look."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich import box
from rich.console import Console
from rich.table import Table

from wholefamily.cli.claims import print_claims
from wholefamily.cli.generate import generate
from wholefamily.cli.identify import print_identify
from wholefamily.cli.ingest import print_ingest, progress_bars
from wholefamily.cli.linkage import print_link
from wholefamily.cli.outcomes import print_outcomes
from wholefamily.command_line import engine_option
from wholefamily.ingest.run import RunResult
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.spark import Engine
from wholefamily.web.serve_command import address, check_site, host_option, port_option, serve_site
from wholefamily.web.setup import django_setup
from wholefamily.web.warehouse_sync.publish_command import publish
from wholefamily.web.worker_beside import export_worker_beside, worker_option
from wholefamily.workspace import Workspace

if TYPE_CHECKING:
    from wholefamily.claims.build import ClaimsResult
    from wholefamily.framework.identify import IdentifyResult
    from wholefamily.outcomes.run import OutcomesResult
    from wholefamily.pipeline import Linked
    from wholefamily.web.demo_users import DemoLogin


@click.command(
    help=(
        "Build a synthetic county in DIR, with casework that worked with and closed a share of its families, "
        "then run the monthly pipeline on it: generate, ingest, link people and form families, identify "
        "families against the 2022 framework, judge the outcomes of the closed cases on the last delivery "
        "date and build the claims for its quarter. Then publish the families, their outcomes and claim "
        "candidates to the casework site, create demo users of every role (their passwords go to "
        "DIR/.secrets/demo-logins.txt) and serve the site until stopped."
    )
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    default=Path("demo"),
    show_default=True,
    help="Folder of the demo workspace (rebuilt on every run).",
)
@click.option(
    "--residents",
    type=click.IntRange(min=1_000),
    default=20_000,
    show_default=True,
    help="Residents of the synthetic authority.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the synthetic authority.")
@click.option(
    "--deliveries",
    type=click.IntRange(min=1, max=36),
    default=13,
    show_default=True,
    help="Monthly deliveries ending on --today (13: six months of records after the last closures).",
)
@click.option(
    "--closures",
    type=click.FloatRange(min=0.0, max=1.0),
    default=0.3,
    show_default=True,
    help="Share of the families with a need on the first delivery that casework worked with and closed "
    "(0: no casework, so no outcomes or claims).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2026-10-31",
    show_default=True,
    help="The synthetic authority's today: its last delivery date and the date families are identified on.",
)
@engine_option("Where pairs are scored and the rules run (docs/scale.md); everything else runs on DuckDB.")
@host_option
@port_option
@click.option("--no-serve", is_flag=True, help="Do everything but serve the site, then exit.")
@worker_option
@click.pass_context
def demo(
    ctx: click.Context,
    out: Path,
    residents: int,
    seed: int,
    deliveries: int,
    closures: float,
    today: dt.datetime,
    engine: Engine,
    host: str,
    port: int,
    no_serve: bool,
    worker: bool,
) -> None:
    from wholefamily.pipeline import MonthObserver, run_month  # Splink and scipy load only when used

    console = Console()
    console.rule("1. A synthetic local authority")
    ctx.invoke(
        generate,
        residents=residents,
        seed=seed,
        out=out,
        today=today,
        deliveries=deliveries,
        closures=closures,
    )
    workspace = Workspace(out.resolve())

    def ingested(result: RunResult) -> None:
        print_ingest(console, result, workspace)
        console.rule("3. What the warehouse holds")
        console.print(warehouse_summary(workspace.warehouse))
        console.rule("4. Link people across agencies and form families")

    def linked(result: Linked) -> None:
        print_link(console, result)
        console.rule("5. Identify families against the Supporting Families Outcome Framework")

    def identified(result: IdentifyResult) -> None:
        print_identify(console, result)
        console.rule("6. Outcomes after closure, and the quarter's claims")

    def judged(result: OutcomesResult | None) -> None:
        if result is None:
            console.print("No casework milestones (--closures 0): no outcomes to judge, no claims.")
        else:
            print_outcomes(console, result)

    def claimed(result: ClaimsResult | None) -> None:
        if result is not None:
            print_claims(console, result)

    console.rule("2. Ingest the partner extracts")
    with progress_bars(console) as bars:
        observer = MonthObserver(
            ingested, linked, identified, console.log, bars, judged=judged, claimed=claimed
        )
        run_month(workspace, "sf-2022", today.date(), observer, synthetic_casework=True, engine=engine)
    console.rule("7. Publish the families to the casework site")
    ctx.invoke(publish, workspace=workspace, framework="sf-2022", scope="eligible")
    console.rule("8. The casework site")
    django_setup(workspace)
    check_site()
    from wholefamily.web.demo_users import LOGINS_FILE, create_demo_users  # needs Django set up

    logins = create_demo_users(workspace.root)
    console.print(logins_table(logins, workspace.root / LOGINS_FILE))
    console.print(f"Casework site: [bold]{address(host, port)}[/bold]", highlight=False)
    if not no_serve:
        with export_worker_beside(workspace, worker):
            serve_site(host, port)


def logins_table(logins: list[DemoLogin], path: Path) -> Table:
    """The demo sign-ins, one row per role (what each role sees is in the README)."""
    table = Table(title="Demo sign-ins (synthetic data only)", caption=f"Kept in {path}", box=box.SIMPLE_HEAD)
    for column in ("username", "password", "role", "team or agency"):
        table.add_column(column, no_wrap=column != "team or agency")
    for login in logins:
        table.add_row(login.username, login.password, login.role, login.team_or_agency)
    return table


def warehouse_summary(path: Path) -> Table:
    """People mentions and events per source in the latest published warehouse."""
    table = Table(title="Canonical warehouse")
    for column in ("source", "person mentions", "events", "quarantined rows"):
        table.add_column(column, justify="left" if column == "source" else "right")
    with open_warehouse(path, read_only=True) as con:
        rows = con.execute(
            """
            select s.source,
                   (select count(*) from mentions m where m.source = s.source),
                   (select count(*) from events e where e.source = s.source),
                   s.rows_quarantined
            from run_sources s
            where s.run_id = (select run_id from runs where status = 'published'
                              order by finished_at desc limit 1)
            order by s.source
            """
        ).fetchall()
    for source, mentions, events, quarantined in rows:
        table.add_row(source, f"{mentions:,}", f"{events:,}", f"{quarantined:,}")
    return table
