"""Early help history as a children's case system exports it: a Standard Safeguarding Dataset extract.

From the history's early help spells (the same ones the social care partner reports): one
``ssd_early_help_episodes`` row per spell begun by the delivery date, an ``ssd_family`` row for each member
of the child's family when their family's first spell began (lodgers aside), and one ``ssd_person`` row for
everyone named. Columns, their order and the date format are the model's (``ingest.ssd_model``); person ids
are the case system's (the social care partner's ``LL`` ids), family ids its own. A case system's extract is
clean: the values are the truth as the system recorded it on the day, with no planted errors.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from wholefamily.ingest.ssd_model import EPISODES, FAMILY, PERSON, ssd_model
from wholefamily.synthetic import names
from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.needs import CARE
from wholefamily.synthetic.noise import choice
from wholefamily.synthetic.partners.common import Context
from wholefamily.synthetic.population import LODGER, OPEN
from wholefamily.synthetic.view import ErrorRates, format_nhs, person_view

REASONS = (
    "Parenting support",
    "School attendance",
    "Domestic abuse",
    "Child's behaviour",
    "Parental mental health",
    "Housing and finances",
    "Substance misuse",
)
END_REASONS = ("Outcomes met", "Step-up to children's social care", "No further action", "Family declined")
ORGANISATIONS = ("Early Help Hub North", "Early Help Hub South", "Family Support Team")
CLEAN = ErrorRates(
    typo=0.0, swap_day_month=0.0, missing_dob=0.0, future_dob=0.0, impossible_date=0.0, missing_postcode=0.0,
    stale_address=0.0, invalid_id=0.0, missing_id=0.0, unknown_code=0.0, blank_required=0.0, duplicate=0.0,
    exact_duplicate=0.0,
)  # fmt: skip


def person_id(person: int) -> str:
    """The case system's person id (the social care partner's)."""
    return f"LL{person + 200_000:07d}"


def write_ssd_extract(ctx: Context, folder: Path) -> list[tuple[Path, int]]:
    """Write the three tables into ``folder``; returns each file with its rows."""
    care = ctx.history.care
    spells = np.flatnonzero(
        (care.col("status") == CARE.index("early_help")) & (care.col("start") <= ctx.delivery)
    )
    child, start, end = care.col("person")[spells], care.col("start")[spells], care.col("end")[spells]
    family = care.col("family")[spells]
    shown_end = np.where((end == OPEN) | (end > ctx.delivery), NA, end)
    keys = family.astype(np.int64) * 100_000 + start  # a family's children share their episode's details
    episodes = [
        [
            f"EH{s + 1:07d}",
            person_id(int(c)),
            _date(int(b)),
            _date(int(e)),
            REASONS[r],
            END_REASONS[x] if e != NA else "",
            ORGANISATIONS[o],
            f"W{w + 100:04d}",
        ]
        for s, c, b, e, r, x, o, w in zip(
            spells.tolist(),
            child.tolist(),
            start.tolist(),
            shown_end.tolist(),
            choice(keys, "ssd-reason", ctx.seed, len(REASONS)).tolist(),
            choice(keys, "ssd-end", ctx.seed, len(END_REASONS)).tolist(),
            choice(keys, "ssd-org", ctx.seed, len(ORGANISATIONS)).tolist(),
            choice(keys, "ssd-worker", ctx.seed, 40).tolist(),
            strict=True,
        )
    ]
    members = _members(ctx, family, start)
    named = np.unique(np.concatenate([child, members[:, 1]]).astype(np.int64))
    families = [
        [f"FT{n + 1:07d}", f"LLF{f + 100_000:07d}", person_id(int(p))]
        for n, (f, p) in enumerate(members.tolist())
    ]
    tables = ssd_model().tables
    return [
        _write(folder, tables[PERSON].file_name, tables[PERSON].columns, _people(ctx, named)),
        _write(folder, tables[FAMILY].file_name, tables[FAMILY].columns, families),
        _write(folder, tables[EPISODES].file_name, tables[EPISODES].columns, episodes),
    ]


def _members(ctx: Context, family: np.ndarray, start: np.ndarray) -> np.ndarray:
    """(family, person) of each family's members on the day its first early help spell began, sorted."""
    pop = ctx.pop
    first: dict[int, int] = {}
    for f, s in zip(family.tolist(), start.tolist(), strict=True):
        first[f] = min(first.get(f, s), s)
    fams = np.array(sorted(first), np.int64)
    begun = np.array([first[f] for f in fams.tolist()], np.int64)
    if not fams.size:
        return np.empty((0, 2), np.int64)
    where = np.minimum(np.searchsorted(fams, pop.m_family), fams.size - 1)
    rows = np.flatnonzero(fams[where] == pop.m_family)
    day = begun[where[rows]]
    live = (pop.m_start[rows] <= day) & (day < pop.m_end[rows]) & (pop.m_role[rows] != LODGER)
    rows = rows[live]
    pairs = np.unique(np.stack([pop.m_family[rows], pop.m_person[rows]], axis=1).astype(np.int64), axis=0)
    return pairs.reshape(-1, 2)


def _people(ctx: Context, person: np.ndarray) -> list[list[str]]:
    """One ``ssd_person`` row per person, as the case system holds them on the delivery date."""
    when = np.full(person.size, ctx.delivery, np.int32)
    v = person_view(ctx.pop, ctx.residence, person, when, person, CLEAN, "ssd", ctx.seed, ctx.delivery)
    nhs = format_nhs(v.nhs)
    ethnicity = np.array(names.ORIGIN_DFE_CODE)[v.origin]
    sex = np.array(["M", "F"])[v.sex]
    gender = np.array(["01", "02"])[v.sex]
    columns = (v.upn, v.first, v.surname, sex, gender, ethnicity, v.dob, nhs)
    return [
        ["", person_id(p), u, f, s, x, g, e, _date(int(d)), n, "", "N", "", "", "", ""]
        for p, u, f, s, x, g, e, d, n in zip(person.tolist(), *(c.tolist() for c in columns), strict=True)
    ]


def _date(day: int) -> str:
    return "" if day == NA else ssd_model().format_date(date_of(day))


def _write(folder: Path, name: str, columns: list[str], rows: list[list[str]]) -> tuple[Path, int]:
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return path, len(rows)
