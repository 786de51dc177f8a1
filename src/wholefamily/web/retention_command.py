"""The casework site's part of ``wholefamily governance retention``: run when the workspace has a site."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

from wholefamily.governance.retention import Rules
from wholefamily.warehouse.runs import new_run_id
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace

if TYPE_CHECKING:
    from wholefamily.web.governance.retention import CaseworkRetention


def has_site(workspace: Workspace) -> bool:
    """Whether the workspace has a casework site: its database file, or one named by the environment."""
    return bool(os.environ.get("WHOLEFAMILY_DATABASE_URL")) or (workspace.root / "casework.sqlite3").is_file()


def site_retention(workspace: Workspace, rules: Rules, as_of: dt.date, *, apply: bool) -> CaseworkRetention:
    """Count, or apply, the site's retention rules."""
    django_setup(workspace)
    from wholefamily.web.exports.retention import exports_before  # these need Django set up
    from wholefamily.web.governance.retention import casework_retention

    return casework_retention(
        rules,
        as_of,
        apply=apply,
        run_id=new_run_id(),
        governance=workspace.governance,
        others={"exports": exports_before},
    )
