"""What every ``wholefamily`` command shares: the ``--workspace`` option and one clean exit on a user's error.

A command declared with ``cls=StepCommand`` (or in a ``StepGroup``) shows any ``WholefamilyError`` as one
red line, "<command> failed: <message>", and exits with status 2; nothing else is caught, so a bug keeps
its traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from wholefamily.errors import WholefamilyError
from wholefamily.workspace import Workspace, WorkspaceError, find_workspace

_F = TypeVar("_F", bound=Callable[..., Any])


def fail(what: str, message: str) -> NoReturn:
    """Say what failed in one red line on standard error and exit with status 2."""
    Console(stderr=True).print(
        f"[bold red]{what} failed:[/] {escape(message)}", highlight=False, soft_wrap=True
    )
    sys.exit(2)


def _name(ctx: click.Context) -> str:
    """The command as typed after the program name: ``families build``, ``link``."""
    parts = []
    while ctx.parent is not None:
        parts.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(parts)) or (ctx.info_name or "wholefamily")


class StepCommand(click.Command):
    """A command whose ``WholefamilyError`` ends in one line and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WholefamilyError as exc:
            fail(_name(ctx), str(exc))


class StepGroup(click.Group):
    """A group whose commands and sub-groups fail cleanly like ``StepCommand``."""

    command_class = StepCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WholefamilyError as exc:
            fail(_name(ctx), str(exc))


StepGroup.group_class = StepGroup


def _resolve_workspace(ctx: click.Context, param: click.Parameter, value: Path | None) -> Workspace:
    try:
        return find_workspace(value)
    except WorkspaceError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from exc


def _date(ctx: click.Context, param: click.Parameter, value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


def as_of_option(help: str, *, required: bool = False) -> Callable[[_F], _F]:
    """``--as-of YYYY-MM-DD``, given to the command as a date (None when left out)."""
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        required=required,
        callback=_date,
        help=help,
    )


def workspace_option(func: _F) -> _F:
    """``--workspace DIR``, resolved (with ``$WHOLEFAMILY_HOME`` and the current folder) to a ``workspace``."""
    return click.option(
        "--workspace",
        "workspace",
        type=click.Path(file_okay=False, path_type=Path),
        callback=_resolve_workspace,
        help="Workspace folder (default: the current folder or a parent, or $WHOLEFAMILY_HOME).",
    )(func)


def engine_option(help: str) -> Callable[[_F], _F]:
    """``--engine duckdb|spark`` (Spark runs where ``WHOLEFAMILY_SPARK_MASTER`` says: docs/scale.md)."""
    return click.option(
        "--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True, help=help
    )
