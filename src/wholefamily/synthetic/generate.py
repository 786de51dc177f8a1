"""Generate a synthetic local authority into a workspace: partner extracts, source configs and truth."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module, resources
from pathlib import Path
from typing import cast

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import yaml
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from wholefamily.synthetic.casework import CLOSURE_REASONS, FOLLOWED, KEYWORKERS, Casework, build_casework
from wholefamily.synthetic.dates import NA, add_months, date_of, day, to_arrow
from wholefamily.synthetic.escalation import Escalation
from wholefamily.synthetic.extract import Extract, write_extract
from wholefamily.synthetic.governance import RETENTION_YAML, agreements_yaml
from wholefamily.synthetic.needs import DEFINITIONS, HEADLINES, History, build_history
from wholefamily.synthetic.partners.common import Context, ids
from wholefamily.synthetic.population import (
    CHILD,
    FIRST_NAMES,
    KINDS,
    OPEN,
    RELATIONS,
    ROLES,
    SURNAMES,
    TENURES,
    Population,
    build_population,
)
from wholefamily.synthetic.ssd import ssd_extracts
from wholefamily.workspace import Workspace

#: The partner extracts in the order they are written: (agency module, writer). Every style is a package
#: with these modules, each with a writer of that name (``Context`` in, ``Extract`` out).
PARTNER_WRITERS = (
    ("education", "attendance"),
    ("education", "contacts"),
    ("education", "suspensions"),
    ("police", "incidents"),
    ("youth_justice", "offences"),
    ("dwp", "benefits"),
    ("housing", "rent_arrears"),
    ("housing", "tenancies"),
    ("housing", "homelessness"),
    ("health", "mental_health"),
    ("health", "substance_misuse"),
    ("health", "health_visiting"),
    ("health", "maternity"),
    ("social_care", "episodes"),
)


def writers(package: str) -> tuple[Callable[[Context], Extract], ...]:
    """The writer of every partner extract in a style's package."""
    return tuple(
        cast("Callable[[Context], Extract]", getattr(import_module(f"{package}.{module}"), name))
        for module, name in PARTNER_WRITERS
    )


BUILDERS = writers("wholefamily.synthetic.partners")


@dataclass(frozen=True)
class Style:
    """How the partners write their files: a writer per partner extract, and where the package keeps the
    source configs that read them (a folder that may not exist yet) and the partners' notes, if any."""

    builders: tuple[Callable[[Context], Extract], ...]
    configs: str
    notes: str | None = None


#: Style 1 is the one the configs and linkage grew with; style 2 writes the same people as other
#: councils' partners send them, documented only by the partners' notes (its configs are written apart).
STYLES = {
    1: Style(BUILDERS, "sources"),
    2: Style(writers("wholefamily.synthetic.style2"), "sources_style2", "style2/notes"),
}
NOTES_FOLDER = "partner-notes"
#: The configs of the case system's early help history (``--ssd``): one per table that names people.
SSD_CONFIGS = "sources_ssd"
_MENTION_PLACE = [
    ("source", pa.string()),
    ("delivery_date", pa.date32()),
    ("file", pa.string()),
    ("sheet", pa.string()),
    ("row_number", pa.int64()),
    ("people_group", pa.string()),
    ("person_index", pa.int64()),
]
MENTION_SCHEMA = pa.schema([*_MENTION_PLACE, ("person_id", pa.string())])
ERROR_SCHEMA = pa.schema([*_MENTION_PLACE, ("field", pa.string()), ("error", pa.string())])


@dataclass
class Summary:
    residents: int = 0
    households: int = 0
    families: int = 0
    families_with_children: int = 0
    files: list[tuple[str, int, int]] = field(default_factory=list)  # path, rows, person mentions
    needs: dict[str, int] = field(default_factory=dict)
    configs: int = 0  # source configs copied into the workspace
    configs_folder: str = ""  # the package folder they come from
    notes: int = 0  # partners' notes written into the workspace
    worked_with: int = 0  # families in casework/milestones.csv (with --closures)
    closed: int = 0
    escalation_att: float | None = None  # the true effect on escalation of those worked with


def delivery_dates(today: dt.date, count: int) -> list[dt.date]:
    """Monthly deliveries ending on ``today``."""
    return [add_months(today, -(count - 1 - k)) for k in range(count)]


