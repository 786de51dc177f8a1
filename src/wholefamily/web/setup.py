"""Configure Django for the command line: the casework database belongs to the workspace."""

from __future__ import annotations

import os

import django
from django.core.management import call_command

from wholefamily.workspace import Workspace


def django_setup(workspace: Workspace | None = None, *, migrate: bool = True) -> None:
    """Point Django at the workspace's casework database (unless ``WHOLEFAMILY_DATABASE_URL`` says otherwise),
    start it, and bring the schema up to date."""
    if workspace is not None:
        os.environ["WHOLEFAMILY_HOME"] = str(workspace.root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wholefamily.web.settings")
    django.setup()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
