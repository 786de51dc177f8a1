"""The ``wholefamily`` command: one entry point, a sub-command for each step of the monthly pipeline.

The modules of this package only read options and print; the work is done by the steps they call.
"""

from __future__ import annotations

import click

from wholefamily import __version__
from wholefamily.cli.claims import claims
from wholefamily.cli.demo import demo
from wholefamily.cli.evidence import evaluate_impact, evaluate_risk
from wholefamily.cli.families import families
from wholefamily.cli.generate import generate
from wholefamily.cli.governance import governance
from wholefamily.cli.identify import identify
from wholefamily.cli.ingest import ingest
from wholefamily.cli.insight import insight
from wholefamily.cli.linkage import evaluate, explain, link, review
from wholefamily.cli.outcomes import evaluate_outcomes, formed_casework, outcomes
from wholefamily.cli.quarantine import quarantine
from wholefamily.cli.runs import runs
from wholefamily.cli.sources import sources
from wholefamily.command_line import StepGroup
from wholefamily.web.directory_command import directory
from wholefamily.web.exports_command import export_worker
from wholefamily.web.remind_command import remind
from wholefamily.web.serve_command import serve
from wholefamily.web.warehouse_sync.export_command import export_casework
from wholefamily.web.warehouse_sync.publish_command import publish
from wholefamily.web.warehouse_sync.ssd_command import ssd


@click.group(
    cls=StepGroup,
    help=(
        "wholefamily: whole-family data for the Supporting Families programme.\n\n"
        "A typical month: `generate` (or copy partner extracts into a workspace), then `ingest`, `link`, "
        "`identify` and `publish`.\n"
        "Every command works on the workspace in the current folder,"
        " or --workspace DIR, or $WHOLEFAMILY_HOME."
    ),
)
@click.version_option(__version__, prog_name="wholefamily")
def main() -> None:
    """Entry point of the command group."""


for command in (
    generate,
    sources,
    ingest,
    quarantine,
    demo,
    link,
    review,
    explain,
    families,
    evaluate,
    identify,
    outcomes,
    claims,
    governance,
    insight,
    publish,
    serve,
    remind,
    directory,
    export_worker,
    export_casework,
    ssd,
    runs,
):
    main.add_command(command)
evaluate.add_command(evaluate_outcomes)
evaluate.add_command(formed_casework)
evaluate.add_command(evaluate_impact)
evaluate.add_command(evaluate_risk)
