"""``wholefamily identify``: find families' needs with evidence, eligibility and a priority order."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from wholefamily.framework.evaluate import IdentifyError
from wholefamily.framework.identify import run_identify
from wholefamily.framework.model import FRAMEWORKS, FrameworkError
from wholefamily.workspace import WorkspaceError, find_workspace


@click.command(
    help=(
        "Evaluate an outcome framework's need descriptors on the warehouse at --as-of, using only "
        "deliveries received by then: every family's needs with their evidence, eligibility and a priority "
        "order, compared with the previous run of the same framework. Results go to the warehouse "
        "(identify_runs, family_needs, need_evidence, family_eligibility, identify_changes) and to "
        "reports/identify/<run>/ (CSV and summary.html).\n\n"
        "A local outcome plan (--plan FILE) changes thresholds and windows, adds local descriptors or "
        "switches descriptors off; it is checked first and nothing runs if it is wrong (exit status 2)."
    )
)
@click.option(
    "--framework",
    "framework",
    type=click.Choice(FRAMEWORKS),
    default="sf-2022",
    show_default=True,
    help="The outcome framework.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="Identify as on this date (YYYY-MM-DD).",
)
@click.option(
    "--plan", "plan", type=click.Path(dir_okay=False, path_type=Path), help="Local outcome plan (YAML)."
)
@click.option(
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the current folder or a parent, or $WHOLEFAMILY_HOME).",
)
def identify(framework: str, as_of: dt.datetime, plan: Path | None, workspace_dir: Path | None) -> None:
    console = Console()
    try:
        workspace = find_workspace(workspace_dir)
        with console.status(f"identifying families ({framework}, as of {as_of.date()})"):
            result = run_identify(workspace, framework, as_of.date(), plan)
    except FrameworkError as exc:
        Console(stderr=True).print(
            f"[bold red]identify: the rules are not valid; nothing was run:[/]\n{escape(str(exc))}",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(2)
    except (IdentifyError, WorkspaceError) as exc:
        Console(stderr=True).print(
            f"[bold red]identify failed:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(2)
    console.print(
        f"Identify run [bold]{result.run_id}[/] ({result.framework.id}, as of {result.as_of}) "
        f"in {result.seconds:.1f} s"
    )
    console.print(f"families with needs {result.families_with_needs:,}; eligible {result.eligible:,}")
    if result.previous_run_id:
        summary = (
            ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sorted(result.changes.items()))
            or "no changes"
        )
        console.print(f"since run {result.previous_run_id}: {summary}")
    console.print(f"Report: {result.report}")
