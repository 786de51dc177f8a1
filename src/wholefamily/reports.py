"""HTML reports (ingest's data quality, the coordinator's identify summary) from packaged Jinja2 templates.

The pages are self-contained (inline CSS, no JavaScript) so they can be sent on, and they carry text a
partner supplied (file names, raw values, reasons), so autoescaping is always on. A package's own
``templates`` folder is searched first, then ``wholefamily/templates``: the base page and the table macro.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined


def render(package: str, template: str, **context: Any) -> str:
    """``template`` from ``package``'s templates folder, rendered with ``context``."""
    return _environment(package).get_template(template).render(**context)


@cache
def _environment(package: str) -> Environment:
    env = Environment(
        loader=ChoiceLoader([PackageLoader(package), PackageLoader("wholefamily")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["thousands"] = "{:,}".format
    env.filters["percent"] = "{:.1%}".format
    return env
