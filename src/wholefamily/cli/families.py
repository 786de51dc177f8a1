"""``wholefamily families``: build family units, look at one, and correct membership by hand.

Corrections go to the workspace's decisions file (never into the warehouse) and are re-applied by every
build and every link run; after recording one, the families are rebuilt at the same reference date so
the change shows at once (``--no-rebuild`` to skip).
"""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wholefamily.command_line import StepGroup, as_of_option, workspace_option
from wholefamily.decisions import DecisionStore, FamilyAction
from wholefamily.families.build import (
    Details,
    build_families,
    correct,
    merge_families,
    move_person,
    remove_person,
    split_family,
)
from wholefamily.families.build import withdraw as withdraw_correction
from wholefamily.families.errors import FormationError
from wholefamily.families.formation import FamilySummary
from wholefamily.families.membership import members_on, required_as_of
from wholefamily.families.registry import resolve
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.workspace import Workspace

_by_option = click.option("--by", "by", required=True, help="Who decides (recorded with the decision).")
_reason_option = click.option("--reason", default="", help="Why (recorded with the decision).")
_rebuild_option = click.option(
    "--no-rebuild", is_flag=True, help="Record only; apply at the next build or link."
)


@click.group(
    "families",
    cls=StepGroup,
    help=(
        "Family units formed from linked people: build them, show one, and correct membership. Corrections "
        "are stored in the workspace's decisions file with who made them, re-applied on every run, and can be "
        "withdrawn."
    ),
)
def families() -> None:
    """Command group."""


def print_summary(console: Console, summary: FamilySummary) -> None:
    table = Table(title=f"Families at {summary.as_of:%Y-%m-%d} (run {summary.run_id})")
    table.add_column("")
    table.add_column("count", justify="right")
    for label, value in (
        ("people placed", summary.people),
        ("families (every household)", summary.families),
        ("with children", summary.with_children),
        ("expectant", summary.expectant),
        ("non-resident members", summary.non_resident_members),
        ("ids kept from the last run", summary.ids.get("kept", 0)),
        ("new ids", summary.ids.get("new", 0)),
        ("families merged (aliases)", summary.ids.get("merged", 0)),
    ):
        table.add_row(label, f"{value:,}")
    for flag, count in sorted(summary.flags.items()):
        table.add_row(f"flagged: {flag.replace('_', ' ')}", f"{count:,}")
    console.print(table)
    for outcome in summary.decisions:
        state = "applied" if outcome.applied else f"[yellow]not applied[/]: {escape(outcome.note)}"
        console.print(f"decision {outcome.decision_id} ({outcome.action.replace('_', ' ')}): {state}")
    console.print(f"took {summary.seconds:.1f} s")


@families.command(
    "build",
    help=(
        "Form families from the current person links (person_mentions), re-applying every correction, and "
        "publish them. --as-of defaults to the latest delivery date in the warehouse."
    ),
)
@workspace_option
@as_of_option("Reference date, YYYY-MM-DD.")
def build(workspace: Workspace, as_of: dt.date | None) -> None:
    console = Console()
    with console.status("forming families") as status:
        summary = build_families(workspace, as_of, lambda msg: status.update(f"families: {msg}"))
    print_summary(console, summary)


@families.command(
    "show", help="A family's members on a date (default: the build date), with roles and evidence."
)
@click.argument("family_id")
@workspace_option
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date, YYYY-MM-DD.")
def show(family_id: str, workspace: Workspace, on: dt.datetime | None) -> None:
    console = Console()
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        date = on.date() if on else required_as_of(con)
        current = resolve(con, family_id)
        members = members_on(con, family_id, date)
        if not members:
            raise FormationError(f"family {family_id} has no members on {date:%Y-%m-%d}")
        if current != family_id:
            console.print(f"{family_id} was merged into [bold]{current}[/]")
        head = con.execute(
            "SELECT address, postcode, flags FROM main.families WHERE family_id = ?", [current]
        ).fetchone()
        where = ", ".join(str(v) for v in (head or (None, None))[:2] if v) or "address unknown"
        table = Table(title=f"Family {current} on {date:%Y-%m-%d}: {where}")
        for name in ("person", "role", "lives here", "from", "to", "evidence"):
            table.add_column(name, overflow="fold")
        for m in members:
            table.add_row(
                m.person_id,
                m.role.replace("_", " "),
                "yes" if m.resident else "no",
                f"{m.start_date}",
                f"{m.end_date or ''}",
                escape("\n".join(m.evidence) or "(no link)"),
            )
        console.print(table)
        for flag, detail in con.execute(
            "SELECT flag, detail FROM main.family_flags WHERE family_id = ? ORDER BY flag, detail", [current]
        ).fetchall():
            console.print(f"flag: {flag.replace('_', ' ')}" + (f" ({escape(str(detail))})" if detail else ""))


