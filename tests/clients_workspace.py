"""A workspace with the partner source most workspace tests deliver: clients, each with a name (and, with
``CLIENTS_WITH_DOB``, a date of birth whose row is quarantined when it is not a date)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from click.testing import CliRunner

from wholefamily.cli.ingest import ingest
from wholefamily.workspace import Workspace

CLIENTS = """\
source: clients
title: Clients
agency: health
files: extracts/*/clients.csv
format: {type: csv}
record_key: [id]
people:
  - name: client
    fields:
      first_name: {column: first}
      surname: {column: last}
"""
CLIENTS_WITH_DOB = CLIENTS + "      dob: {column: dob, date_formats: [iso], on_invalid: quarantine}\n"


def clients_workspace(
    root: Path,
    deliveries: Mapping[str, str],
    *,
    config: str = CLIENTS,
    name: str = "test workspace",
    ingested: bool = False,
) -> Workspace:
    """A new workspace at ``root`` with the clients source (``config``) and its ``deliveries`` (the text of
    ``clients.csv`` by delivery date), ingested when ``ingested``."""
    workspace = Workspace(root)
    workspace.create(name)
    (workspace.sources / "clients.yaml").write_text(config, "utf-8")
    for date, text in deliveries.items():
        folder = workspace.extracts / date
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "clients.csv").write_text(text, "utf-8")
    if ingested:
        result = CliRunner().invoke(ingest, ["--workspace", str(root)])
        assert result.exit_code == 0, (result.output, result.exception)
    return workspace
