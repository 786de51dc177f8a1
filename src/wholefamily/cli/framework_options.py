"""The options of the commands that run an outcome framework: ``--framework`` and a local ``--plan``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from wholefamily.framework.model import FRAMEWORKS

_F = TypeVar("_F", bound=Callable[..., Any])


def framework_option(func: _F) -> _F:
    """``--framework ID``, one of the frameworks the package holds (``sf-2022`` by default)."""
    return click.option(
        "--framework",
        "framework",
        type=click.Choice(FRAMEWORKS),
        default="sf-2022",
        show_default=True,
        help="The outcome framework.",
    )(func)


def plan_option(func: _F) -> _F:
    """``--plan FILE``, a local outcome plan (YAML), or None."""
    return click.option(
        "--plan", "plan", type=click.Path(dir_okay=False, path_type=Path), help="Local outcome plan (YAML)."
    )(func)
