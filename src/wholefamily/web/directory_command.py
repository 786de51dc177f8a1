"""``wholefamily directory import FILE`` and ``export FILE``: the workspace's directory of services in and out of
the Open Referral UK data standard (``web/directory/oruk.py``)."""

from __future__ import annotations

from pathlib import Path

import click

from wholefamily.command_line import StepGroup, workspace_option
from wholefamily.errors import WholefamilyError
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace


class DirectoryFileError(WholefamilyError):
    """An Open Referral UK file the directory cannot take."""


@click.group(
    "directory",
    cls=StepGroup,
    help="The casework site's directory of local services and family hubs, in Open Referral UK JSON.",
)
def directory() -> None:
    """Command group."""


@directory.command(
    "import",
    help=(
        "Create or update the directory's services from an Open Referral UK (3.0) JSON list of services, by "
        "service id. The file is checked against the schema and every field is validated first: any problem "
        "(named by service and field) and nothing is imported."
    ),
)
@workspace_option
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(workspace: Workspace, file: Path) -> None:
    django_setup(workspace)
    from wholefamily.web.directory import oruk  # needs Django set up

    try:
        result = oruk.loads(file.read_text("utf-8"))
    except oruk.OrukError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        count = len(error.problems)
        raise DirectoryFileError(
            f"{file.name}: {count} problem{'' if count == 1 else 's'}; nothing was imported"
        ) from None
    except UnicodeDecodeError:
        raise DirectoryFileError(f"{file.name}: not UTF-8 text") from None
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"Imported {file.name}: {result.created} services added, {result.updated} updated.")


@directory.command("export", help="Write every service of the directory as Open Referral UK (3.0) JSON.")
@workspace_option
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export(workspace: Workspace, file: Path) -> None:
    django_setup(workspace)
    from wholefamily.web.accounts import audit  # these need Django set up
    from wholefamily.web.accounts.models import AuditEntry
    from wholefamily.web.directory import oruk
    from wholefamily.web.directory.models import Service

    document = oruk.export(Service.objects.all())
    file.write_text(oruk.dumps(document), encoding="utf-8")
    audit.record(
        None,
        AuditEntry.Action.EXPORT,
        summary=f"Directory exported in Open Referral UK ({document['total_items']} services) to {file.name}",
    )
    click.echo(f"Wrote {document['total_items']} services to {file}.")
