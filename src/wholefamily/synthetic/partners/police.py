"""Police: incidents as JSON, each with a nested array of the people involved and their roles."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import date_of
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.needs import INCIDENT_TYPES, ROLE_CODES, History
from wholefamily.synthetic.noise import uniform
from wholefamily.synthetic.partners.common import Context, codes, dates, select_rows, view_of
from wholefamily.synthetic.view import ErrorRates

RATES = ErrorRates(
    typo=0.025,
    nickname=0.05,
    missing_dob=0.01,
    age_only=0.15,
    missing_postcode=0.06,
    stale_address=0.1,
    duplicate=0.005,
    exact_duplicate=0.0,
    unknown_code=0.003,
)
CATEGORY = {
    "domestic_abuse": "DOMESTIC",
    "asb": "ASB",
    "missing_person": "MISSING",
    "violence": "VIOLENCE",
    "theft": "THEFT",
    "criminal_damage": "CRIM DAMAGE",
    "public_order": "PUBLIC ORDER",
    "concern_for_welfare": "WELFARE",
    "other": "OTHER",
}
ROLE = {
    "victim": "VICTIM",
    "suspect": "SUSPECT",
    "perpetrator": "OFFENDER",
    "missing": "MISSING PERSON",
    "witness": "WITNESS",
    "involved_child": "CHILD PRESENT",
    "other": "INVOLVED",
}


def involved(h: History, incident: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The people involved in each of these incidents, in their order within it: (row of the incident,
    position within it, person, role)."""
    who_inc, who, role, order = (h.involved.col(k) for k in ("incident", "person", "role", "order"))
    srt = np.lexsort((order, who_inc))
    who_inc, who, role = who_inc[srt], who[srt], role[srt]
    lo = np.searchsorted(who_inc, incident, "left")
    hi = np.searchsorted(who_inc, incident, "right")
    count = hi - lo
    row = np.repeat(np.arange(incident.size), count)
    pos = np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)
    src = np.repeat(lo, count) + pos
    return row, pos, who[src], role[src]


def incidents(ctx: Context) -> Extract:
    h, pop, rates = ctx.history, ctx.pop, RATES
    inc, when, kind = h.incidents.col("incident"), h.incidents.col("date"), h.incidents.col("type")
    rows = select_rows(ctx, inc, when + 1, when, rates, "police")
    i = rows.take
    ext = Extract("police_incidents", "police_incidents.json", "json")
    category = codes(
        kind[i],
        [CATEGORY[c] for c in INCIDENT_TYPES],
        rows,
        rates,
        "police",
        "MISC-UNK",
        ext,
        "person",
        "incident_type",
    )
    minute = (uniform(rows.keys, "minute", ctx.seed) * 1440).astype(np.int64)
    stamp = np.char.add(
        np.char.add(dates(when[i], "%Y-%m-%d"), "T"),
        np.char.add(
            np.char.add(np.char.zfill((minute // 60).astype(str), 2), ":"),
            np.char.add(np.char.zfill((minute % 60).astype(str), 2), ":00"),
        ),
    )
    ref = np.char.add(
        np.char.add("WX-", dates(when[i], "%y")),
        np.char.add("-", np.char.zfill((inc[i] + np.where(rows.dup == 1, 700_000, 0)).astype(str), 6)),
    )
    row, pos, person, person_role = involved(h, inc[i])
    sub = type(rows)(take=rows.take[row], dup=rows.dup[row], keys=rows.keys[row] * 8 + pos)
    v = view_of(ctx, sub, person, when[i][row], rates, "police")
    age_only = uniform(sub.keys, "police:age-only", ctx.seed) < rates.age_only
    dob = dates(v.dob, "%Y-%m-%d")
    sex = codes(v.sex, ["M", "F"], sub, rates, "police-sex", "U", None)
    roles = np.array([ROLE[r] for r in ROLE_CODES])[person_role]
    for mask, field_name, kind_name in v.errors:
        ext.errors.add(row[mask], "person", pos[mask], field_name, kind_name)
    ext.errors.add(row[age_only], "person", pos[age_only], "dob", "age_instead_of_dob")
    people: list[list[dict[str, object]]] = [[] for _ in range(rows.n)]
    first, surname, pcode = v.first.tolist(), v.surname.tolist(), v.postcode.tolist()
    ages = v.age.tolist()
    for k, r in enumerate(row.tolist()):
        entry: dict[str, object] = {
            "role": str(roles[k]),
            "name": {"given": first[k], "family": surname[k]},
            "dob": None if age_only[k] or not dob[k] else str(dob[k]),
            "age": int(ages[k]) if age_only[k] else None,
            "sex": str(sex[k]),
            "address": {"postcode": pcode[k] or None},
        }
        people[r].append(entry)
    location = pop.a_postcode[h.incidents.col("address")[i]].tolist()
    ext.records = [
        {
            "incident_ref": str(ref[k]),
            "reported_at": str(stamp[k]),
            "category": str(category[k]),
            "location": {"postcode": location[k]},
            "persons": people[k],
        }
        for k in range(rows.n)
    ]
    ext.json_wrapper = (
        {"force": "Wexshire Constabulary", "extract_date": f"{date_of(ctx.delivery):%Y-%m-%d}"},
        "incidents",
    )
    ext.mentions.append(Mentions("person", row, pos, person))
    ext.errors.add(np.flatnonzero(rows.dup == 1), "person", 0, "record", "duplicate_registration")
    return ext
