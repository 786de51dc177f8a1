"""``wholefamily demo``: the whole monthly pipeline on a synthetic county, for a first look."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.table import Table

from wholefamily.framework.command import identify
from wholefamily.ingest.command import ingest
from wholefamily.linkage.command import link
from wholefamily.synthetic.command import generate
from wholefamily.workspace import Workspace


@click.command(
    help=(
        "Build a synthetic county in DIR, then run the monthly pipeline on it: generate, ingest, link people "
        "and form families, and identify families against the 2022 framework."
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
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2026-10-31",
    show_default=True,
    help="The synthetic authority's today: its last delivery date and the date families are identified on.",
)
@click.pass_context
def demo(ctx: click.Context, out: Path, residents: int, seed: int, today: dt.datetime) -> None:
    console = Console()
    console.rule("1. A synthetic local authority")
    ctx.invoke(generate, residents=residents, seed=seed, out=out, today=today)
    console.rule("2. Ingest the partner extracts")
    ctx.invoke(ingest, workspace_dir=out)
    console.rule("3. What the warehouse holds")
    workspace = Workspace(out.resolve())
    console.print(warehouse_summary(workspace.warehouse))
    console.rule("4. Link people across agencies and form families")
    ctx.invoke(link, workspace_dir=out)
    console.rule("5. Identify families against the Supporting Families Outcome Framework")
    ctx.invoke(identify, workspace_dir=out, framework="sf-2022", as_of=today)


def warehouse_summary(path: Path) -> Table:
    """People mentions and events per source in the latest published warehouse."""
    table = Table(title="Canonical warehouse")
    for column in ("source", "person mentions", "events", "quarantined rows"):
        table.add_column(column, justify="left" if column == "source" else "right")
    with duckdb.connect(str(path), read_only=True) as con:
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