def shipped_files(folder_name: str = "sources", suffix: str = ".yaml") -> list[tuple[str, str]]:
    """(name, text) of the package's files in a folder below ``synthetic`` (none if there is no folder)."""
    folder = resources.files("wholefamily.synthetic").joinpath(*folder_name.split("/"))
    if not folder.is_dir():
        return []
    return sorted((p.name, p.read_text("utf-8")) for p in folder.iterdir() if p.name.endswith(suffix))


def shipped_configs(folder_name: str = "sources") -> list[tuple[str, str]]:
    return shipped_files(folder_name)


def generate(
    out: Path,
    residents: int,
    seed: int,
    deliveries: int,
    today: dt.date,
    console: Console | None = None,
    style: int = 1,
    closures: float = 0.0,
    programme_effect: float | None = None,
    ssd: bool = False,
) -> Summary:
    console = console or Console()
    chosen = STYLES[style]
    ws = Workspace(out)
    for folder in (ws.extracts, ws.sources, ws.truth, ws.root / NOTES_FOLDER, ws.milestones.parent):
        if folder.exists():
            shutil.rmtree(folder)
    described = "" if style == 1 else f", partner style {style}"
    ws.create(
        f"synthetic local authority: {residents} residents, seed {seed}, today {today.isoformat()}{described}"
    )
    ws.truth.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    dates = delivery_dates(today, deliveries)
    builders = chosen.builders
    steps = 3 + len(builders) * deliveries
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("population and households", total=steps)
        pop = build_population(residents, day(today), seed)
        progress.advance(task)
        progress.update(task, description="needs and events over the history")
        history = build_history(pop, seed)
        casework = (
            build_casework(pop, history, seed, closures, day(dates[0]), programme_effect)
            if closures > 0
            else None
        )
        progress.advance(task)
        mentions = pq.ParquetWriter(ws.truth / "mentions.parquet", MENTION_SCHEMA)
        errors = pq.ParquetWriter(ws.truth / "errors.parquet", ERROR_SCHEMA)
        residence = pop.residence_index()
        for delivery in dates:
            folder = ws.extracts / delivery.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            ctx = Context(pop=pop, history=history, seed=seed, delivery=day(delivery), residence=residence)
            for build in builders:
                progress.update(
                    task,
                    description=f"{delivery.isoformat()} {build.__module__.rsplit('.', 1)[-1]}"
                    f".{build.__name__}",
                )
                extract = build(ctx)
                summary.files.append(_write(extract, folder, ws.root, delivery, mentions, errors))
                del extract  # free the largest extracts before the next is built
                progress.advance(task)
        configs = shipped_configs(chosen.configs)
        if ssd:
            last = dates[-1]
            ctx = Context(pop=pop, history=history, seed=seed, delivery=day(last), residence=residence)
            folder = ws.extracts / last.isoformat()
            for extract in ssd_extracts(ctx):
                summary.files.append(_write(extract, folder, ws.root, last, mentions, errors))
            configs += shipped_configs(SSD_CONFIGS)
        mentions.close()
        errors.close()
        progress.update(task, description="truth tables")
        for name, text in configs:
            (ws.sources / name).write_text(text, "utf-8")
        ws.governance.mkdir(exist_ok=True)
        ws.agreements.write_text(agreements_yaml(_agencies(configs), dates[0], today), "utf-8")
        ws.retention_rules.write_text(RETENTION_YAML, "utf-8")
        summary.configs, summary.configs_folder = len(configs), f"synthetic/{chosen.configs}"
        if chosen.notes is not None:
            notes = shipped_files(chosen.notes, ".md")
            (ws.root / NOTES_FOLDER).mkdir(exist_ok=True)
            for name, text in notes:
                (ws.root / NOTES_FOLDER / name).write_text(text, "utf-8")
            summary.notes = len(notes)
        _write_truth(ws.truth, pop, history, summary)
        write_population(ws.population, pop, seed)
        if casework is not None:
            _write_casework(ws, history, casework, summary)
            if casework.escalation is not None:
                _write_escalation(ws, casework.escalation, summary)
        progress.advance(task)
    return summary


