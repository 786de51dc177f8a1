"""The ``wholefamily`` command: one entry point, a sub-command for each step of the monthly pipeline."""

from __future__ import annotations

import click

from wholefamily import __version__
from wholefamily.demo import demo
from wholefamily.families.command import families
from wholefamily.framework.command import identify
from wholefamily.ingest.command import ingest
from wholefamily.linkage.command import evaluate, explain, link, review
from wholefamily.synthetic.command import generate
from wholefamily.web.serve_command import serve
from wholefamily.web.warehouse_sync.export_command import export_casework
from wholefamily.web.warehouse_sync.publish_command import publish


@click.group(
    help=(
        "wholefamily: whole-family data for the Supporting Families programme.\n\n"
        "A typical month: `generate` (or copy partner extracts into a workspace), then `ingest`.\n"
        "Every command works on the workspace in the current folder,"
        " or --workspace DIR, or $WHOLEFAMILY_HOME."
    )
)
@click.version_option(__version__, prog_name="wholefamily")
def main() -> None:
    """Entry point of the command group."""


main.add_command(generate)
main.add_command(ingest)
main.add_command(demo)
main.add_command(link)
main.add_command(review)
main.add_command(explain)
main.add_command(families)
main.add_command(evaluate)
main.add_command(identify)
main.add_command(publish)
main.add_command(serve)
main.add_command(export_casework)
