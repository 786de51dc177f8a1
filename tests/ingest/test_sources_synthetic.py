"""Onboarding a synthetic authority's extracts with `wholefamily sources draft`, in both partner styles.

Every extract is drafted, given only the edits a data manager would make (written out below: the source id
and people group names the evaluation expects; events are left out, as drafted), and ingested. Each file
must be read with the same people in every row as the generator's own config reads it (style 1), or as
the truth names them, group and position included (style 2, which comes with no configs), but for the
rows ingest drops as exact copies of an earlier row.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.ingest.check import CheckResult, check_source, deliveries_to_check, find_config
from wholefamily.ingest.config import load_source_configs
from wholefamily.ingest.load import Counts
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class Edits:
    """What the data manager changes in a draft: the source id, and people groups renamed."""

    source: str | None = None
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return (self.source is not None) + len(self.groups)

    def apply(self, text: str) -> str:
        if self.source is not None:
            text = re.sub(r"(?m)^source: .*$", f"source: {self.source}", text, count=1)
        for old, new in self.groups.items():
            text, found = re.subn(rf"(?m)^  - name: {old}$", f"  - name: {new}", text)
            assert found == 1, (old, text)
        return text


#: Style 1: the drafts are ingested as written (file names are the source ids).
STYLE_1_EDITS: dict[str, Edits] = {}
#: Style 2, by drafted source id: the ids and group names of the partners' notes (partner-notes/README.md).
STYLE_2_EDITS = {
    "attendance": Edits("school_attendance"),
    "mis_contacts": Edits("school_contacts", {"person": "pupil", "priority_1_contact": "contact"}),
    "exclusions_return": Edits("school_suspensions"),
    "occurrences": Edits("police_incidents", {"subjects": "person"}),
    "yjs_offences": Edits("youth_offending", {"client": "young_person"}),
    "dwp_la_share": Edits("dwp_benefits", {"person": "claimant"}),
    "arrears_and_notices": Edits("rent_arrears"),
    "tenancy_list": Edits("housing_tenancies"),
    "hclic_cases": Edits("homelessness_approaches", {"household_members": "household"}),
    "mh_referrals": Edits("mental_health_referrals"),
    "treatment_journeys": Edits("substance_misuse"),
    "hv_contacts": Edits("health_visiting", {"main_carer": "carer"}),
    "maternity": Edits("maternity_antenatal", {"woman": "mother"}),
    "csc_episodes": Edits("childrens_social_care", {"person": "child"}),
}


def generated(tmp_path_factory: pytest.TempPathFactory, style: str) -> Path:
    out = tmp_path_factory.mktemp(f"style{style}") / "ws"
    args = ["generate", "--out", str(out), "--residents", "1000", "--seed", "3", "--style", style]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def onboard(authority: Path, edits: dict[str, Edits]) -> tuple[Workspace, dict[str, int]]:
    """A workspace with the authority's extracts and the edited drafts, ingested; edits made per draft."""
    drafted = Workspace(authority.parent / "drafted")
    drafted.create("drafts of every extract")
    shutil.copytree(authority / "extracts", drafted.extracts, dirs_exist_ok=True)
    made: dict[str, int] = {}
    for file in sorted(drafted.extracts.glob("*/*")):
        args = ["sources", "draft", "--workspace", str(drafted.root), str(file), "--out", "-"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        source = re.search(r"(?m)^source: (.*)$", result.output)
        assert source is not None
        edit = edits.get(source[1], Edits())
        text = edit.apply(result.output)
        (drafted.sources / f"{edit.source or source[1]}.yaml").write_text(text, "utf-8")
        made[source[1]] = edit.count
    ingested = CliRunner().invoke(main, ["ingest", "--workspace", str(drafted.root)])
    assert ingested.exit_code == 0, ingested.output
    return drafted, made


def checked(workspace: Workspace, source: str) -> CheckResult:
    config = find_config(workspace, source)
    return check_source(config, deliveries_to_check(workspace, config, None), rows=None)


def people_per_row(result: CheckResult) -> Counter[tuple[str, str | None, int]]:
    return Counter((p.file, p.sheet, p.row_number) for p in result.people)


def published_counts(workspace: Workspace) -> dict[str, tuple[int, ...]]:
    counts = ", ".join(f.name for f in dataclasses.fields(Counts))
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        rows = con.execute(f"SELECT source, {counts} FROM run_sources").fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}


def test_style_1_drafts_read_every_row_as_the_generators_configs_do(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    authority = generated(tmp_path_factory, "1")
    drafted, made = onboard(authority, STYLE_1_EDITS)
    assert len(made) == 14 and sum(made.values()) == 0
    published = published_counts(drafted)
    for config in load_source_configs(drafted.sources):
        mine = checked(drafted, config.source)
        theirs = checked(Workspace(authority), config.source)
        assert people_per_row(mine) == people_per_row(theirs), config.source
        assert published[config.source] == dataclasses.astuple(mine.counts)  # the check is the ingest


def test_style_2_drafts_read_every_person_the_truth_names_with_a_few_edits(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    authority = generated(tmp_path_factory, "2")
    drafted, made = onboard(authority, STYLE_2_EDITS)
    assert set(made) == set(STYLE_2_EDITS) and max(made.values()) <= 3
    truth: Counter[tuple[str, str | None, int, str, int]] = Counter(
        (m["file"], m["sheet"], m["row_number"], m["people_group"], m["person_index"])
        for m in pq.read_table(authority / "truth" / "mentions.parquet").to_pylist()
    )
    published = published_counts(drafted)
    read: Counter[tuple[str, str | None, int, str, int]] = Counter()
    for config in load_source_configs(drafted.sources):
        mine = checked(drafted, config.source)
        read.update((p.file, p.sheet, p.row_number, p.people_group, p.person_index) for p in mine.people)
        assert published[config.source] == dataclasses.astuple(mine.counts)
    with duckdb.connect(str(drafted.warehouse), read_only=True) as con:
        dropped = set(con.execute("SELECT file, sheet, row_number FROM duplicate_rows").fetchall())
    assert dropped  # style 2 writes some rows twice: ingest reads the first, counts the copy
    assert read == Counter({place: n for place, n in truth.items() if place[:3] not in dropped})