def _decide(
    workspace: Workspace, no_rebuild: bool, action: FamilyAction, details: Details, by: str, reason: str
) -> None:
    console = Console()
    done = correct(workspace, action, details, by=by, reason=reason, rebuild=not no_rebuild)
    console.print(f"decision {done.decision.id} recorded: {action.replace('_', ' ')} {done.decision.details}")
    if done.rebuilt is not None:
        print_summary(console, done.rebuilt)


@families.command("move", help="Move a person to another family (re-applied on every run).")
@click.argument("person_id")
@click.option("--to", "to_family", required=True, help="The family the person belongs to.")
@_by_option
@_reason_option
@workspace_option
@_rebuild_option
def move(
    person_id: str, to_family: str, by: str, reason: str, workspace: Workspace, no_rebuild: bool
) -> None:
    _decide(workspace, no_rebuild, "move_person", move_person(person_id, to_family), by, reason)


@families.command("remove", help="Take a person out of their family: they form a family of their own.")
@click.argument("person_id")
@_by_option
@_reason_option
@workspace_option
@_rebuild_option
def remove(person_id: str, by: str, reason: str, workspace: Workspace, no_rebuild: bool) -> None:
    _decide(workspace, no_rebuild, "remove_person", remove_person(person_id), by, reason)


@families.command("split", help="These are two families: the PERSON_IDs named form the second one.")
@click.argument("family_id")
@click.argument("person_ids", nargs=-1, required=True)
@_by_option
@_reason_option
@workspace_option
@_rebuild_option
def split(
    family_id: str,
    person_ids: tuple[str, ...],
    by: str,
    reason: str,
    workspace: Workspace,
    no_rebuild: bool,
) -> None:
    _decide(workspace, no_rebuild, "split_family", split_family(family_id, person_ids), by, reason)


@families.command("merge", help="These are one family: OTHER_FAMILY_ID's members join FAMILY_ID.")
@click.argument("family_id")
@click.argument("other_family_id")
@_by_option
@_reason_option
@workspace_option
@_rebuild_option
def merge(
    family_id: str, other_family_id: str, by: str, reason: str, workspace: Workspace, no_rebuild: bool
) -> None:
    _decide(workspace, no_rebuild, "merge_families", merge_families(family_id, other_family_id), by, reason)


@families.command("decisions", help="Every family correction, active and withdrawn, with who and when.")
@workspace_option
def decisions(workspace: Workspace) -> None:
    table = Table(title="Family corrections")
    for name in ("id", "action", "details", "by", "when", "reason", "withdrawn"):
        table.add_column(name, overflow="fold")
    for row in DecisionStore(workspace.decisions).family_history():
        table.add_row(*(escape(str(v)) if v is not None else "" for v in row))
    Console().print(table)


@families.command(
    "withdraw", help="Withdraw a family correction: it stops being applied and stays in the history."
)
@click.argument("decision_id", type=int)
@_by_option
@workspace_option
@_rebuild_option
def withdraw(decision_id: int, by: str, workspace: Workspace, no_rebuild: bool) -> None:
    console = Console()
    rebuilt = withdraw_correction(workspace, decision_id, by=by, rebuild=not no_rebuild)
    console.print(f"decision {decision_id} withdrawn")
    if rebuilt is not None:
        print_summary(console, rebuilt)
