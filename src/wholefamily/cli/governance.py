"""``wholefamily governance``: the sharing agreements register, subject access packs and retention."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wholefamily.command_line import StepGroup, as_of_option, workspace_option
from wholefamily.decisions import DecisionStore
from wholefamily.governance.agreements import (
    Agreement,
    Purpose,
    due_for_review,
    load_register,
    uncovered_sources,
)
from wholefamily.governance.errors import GovernanceError
from wholefamily.governance.extract import write_extract
from wholefamily.governance.pseudonyms import purpose_secret
from wholefamily.governance.restrictions import restrict_person, restricted_person_ids
from wholefamily.governance.retention import (
    Records,
    Removal,
    Rules,
    apply_removals,
    load_rules,
    plan_removals,
    reconcile,
)
from wholefamily.governance.subject_access import write_subject_access_pack
from wholefamily.ingest.config import load_source_configs
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.runs import utc_now
from wholefamily.web.retention_command import has_site, site_retention
from wholefamily.workspace import Workspace


@click.group(
    "governance",
    cls=StepGroup,
    help=(
        "Information governance: the sharing agreements each partner's data arrives under "
        "(governance/agreements.yaml), a subject access pack for one person, retention of old records, "
        "restriction of processing and pseudonymised extracts."
    ),
)
def governance() -> None:
    """Command group."""


def _agreements_table(title: str, agreements: list[Agreement]) -> Table:
    """One row per agreement: its id and document, the sources, the legal basis and the dates."""
    table = Table(title=title)
    table.add_column("Agreement", no_wrap=True)
    for name in ("Sources", "Legal basis", "Starts", "Review by", "Ends"):
        table.add_column(name, overflow="fold")
    for a in agreements:
        basis = f"art. 6: {a.legal_basis}"
        if a.article_9_condition:
            basis += f"\nart. 9: {a.article_9_condition} ({', '.join(a.special_categories)})"
        table.add_row(
            f"{a.id}\n{escape(a.document)}",
            "\n".join(a.sources),
            basis,
            f"{a.starts}",
            f"{a.review_by}",
            f"{a.ends or ''}",
        )
    return table


@governance.command(
    "agreements",
    help=(
        "List the sharing agreements in governance/agreements.yaml, and those due for review within --due-days "
        "(overdue ones included)."
    ),
)
@workspace_option
@click.option("--due-days", type=click.IntRange(min=0), default=90, show_default=True)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date to count from (default: today).",
)
def agreements(workspace: Workspace, due_days: int, today: dt.datetime | None) -> None:
    register = load_register(workspace.agreements)
    if register is None:
        raise GovernanceError(
            f"{workspace.agreements}: no sharing agreements register; write one (docs/information-governance.md)"
        )
    day = today.date() if today else dt.date.today()
    console = Console()
    console.print(_agreements_table("Sharing agreements", register.agreements))
    due = due_for_review(register, day, due_days)
    if due:
        console.print(_agreements_table(f"Due for review by {day + dt.timedelta(days=due_days)}", due))
    else:
        console.print(f"No agreement is due for review by {day + dt.timedelta(days=due_days)}.")
    uncovered = uncovered_sources(register, [c.source for c in load_source_configs(workspace.sources)])
    if uncovered:
        console.print(
            f"[bold yellow]Sources with no agreement:[/] {', '.join(uncovered)} (ingest warns about their deliveries)"
        )
    console.print(
        "Deliveries after an agreement ends are "
        + (
            "refused."
            if register.refuse_after_agreement_ends
            else "loaded with a warning (refusal switched off)."
        )
    )


@governance.command(
    "subject-access",
    help=(
        "Gather everything the warehouse holds on one linked person (their partner records, events, families "
        "and needs evidence) into governance/subject-access/PERSON_ID/: a redacted copy, with other people's "
        "details replaced, to send after checking, and a reviewer's copy. Casework site records are not "
        "included yet."
    ),
)
@workspace_option
@click.option("--person", "person_id", required=True, metavar="PERSON_ID", help="A linked person id.")
def subject_access(workspace: Workspace, person_id: str) -> None:
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        pack = write_subject_access_pack(
            con, person_id, workspace.governance / "subject-access" / person_id, utc_now()
        )
    console = Console()
    console.print(
        f"{pack.mentions} records, {pack.events} events, {pack.families} family memberships; "
        f"{pack.third_parties} third parties marked for redaction"
    )
    console.print(f"Redacted copy (check, then send): {pack.folder / 'redacted.html'}")
    console.print(f"Reviewer's copy (not for sending): {pack.folder / 'reviewer.html'}")
    console.print("[yellow]Not included:[/] the casework site's records; search the site as well.")


@governance.command(
    "retention",
    help=(
        "Apply the retention rules in governance/retention.yaml: --dry-run lists what has passed its retention "
        "period (warehouse rows per table and source, delivered files, report folders, returns, subject access "
        "packs; and, when the "
        "workspace has a casework site, closed cases, documents, audit entries and exports); --apply removes "
        "it, recording in the warehouse's retention_log how many rows and which files went, and shows that "
        "each source's counts still reconcile. Closed cases are pseudonymised to a tombstone, not deleted, "
        "so the claims and returns they are counted in stay true; the site's run is audited with its counts."
    ),
)
@workspace_option
@click.option(
    "--dry-run", "mode", flag_value="dry-run", help="List what would go (the default).", default=True
)
@click.option("--apply", "mode", flag_value="apply", help="Remove it, and log the removal.")
@as_of_option("Count retention periods back from this date (default: today).")
def retention(workspace: Workspace, mode: str, as_of: dt.date | None) -> None:
    rules = load_rules(workspace.retention_rules)
    day = as_of or dt.date.today()
    console = Console()
    if workspace.warehouse.is_file():
        _warehouse_retention(console, workspace, rules, day, apply=mode == "apply")
    else:
        console.print("No warehouse: nothing of the pipeline's to remove.")
    if has_site(workspace):
        site = site_retention(workspace, rules, day, apply=mode == "apply")
        console.print(_site_table(site.counts, site.rules, day, applied=site.applied))
        if site.applied and not site.nothing:
            console.print(f"Casework site: audited, and {site.files_deleted} files deleted.")


def _warehouse_retention(
    console: Console, workspace: Workspace, rules: Rules, day: dt.date, *, apply: bool
) -> None:
    with open_warehouse(workspace.warehouse) as con:
        removals = plan_removals(con, workspace, rules, day)
        console.print(_removals_table(removals, day, applied=apply))
        if apply and removals:
            run_id = apply_removals(con, workspace, removals, day)
            console.print(
                f"Retention run {run_id}: logged in retention_log and governance/retention-runs/{run_id}.json"
            )
        checks = reconcile(con)
    broken = [c for c in checks if not c.holds()]
    for c in broken:
        console.print(
            f"[red]{c.source}: {c.what} do not reconcile:[/] {c.accepted} accepted, {c.held} held, {c.removed} removed"
        )
    if not broken:
        console.print(
            f"Counts reconcile for {len({c.source for c in checks})} sources (accepted = held + removed)."
        )


def _site_table(
    counts: Mapping[Records, Counter[str]], rules: Mapping[Records, str], day: dt.date, applied: bool
) -> Table:
    table = Table(
        title=f"Casework site: {'removed' if applied else 'would be removed'}, past retention on {day}"
    )
    for name in ("Rule", "Records", "Count"):
        table.add_column(name, justify="right" if name == "Count" else "left")
    for kind, kinds in counts.items():
        for what, n in sorted(kinds.items()):
            table.add_row(rules[kind], what, f"{n:,}")
    if not any(n for kinds in counts.values() for n in kinds.values()):
        table.add_row("nothing", "", "")
    return table


def _removals_table(removals: list[Removal], day: dt.date, applied: bool) -> Table:
    table = Table(title=f"{'Removed' if applied else 'Would be removed'}: past retention on {day}")
    for name in ("Records", "Table or file", "Source", "Deliveries", "Rows"):
        table.add_column(name, justify="right" if name in ("Deliveries", "Rows") else "left", overflow="fold")
    table.columns[2].no_wrap = True
    grouped: dict[tuple[str, str, str], list[Removal]] = {}
    for r in removals:
        target = (
            r.target
            if r.target in ("mentions", "events", "quarantine", "field_warnings", "duplicate_rows")
            else ("delivered files" if r.records == "partner_deliveries" else r.target)
        )
        grouped.setdefault((r.records, target, r.source or ""), []).append(r)
    for (records, target, source), group in grouped.items():
        table.add_row(
            records,
            escape(target),
            source,
            f"{len({g.delivery_date for g in group if g.delivery_date})}",
            f"{sum(g.rows for g in group):,}",
        )
    if not removals:
        table.add_row("nothing", "", "", "", "")
    return table


@governance.command(
    "extract",
    help=(
        "Write a pseudonymised extract for one purpose (one row per current family member): people and families "
        "by the purpose's stable pseudonyms (HMAC-SHA256 with a secret made once in .secrets/), age bands, "
        "postcode districts and the latest identify run's needs; no name, date of birth, address or identifier. "
        "People whose processing is restricted are left out."
    ),
)
@workspace_option
@click.option(
    "--purpose",
    type=click.Choice(["evaluation", "claims", "risk_model"]),
    required=True,
    help="The use the extract serves: each purpose has its own pseudonyms.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="FILE.csv or FILE.parquet",
)
@as_of_option("Membership and ages on this date (default: today).")
def extract(workspace: Workspace, purpose: Purpose, out: Path, as_of: dt.date | None) -> None:
    secret = purpose_secret(workspace.root, purpose)
    with open_warehouse(workspace.warehouse) as con:
        restricted = restricted_person_ids(con, DecisionStore(workspace.decisions))
        written = write_extract(con, secret, out, as_of or dt.date.today(), restricted)
    Console().print(
        f"{written.rows:,} people in {written.families:,} families written to {escape(str(written.path))} "
        f"(pseudonyms for {purpose}; {written.left_out_restricted} restricted people left out)"
    )


@governance.command(
    "restrict",
    help=(
        "Restrict processing of one linked person (UK GDPR article 18): their records are held but left out of "
        "identify, outcomes, evaluation and extracts until lifted. Kept in the decisions file and re-applied "
        "on every run; it follows the person's records through relinking."
    ),
)
@workspace_option
@click.option("--person", "person_id", required=True, help="The person id (see `wholefamily explain`).")
@click.option("--reason", required=True, help="Why (the request, and what it contests).")
@click.option("--by", required=True, help="Who decided.")
def restrict(workspace: Workspace, person_id: str, reason: str, by: str) -> None:
    with open_warehouse(workspace.warehouse) as con:
        decided = restrict_person(con, DecisionStore(workspace.decisions), person_id, by=by, reason=reason)
    Console().print(
        f"Restriction {decided.id}: person {person_id} ({len(decided.mention_keys)} records) is held but not used "
        "from the next identify run on."
    )


@governance.command("lift", help="Lift a restriction of processing: the person's records are used again.")
@workspace_option
@click.option("--restriction", "restriction_id", type=int, required=True, help="The restriction's id.")
@click.option("--reason", required=True, help="Why it is lifted.")
@click.option("--by", required=True, help="Who decided.")
def lift(workspace: Workspace, restriction_id: int, reason: str, by: str) -> None:
    DecisionStore(workspace.decisions).lift_restriction(restriction_id, by=by, reason=reason)
    Console().print(f"Restriction {restriction_id} lifted: used again from the next identify run on.")


@governance.command("restrictions", help="List the restrictions of processing in force.")
@workspace_option
def restrictions(workspace: Workspace) -> None:
    table = Table(
        "id", "person (when decided)", "records", "reason", "by", "at", title="Restrictions in force"
    )
    for r in DecisionStore(workspace.decisions).active_restrictions():
        table.add_row(
            str(r.id),
            r.person_id,
            str(len(r.mention_keys)),
            escape(r.reason),
            escape(r.decided_by),
            r.decided_at,
        )
    Console().print(table)
