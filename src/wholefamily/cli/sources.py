"""``wholefamily sources``: onboarding a partner file: draft its source config, then check it on the file."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wholefamily.cli.ingest import reconciliation_table
from wholefamily.command_line import StepGroup, workspace_option
from wholefamily.ingest.check import SHOWN_ROWS, CheckResult, check_source, deliveries_to_check, find_config
from wholefamily.ingest.draft import draft_source_config
from wholefamily.ingest.errors import IngestError
from wholefamily.workspace import Workspace

_IDS = {"nhs_number": "NHS", "upn": "UPN", "ni_number": "NI", "local_id": "id"}
_OTHER = ("address", "ethnicity", "role")


@click.group(
    "sources",
    cls=StepGroup,
    help=(
        "Onboard a partner file: `draft` writes a commented source config guessed from the file, `check` "
        "shows what ingest would make of a source's files, writing nothing. See docs/source-configs.md."
    ),
)
def sources() -> None:
    """Command group."""


@sources.command(
    "draft",
    help=(
        "Sniff FILE (CSV, Excel or JSON: encoding, delimiter, header row, sheets, records and people arrays), "
        "guess each column's person field from its header and values, and write a commented source config: "
        "every guess says why, and what to check. Events are left as a template to fill in. No value from "
        "the file is copied into the draft except short code lists (such as M/F/U)."
    ),
)
@workspace_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", "source", metavar="ID", help="The source id (default: from the file name).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the draft (default: sources/ID.yaml in the workspace; '-' for standard output).",
)
def draft(workspace: Workspace, file: Path, source: str | None, out: Path | None) -> None:
    result = draft_source_config(file, workspace.root, source)
    if out == Path("-"):
        click.echo(result.text, nl=False)
        return
    target = out or workspace.sources / f"{result.source}.yaml"
    if target.exists():
        raise IngestError(f"{target} already exists: it is not overwritten (give another --out)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, "utf-8")
    groups = ", ".join(g.name for g in result.config.people)
    Console().print(
        f"Draft of source [bold]{result.source}[/] (people: {escape(groups)}) written to {escape(str(target))}.\n"
        "Read its comments (each 'check:' especially), choose the names, fill in the events, then run "
        f"`wholefamily sources check {result.source}`.",
        highlight=False,
    )


@sources.command(
    "check",
    help=(
        "A dry run of ingest on the delivered files of SOURCE (a source id, or a config's path), or on --file: "
        "the people of the first rows as parsed (identifiers masked but for their last three characters), "
        "fill rates, what would be quarantined and warned, and the reconciliation. Nothing is written: the "
        "warehouse and the reports are not touched."
    ),
)
@workspace_option
@click.argument("source")
@click.option(
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check this file instead of the source's deliveries.",
)
@click.option("--rows", default=SHOWN_ROWS, show_default=True, help="How many rows' people to show.")
def check(workspace: Workspace, source: str, file: Path | None, rows: int) -> None:
    config = find_config(workspace, source)
    result = check_source(config, deliveries_to_check(workspace, config, file), rows)
    print_check(Console(), result)


def print_check(console: Console, result: CheckResult) -> None:
    files = Table(title=f"Dry run of {result.config.source}: files read")
    for name in ("File", "Delivery date", "Rows"):
        files.add_column(name, justify="right" if name == "Rows" else "left")
    for f in result.files:
        files.add_row(escape(f.relative), f"{f.delivery_date:%Y-%m-%d}", f"{f.rows:,}")
    console.print(files)
    for warning in result.delivery_warnings:
        console.print(f"[bold yellow]Warning:[/] {escape(warning)}")
    console.print(_people_table(result))
    fill = Table(title="People's fields: filled and valid")
    for name in ("Group", "Field", "Filled", "Valid"):
        fill.add_column(name, justify="right" if name in ("Filled", "Valid") else "left")
    for row in result.fill:
        fill.add_row(
            row["people_group"], row["field"], f"{row['share_present']:.0%}", f"{row['share_valid']:.0%}"
        )
    console.print(fill)
    for event in result.events:
        values = ", ".join(f"{name} {share:.0%}" for name, share in event.filled.items()) or "no values"
        console.print(f"Events {event.kind}: {event.events:,} ({values} filled)", highlight=False)
    for title, rows in (
        ("Would be quarantined", result.quarantine),
        ("Warnings (values blanked)", result.warnings),
    ):
        table = Table(title=title)
        for name in ("Field", "Reason", "Count"):
            table.add_column(name, justify="right" if name == "Count" else "left")
        for row in rows:
            table.add_row(escape(str(row["field"])), escape(str(row["reason"])), f"{row['count']:,}")
        console.print(table if rows else f"{title}: none")
    console.print(
        reconciliation_table(
            "Reconciliation (read = accepted + quarantined)", [(result.config.source, result.counts)]
        )
    )
    console.print("A dry run: nothing was written to the warehouse or the reports.")


def _people_table(result: CheckResult) -> Table:
    table = Table(title="People of the first rows, as ingest reads them (identifiers masked)")
    for name in ("Row", "Group", "OK", "Name", "Born", "Sex", "Postcode", "Ids", "Other"):
        table.add_column(name, overflow="fold")
    for p in result.people:
        f = p.fields
        name = " ".join(str(f[k]) for k in ("title", "first_name", "middle_names", "surname") if k in f)
        born = str(f["dob"]) if "dob" in f else f"age {f['age']}" if "age" in f else ""
        ids = " ".join(f"{label} {f[k]}" for k, label in _IDS.items() if k in f)
        other = "; ".join(str(f[k]) for k in _OTHER if k in f)
        table.add_row(
            f"{p.sheet} {p.row_number}" if p.sheet else str(p.row_number),
            f"{p.people_group} {p.person_index}",
            "yes" if p.accepted else "no",
            *(escape(v) for v in (name, born, str(f.get("sex", "")), str(f.get("postcode", "")), ids, other)),
        )
    return table
