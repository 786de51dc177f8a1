"""``wholefamily generate``: write a synthetic local authority into a workspace."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from wholefamily.synthetic.generate import generate as run_generate
from wholefamily.synthetic.needs import HEADLINES
from wholefamily.workspace import MARKER


@click.command(
    "generate",
    help=(
        "Write a synthetic local authority into a new workspace DIR: partner extracts as partners send them "
        "(DIR/extracts/<delivery date>/), one source config per extract (DIR/sources/*.yaml), a sharing "
        "agreements register covering every source and example retention rules (DIR/governance/), and the ground "
        "truth (DIR/truth/*.parquet: people, memberships, addresses, needs, and the true person behind every "
        "person mention in every extract). Everyone in it is invented.\n\n"
        "The same --residents, --seed, --deliveries, --today and --style give byte-identical files.\n\n"
        "--style 2 writes the same people, needs and truth as other councils' partners send their files: "
        "other formats and shapes, with a data dictionary per extract in DIR/partner-notes/ as a partner "
        "would send it. Its source configs are written apart from the generator, from those notes; they are "
        "copied into DIR/sources/ once the package has them.\n\n"
        "Example: wholefamily generate --residents 100000 --seed 1 --out ./wexcombe --deliveries 3"
    ),
)
@click.option(
    "--residents",
    type=click.IntRange(min=1_000),
    default=10_000,
    show_default=True,
    help="How many people live in the authority (about; births add a few). At least 1,000, so that "
    "the partners have records to send.",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Random seed: the same seed, the same authority."
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Workspace folder to create (must be empty, new, or an existing workspace to regenerate).",
)
@click.option(
    "--deliveries",
    type=click.IntRange(min=1, max=36),
    default=1,
    show_default=True,
    help="Monthly deliveries ending on --today; each is a full snapshot of every partner's records.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2026-10-31",
    show_default=True,
    help="The date of the last delivery, YYYY-MM-DD (never the wall clock, so runs reproduce).",
)
@click.option(
    "--style",
    type=click.IntRange(min=1, max=2),
    default=1,
    show_default=True,
    help="How the partners write their files: 1, the formats the shipped configs read; 2, other "
    "councils' formats and shapes (extracts, partner notes and truth; configs when the package has them).",
)
@click.option(
    "--closures",
    type=click.FloatRange(min=0.0, max=1.0),
    default=0.0,
    show_default=True,
    help="Share of the families with a need on the first delivery date that casework works with and closes: "
    "writes casework/milestones.csv (as the casework site would) and, after each closure, each followed "
    "need improves, relapses or has no data (truth/outcomes.parquet). 0 writes no casework and leaves every "
    "other file as without the option. Closures come 1 to 6 months after the first delivery: use 13 or more "
    "--deliveries for six months after them, and measure with `identify --as-of` the first delivery, "
    "`outcomes --as-of` the last and `evaluate outcomes`.",
)
@click.option(
    "--programme-effect",
    type=click.FloatRange(min=0.0, max=1.0),
    default=None,
    help="With --closures: give escalation (a child protection plan or entry to care in the year after the "
    "first delivery) a known cause, the family's needs that day plus noise, and cut its chance by this share "
    "for the families worked with (0: no effect). Writes truth/escalation.parquet and "
    "truth/programme-effect.json, for `evaluate impact`. Not given: no escalation is added.",
)
@click.option(
    "--ssd",
    is_flag=True,
    help="Also write the council's early help history as its children's case system exports it, a Standard "
    "Safeguarding Dataset extract (ssd_person.csv, ssd_family.csv, ssd_early_help_episodes.csv on the last "
    "delivery date), with the source configs that read it (docs/ssd.md).",
)
def generate(
    residents: int,
    seed: int,
    out: Path,
    deliveries: int,
    today: dt.datetime,
    style: int,
    closures: float,
    programme_effect: float | None,
    ssd: bool,
) -> None:
    """Command entry point."""
    if programme_effect is not None and closures == 0:
        raise click.UsageError("--programme-effect needs --closures: no family is worked with without it")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise click.UsageError(
            f"{out} is not empty and is not a wholefamily workspace (no {MARKER}); "
            "choose a new or empty folder so nothing of yours is overwritten"
        )
    console = Console()
    began = time.perf_counter()
    summary = run_generate(
        out,
        residents,
        seed,
        deliveries,
        today.date(),
        console,
        style=style,
        closures=closures,
        programme_effect=programme_effect,
        ssd=ssd,
    )
    took = time.perf_counter() - began
    console.print(f"[bold]Synthetic authority written to {out}[/bold] in {took:.1f} s")
    console.print(
        f"residents {summary.residents:,}; households now {summary.households:,}; "
        f"families {summary.families:,}; families with children {summary.families_with_children:,}"
    )
    console.print("needs by headline: " + ", ".join(f"{h} {summary.needs.get(h, 0):,}" for h in HEADLINES))
    table = Table("file", "rows", "person mentions")
    for path, rows, mentions in summary.files:
        table.add_row(path, f"{rows:,}", f"{mentions:,}")
    console.print(table)
    console.print(
        "population by postcode sector, age band, sex and ethnic group, as a council supplies it: "
        f"{out / 'reference' / 'population.csv'}"
    )
    if summary.worked_with:
        console.print(
            f"casework milestones: {summary.worked_with:,} families worked with, {summary.closed:,} closed "
            f"({out / 'casework' / 'milestones.csv'})"
        )
    console.print(
        f"sharing agreements register and example retention rules: {out / 'governance'} "
        "(docs/information-governance.md)"
    )
    if summary.escalation_att is not None:
        console.print(
            f"escalation: true effect on the families worked with {summary.escalation_att:+.4f} "
            f"(truth/programme-effect.json)"
        )
    if summary.notes:
        console.print(
            f"partners' notes (data dictionaries): {summary.notes} files in {out / 'partner-notes'}"
        )
    if not summary.configs:
        console.print(
            f"[bold]No source configs for style {style} exist yet[/bold] (the package's "
            f"{summary.configs_folder}/ has none): {out / 'sources'} is empty. Write them from the partners' "
            "notes before `wholefamily ingest`."
        )
