"""Early help history as a children's case system exports it: a Standard Safeguarding Dataset extract.

From the history's early help spells (the same ones the social care partner reports): one
``ssd_early_help_episodes`` row per spell begun by the delivery date, an ``ssd_family`` row for each member
of the child's family when their family's first spell began (lodgers aside), and one ``ssd_person`` row for
everyone named. Columns, their order and the date format are the model's (``ingest.ssd_model``); person ids
are the case system's (the social care partner's ``LL`` ids), family ids its own. A case system's extract is
clean: the values are the truth as the system recorded it on the day, with no planted errors.
"""

from __future__ import annotations

import numpy as np

from wholefamily.ingest.ssd_model import EPISODES, FAMILY, PERSON, ssd_model
from wholefamily.synthetic import names
from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.extract import Extract, Mentions
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


def ssd_extracts(ctx: Context) -> list[Extract]:
    """The three tables as extracts (with the truth of who each person mention is), people first."""
    care = ctx.history.care
    spells = np.flatnonzero(
        (care.col("status") == CARE.index("early_help")) & (care.col("start") <= ctx.delivery)
    )
    child, start, end = care.col("person")[spells], care.col("start")[spells], care.col("end")[spells]
    family = care.col("family")[spells]
    shown_end = np.where((end == OPEN) | (end > ctx.delivery), NA, end)
    keys = family.astype(np.int64) * 100_000 + start  # a family's children share their episode's details
    episodes = _extract(
        EPISODES,
        {
            "earl_episode_id": [f"EH{s + 1:07d}" for s in spells.tolist()],
            "earl_person_id": [person_id(c) for c in child.tolist()],
            "earl_episode_start_date": [_date(d) for d in start.tolist()],
            "earl_episode_end_date": [_date(d) for d in shown_end.tolist()],
            "earl_episode_reason": _pick(REASONS, keys, "ssd-reason", ctx.seed),
            "earl_episode_end_reason": np.where(
                shown_end == NA, "", _pick(END_REASONS, keys, "ssd-end", ctx.seed)
            ).tolist(),
            "earl_episode_organisation": _pick(ORGANISATIONS, keys, "ssd-org", ctx.seed),
            "earl_episode_worker_id": [
                f"W{w + 100:04d}" for w in choice(keys, "ssd-worker", ctx.seed, 40).tolist()
            ],
        },
    )
    episodes.mentions.append(
        Mentions("child", np.arange(spells.size), np.zeros(spells.size, np.int64), child)
    )
    fams, members = _members(ctx, family, start)
    families = _extract(
        FAMILY,
        {
            "fami_table_id": [f"FT{n + 1:07d}" for n in range(members.size)],
            "fami_family_id": [f"LLF{f + 100_000:07d}" for f in fams.tolist()],
            "fami_person_id": [person_id(p) for p in members.tolist()],
        },
    )
    first = np.searchsorted(fams, fams)  # a family is one record, on its first row; members in file order
    families.mentions.append(Mentions("member", first, np.arange(fams.size) - first, members))
    named = np.unique(np.concatenate([child, members]).astype(np.int64))
    return [_extract(PERSON, _people(ctx, named)), families, episodes]


def _extract(table: str, values: dict[str, list[str]]) -> Extract:
    """A table with exactly the model's columns, in its order (those not given blank), as a SQL export writes
    it (values quoted only when they need it)."""
    spec = ssd_model().tables[table]
    rows = len(next(iter(values.values())))
    extract = Extract(table, spec.file_name, "csv", quoting="minimal")
    extract.columns = {c: np.array(values.get(c, [""] * rows), dtype=object) for c in spec.columns}
    return extract


def _pick(choices: tuple[str, ...], keys: np.ndarray, salt: str, seed: int) -> list[str]:
    return np.array(choices, dtype=object)[choice(keys, salt, seed, len(choices))].tolist()  # type: ignore[no-any-return]


def _members(ctx: Context, family: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Family and person of each family's members on the day its first early help spell began (lodgers aside),
    by family and person."""
    pop = ctx.pop
    first: dict[int, int] = {}
    for f, s in zip(family.tolist(), start.tolist(), strict=True):
        first[f] = min(first.get(f, s), s)
    fams = np.array(sorted(first), np.int64)
    if not fams.size:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    begun = np.array([first[f] for f in fams.tolist()], np.int64)
    where = np.minimum(np.searchsorted(fams, pop.m_family), fams.size - 1)
    rows = np.flatnonzero(fams[where] == pop.m_family)
    day = begun[where[rows]]
    live = (pop.m_start[rows] <= day) & (day < pop.m_end[rows]) & (pop.m_role[rows] != LODGER)
    rows = rows[live]
    pairs = np.unique(np.stack([pop.m_family[rows], pop.m_person[rows]], axis=1).astype(np.int64), axis=0)
    pairs = pairs.reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _people(ctx: Context, person: np.ndarray) -> dict[str, list[str]]:
    """The ``ssd_person`` columns of each person, as the case system holds them on the delivery date."""
    when = np.full(person.size, ctx.delivery, np.int32)
    v = person_view(ctx.pop, ctx.residence, person, when, person, CLEAN, "ssd", ctx.seed, ctx.delivery)
    return {
        "pers_person_id": [person_id(p) for p in person.tolist()],
        "pers_upn": v.upn.tolist(),
        "pers_forename": v.first.tolist(),
        "pers_surname": v.surname.tolist(),
        "pers_sex": np.array(["M", "F"])[v.sex].tolist(),
        "pers_gender": np.array(["01", "02"])[v.sex].tolist(),
        "pers_ethnicity": np.array(names.ORIGIN_DFE_CODE)[v.origin].tolist(),
        "pers_dob": [_date(d) for d in v.dob.tolist()],
        "pers_single_unique_id": format_nhs(v.nhs).tolist(),
        "pers_send_flag": ["N"] * person.size,
    }


def _date(day: int) -> str:
    return "" if day == NA else ssd_model().format_date(date_of(day))
