"""A workspace: one folder holding a council's partner extracts, source configs, warehouse and reports.

Layout (``wholefamily generate`` writes a ready one)::

    DIR/wholefamily-workspace.yaml   marker file
    DIR/extracts/<delivery date>/... partner files as delivered
    DIR/sources/*.yaml               one config per partner source
    DIR/truth/                       synthetic ground truth (never read by the pipeline)
    DIR/warehouse.duckdb             the canonical warehouse
    DIR/reports/                     data-quality and other reports
    DIR/decisions.sqlite             data managers' link and family decisions
    DIR/casework/milestones.csv      casework milestones the site writes and ``outcomes`` reads
    DIR/casework/claims.csv          claims signed off (or withdrawn) in the site, read by ``claims``
    DIR/claims/<period>/             each claim's evidence pack (JSON, HTML, PDF) and their manifest
    DIR/returns/<period>/            the quarterly returns, each CSV with its data dictionary
    DIR/governance/agreements.yaml   the sharing agreements register (read by ingest)
    DIR/governance/retention.yaml    how long each kind of record is kept
    DIR/governance/subject-access/   subject access packs, one folder per person
    DIR/reference/population.csv     the population of each small area, supplied by the council
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from wholefamily.errors import WholefamilyError

MARKER = "wholefamily-workspace.yaml"
ENV_VAR = "WHOLEFAMILY_HOME"


class WorkspaceError(WholefamilyError):
    """No usable workspace was found or given."""


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def extracts(self) -> Path:
        return self.root / "extracts"

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def truth(self) -> Path:
        return self.root / "truth"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def decisions(self) -> Path:
        """Data managers' link and family decisions (kept apart from the warehouse)."""
        return self.root / "decisions.sqlite"

    @property
    def milestones(self) -> Path:
        """Casework milestones (work start, assessment, plan, closure) as the site exports them: the one
        way casework reaches the pipeline, which never reads the site's database."""
        return self.root / "casework" / "milestones.csv"

    @property
    def claims_register(self) -> Path:
        """The claims the coordinator signed off or withdrew in the site, as it exports them."""
        return self.root / "casework" / "claims.csv"

    @property
    def claims(self) -> Path:
        """Evidence packs, one folder per claim period."""
        return self.root / "claims"

    @property
    def returns(self) -> Path:
        """The quarterly returns to the department, one folder per period."""
        return self.root / "returns"

    @property
    def governance(self) -> Path:
        """The sharing agreements register, the retention rules, subject access packs and the retention log."""
        return self.root / "governance"

    @property
    def agreements(self) -> Path:
        return self.governance / "agreements.yaml"

    @property
    def retention_rules(self) -> Path:
        return self.governance / "retention.yaml"

    @property
    def population(self) -> Path:
        """The population of each small area by age band and sex, which the council supplies (the
        denominators of the population indicators)."""
        return self.root / "reference" / "population.csv"

    @property
    def marker(self) -> Path:
        return self.root / MARKER

    def create(self, description: str) -> None:
        """Make the folders and the marker file of a new workspace."""
        for folder in (self.root, self.extracts, self.sources, self.reports):
            folder.mkdir(parents=True, exist_ok=True)
        self.marker.write_text(f"wholefamily_workspace: 1\ndescription: {description!r}\n", "utf-8")


def find_workspace(given: Path | None = None) -> Workspace:
    """The workspace named by ``--workspace``, else ``$WHOLEFAMILY_HOME``, else the current folder
    or one of its parents."""
    if given is None and os.environ.get(ENV_VAR):
        given = Path(os.environ[ENV_VAR])
    if given is not None:
        root = given.expanduser().resolve()
        if not (root / MARKER).is_file():
            raise WorkspaceError(
                f"{root} is not a wholefamily workspace (no {MARKER}); "
                "create one with `wholefamily generate --out DIR`"
            )
        return Workspace(root)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return Workspace(folder)
    raise WorkspaceError(
        f"no wholefamily workspace in {here} or its parents: pass --workspace DIR, set {ENV_VAR}, "
        "or create one with `wholefamily generate --out DIR`"
    )