def _agencies(configs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(source, agency) of each shipped config."""
    return [(str(raw["source"]), str(raw["agency"])) for raw in (yaml.safe_load(text) for _, text in configs)]


#: the age bands of the population file the generator writes (none spans 17 and 18)
AGE_BANDS = ((0, 4), (5, 9), (10, 15), (16, 17), (18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, None))


def write_population(path: Path, pop: Population, seed: int) -> None:
    """The population file a council would supply (``reference/population.csv``, described in
    ``insight/population.py``): everyone living in the authority on ``today`` by postcode sector, age band,
    sex and ethnic group, counted from the synthetic people (no random draw, so other files are unchanged)."""
    from wholefamily.synthetic import names

    living = np.unique(pop.m_person[pop.m_end == OPEN])
    living = living[pop.dob[living] <= pop.today]
    today = np.full(living.size, pop.today, np.int32)
    postcode = pop.a_postcode[pop.address_at(pop.residence_index(), living, today)]
    sector = np.array([code[: code.index(" ") + 2] for code in postcode.tolist()], dtype=object)
    age = pop.age(living, today)
    band = np.searchsorted(np.array([low for low, _ in AGE_BANDS]), age, side="right") - 1
    group = np.array(names.ORIGIN_GROUP)[pop.origin[living]]
    sex = np.array(["male", "female"])[pop.sex[living]]
    counts: dict[tuple[str, int, str, str], int] = {}
    for key in zip(sector.tolist(), band.tolist(), sex.tolist(), group.tolist(), strict=True):
        counts[key] = counts.get(key, 0) + 1
    groups = sorted(set(names.ORIGIN_GROUP))
    year = date_of(pop.today).year
    source = f"synthetic authority (wholefamily generate, seed {seed})"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["area", "age_band", "sex", "ethnicity", "population", "source", "year"])
        for area in sorted(set(sector.tolist())):
            for b, (low, high) in enumerate(AGE_BANDS):
                label = f"{low}+" if high is None else f"{low}-{high}"
                for s in ("female", "male"):
                    for g in groups:
                        writer.writerow([area, label, s, g, counts.get((area, b, s, g), 0), source, year])


def _write_casework(ws: Workspace, history: History, casework: Casework, summary: Summary) -> None:
    """The milestones file the casework site would write, and the truth of each followed need's outcome."""
    m = casework.milestones
    ws.milestones.parent.mkdir(parents=True, exist_ok=True)

    def when(days: int) -> str:
        return "" if days == NA else date_of(days).isoformat()

    lines = [
        "family_id,worked_with_start,assessment_date,plan_date,closure_date,closure_reason,lead_practitioner"
    ]
    for family, f, start, assessment, plan, closure, reason in zip(
        m.col("family").tolist(),
        ids("F", m.col("family") + 1, 7).tolist(),
        *(m.col(k).tolist() for k in ("start", "assessment", "plan", "closure", "reason")),
        strict=True,
    ):
        lines.append(
            f"{f},{when(start)},{when(assessment)},{when(plan)},{when(closure)},"
            f"{CLOSURE_REASONS[reason] if reason >= 0 else ''},{KEYWORKERS[family % len(KEYWORKERS)]}"
        )
    ws.milestones.write_text("\n".join(lines) + "\n", "utf-8")
    heads = dict(
        zip(history.needs.col("need").tolist(), history.needs.col("headline").tolist(), strict=False)
    )
    headline = {history.need_names[n]: HEADLINES[hl] for n, hl in heads.items()}
    rows = casework.followed
    days = {
        k: np.array([getattr(r, k) for r in rows], np.int32)
        for k in ("closure", "first_break", "first_record")
    }
    pq.write_table(
        pa.table(
            {
                "family_id": ids("F", np.array([r.family for r in rows], np.int64) + 1, 7),
                "headline": pa.array([headline[r.need] for r in rows], pa.string()),
                "need": pa.array([r.need for r in rows], pa.string()),
                "person_ids": pa.array([";".join(person_ids(r.persons).tolist()) for r in rows], pa.string()),
                "closure_date": to_arrow(days["closure"]),
                "scenario": pa.array([r.scenario for r in rows], pa.string()),
                "needs_records": pa.array([FOLLOWED[r.need][1] for r in rows], pa.bool_()),
                "broken_at_closure": pa.array([r.broken_at_closure for r in rows], pa.bool_()),
                "first_break_date": to_arrow(days["first_break"]),
                "first_record_date": to_arrow(days["first_record"]),
            }
        ),
        ws.truth / "outcomes.parquet",
    )
    summary.worked_with = len(m)
    summary.closed = int((m.col("closure") != NA).sum())


def _write_escalation(ws: Workspace, e: Escalation, summary: Summary) -> None:
    """Each family at risk of escalation with both its outcomes, and the true effect on those worked
    with (the mean difference of their outcomes with and without the programme: below 0, fewer)."""
    pq.write_table(
        pa.table(
            {
                "family_id": ids("F", e.family.astype(np.int64) + 1, 7),
                "worked_with": pa.array(e.treated, pa.bool_()),
                "probability": pa.array(e.probability, pa.float64()),
                "escalates_without_programme": pa.array(e.untreated, pa.bool_()),
                "escalates_with_programme": pa.array(e.with_programme, pa.bool_()),
                "escalation_date": to_arrow(e.day.astype(np.int32)),
            }
        ),
        ws.truth / "escalation.parquet",
    )
    treated = e.treated.sum()
    att = float((e.with_programme[e.treated].astype(int) - e.untreated[e.treated]).sum() / max(treated, 1))
    (ws.truth / "programme-effect.json").write_text(
        json.dumps(
            {
                "programme_effect": e.effect,
                "families_at_risk": int(e.family.size),
                "worked_with_at_risk": int(treated),
                "escalation_att": att,
                "note": "escalation: a child protection plan or entry to care in the year after the first "
                "delivery; the effect cuts its chance by this share for the families worked with; "
                "escalation_att is their mean outcome with the programme minus without it",
            },
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    summary.escalation_att = att


def _write(
    extract: Extract,
    folder: Path,
    root: Path,
    delivery: dt.date,
    mentions: pq.ParquetWriter,
    errors: pq.ParquetWriter,
) -> tuple[str, int, int]:
    row_numbers = write_extract(extract, folder)
    relative = (folder / extract.file).relative_to(root).as_posix()
    sheet_names = np.array(extract.sheets, dtype=object)[extract.sheet] if extract.sheet is not None else None

    def place(row: np.ndarray) -> dict[str, pa.Array]:
        """Where these rows stand: source, delivery, file, sheet and row number."""
        n = row.size
        return {
            "source": pa.array(np.full(n, extract.source, dtype=object), pa.string()),
            "delivery_date": pa.array(np.full(n, delivery), pa.date32()),
            "file": pa.array(np.full(n, relative, dtype=object), pa.string()),
            "sheet": pa.array(sheet_names[row] if sheet_names is not None else [None] * n, pa.string()),
            "row_number": pa.array(row_numbers[row].astype(np.int64)),
        }

    total = 0
    for m in extract.mentions:
        total += m.row.size
        mentions.write_table(
            pa.table(
                {
                    **place(m.row),
                    "people_group": pa.array(np.full(m.row.size, m.group, dtype=object), pa.string()),
                    "person_index": pa.array(m.index.astype(np.int64)),
                    "person_id": pa.array(person_ids(m.person)),
                },
                schema=MENTION_SCHEMA,
            )
        )
    e = extract.errors
    if e.row:
        sizes = [r.size for r in e.row]
        errors.write_table(
            pa.table(
                {
                    **place(np.concatenate(e.row)),
                    "people_group": pa.array(np.repeat(e.group, sizes).astype(object), pa.string()),
                    "person_index": pa.array(np.concatenate(e.index).astype(np.int64)),
                    "field": pa.array(np.repeat(e.field_name, sizes).astype(object), pa.string()),
                    "error": pa.array(np.repeat(e.kind, sizes).astype(object), pa.string()),
                },
                schema=ERROR_SCHEMA,
            )
        )
    return relative, extract.rows(), total


def person_ids(person: np.ndarray) -> np.ndarray:
    return ids("P", person.astype(np.int64) + 1, 8)


def _optional(present: np.ndarray, values: np.ndarray) -> pa.Array:
    """Strings, null where not present."""
    return pa.array(values.astype(str), pa.string(), mask=~present)


def _optional_ids(people: np.ndarray) -> pa.Array:
    return _optional(people >= 0, person_ids(np.maximum(people, 0)))


def _nullable_dates(days: np.ndarray) -> pa.Array:
    return to_arrow(np.where((days == OPEN) | (days == NA), NA, days).astype(np.int32))


def _write_truth(folder: Path, pop: Population, history: History, summary: Summary) -> None:
    n = pop.people
    everyone = np.arange(n)

    def surname(s1: np.ndarray, s2: np.ndarray) -> pa.Array:
        joined = np.where(
            s2 >= 0,
            np.char.add(np.char.add(SURNAMES[np.maximum(s1, 0)], "-"), SURNAMES[np.maximum(s2, 0)]),
            SURNAMES[np.maximum(s1, 0)],
        )
        return _optional(s1 >= 0, joined)

    from wholefamily.synthetic import names

    pq.write_table(
        pa.table(
            {
                "person_id": person_ids(everyone),
                "first_name": FIRST_NAMES[pop.first],
                "middle_names": _optional(pop.middle >= 0, FIRST_NAMES[np.maximum(pop.middle, 0)]),
                "surname": surname(pop.sur1, pop.sur2),
                "previous_surname": surname(pop.prev1, pop.prev2),
                "surname_changed": _nullable_dates(pop.name_change),
                "dob": to_arrow(pop.dob),
                "sex": np.array(["male", "female"])[pop.sex],
                "ethnicity": np.array(names.ORIGIN_GROUP)[pop.origin],
                "origin": np.array(names.ORIGINS)[pop.origin],
                "nhs_number": _optional(pop.nhs > 0, np.char.zfill(pop.nhs.astype(str), 10)),
                "upn": _optional(pop.upn != "", pop.upn),
                "ni_number": _optional(pop.ni != "", pop.ni),
                "mother_id": _optional_ids(pop.mother),
                "father_id": _optional_ids(pop.father),
            }
        ),
        folder / "people.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "family_id": ids("F", pop.m_family + 1, 7),
                "person_id": person_ids(pop.m_person),
                "role": np.array(ROLES)[pop.m_role],
                "relation": np.array(RELATIONS)[pop.m_relation],
                "family_kind": np.array(KINDS)[pop.family_kind[pop.m_family]],
                "start_date": _nullable_dates(pop.m_start),
                "end_date": _nullable_dates(pop.m_end),
                "address_id": ids("A", pop.m_address + 1, 7),
            }
        ),
        folder / "memberships.parquet",
    )
    na = pop.a_postcode.size
    pq.write_table(
        pa.table(
            {
                "address_id": ids("A", np.arange(na) + 1, 7),
                "line1": pop.a_line1,
                "town": pop.a_town,
                "postcode": pop.a_postcode,
                "uprn": pop.a_uprn,
                "tenure": np.array(TENURES)[pop.a_tenure],
            }
        ),
        folder / "addresses.parquet",
    )
    nd = history.needs
    need_names = np.array(history.need_names)[nd.col("need")] if len(nd) else np.array([], str)
    pq.write_table(
        pa.table(
            {
                "family_id": ids("F", nd.col("family") + 1, 7),
                "headline": np.array(HEADLINES)[nd.col("headline")] if len(nd) else np.array([], str),
                "need": need_names,
                "person_id": person_ids(nd.col("person")),
                "start_date": _nullable_dates(nd.col("start").astype(np.int32)),
                "end_date": _nullable_dates(nd.col("end").astype(np.int32)),
                "definition": np.array([DEFINITIONS[x] for x in need_names.tolist()], dtype=object)
                if len(nd)
                else np.array([], str),
            }
        ),
        folder / "needs.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "mother_id": person_ids(pop.p_mother),
                "partner_id": _optional_ids(pop.p_partner),
                "booking_date": to_arrow(pop.p_booking),
                "expected_delivery_date": to_arrow(pop.p_edd),
                "child_id": _optional_ids(pop.p_child),
            }
        ),
        folder / "pregnancies.parquet",
    )
    summary.residents = n
    summary.households = int(np.unique(pop.m_address[pop.m_end == OPEN]).size)
    summary.families = int(pop.family_kind.size)
    summary.families_with_children = int(np.unique(pop.m_family[pop.m_role == CHILD]).size)
    heads = np.array(HEADLINES)[nd.col("headline")] if len(nd) else np.array([], str)
    summary.needs = {h: int((heads == h).sum()) for h in HEADLINES}
