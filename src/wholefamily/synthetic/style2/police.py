"""Police, style 2: occurrences as one compact JSON array; the people ("subjects") carry no address, only
the occurrence's location has one; a domestic flag, not the occurrence type, says domestic abuse; many
subjects have an age and no date of birth."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import date_of
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.needs import INCIDENT_TYPES, ROLE_CODES
from wholefamily.synthetic.noise import choice
from wholefamily.synthetic.partners.common import Context, codes, dates, pick, select_rows, view_of
from wholefamily.synthetic.partners.police import involved
from wholefamily.synthetic.style2.common import age_instead, sub_rows, whole_name
from wholefamily.synthetic.view import ErrorRates

RATES = ErrorRates(
    typo=0.03, nickname=0.06, missing_dob=0.03, missing_postcode=0.0, duplicate=0.004, exact_duplicate=0.0
)
AGE_ONLY = 0.25
TYPE = {
    "asb": "ASB - NUISANCE",
    "missing_person": "MISSING PERSON",
    "violence": "VIOLENCE WITH INJURY",
    "theft": "THEFT - OTHER",
    "criminal_damage": "CRIMINAL DAMAGE",
    "public_order": "PUBLIC ORDER",
    "concern_for_welfare": "CONCERN FOR SAFETY",
    "other": "SUSPICIOUS CIRCUMSTANCES",
}
#: What a domestic occurrence is recorded as; the domestic flag says it is domestic abuse.
DOMESTIC_AS = ("VIOLENCE WITH INJURY", "VIOLENCE WITHOUT INJURY", "CONCERN FOR SAFETY", "PUBLIC ORDER")
INVOLVEMENT = {
    "victim": "VIC",
    "suspect": "SUS",
    "perpetrator": "OFF",
    "missing": "MISPER",
    "witness": "WIT",
    "involved_child": "CYP",
    "other": "OTH",
}


def incidents(ctx: Context) -> Extract:
    h, pop, rates = ctx.history, ctx.pop, RATES
    inc, when, kind = h.incidents.col("incident"), h.incidents.col("date"), h.incidents.col("type")
    rows = select_rows(ctx, inc, when + 2, when, rates, "s2-police")
    i = rows.take
    ext = Extract("police_incidents", f"occurrences_{date_of(ctx.delivery):%Y-%m-%d}.json", "json")
    ext.json_indent = None
    domestic = kind[i] == INCIDENT_TYPES.index("domestic_abuse")
    other = codes(
        kind[i],
        {k: TYPE.get(c, "") for k, c in enumerate(INCIDENT_TYPES)},
        rows,
        rates,
        "s2-police",
        "SUDDEN DEATH",
        ext,
        "person",
        "incident_type",
    )
    shown = np.where(domestic, pick(rows.keys, "s2-police:da-as", ctx.seed, DOMESTIC_AS), other)
    minute = choice(rows.keys, "s2-police:minute", ctx.seed, 1440)
    stamp = np.char.add(
        dates(when[i], "%d/%m/%Y "),
        np.char.add(
            np.char.add(np.char.zfill((minute // 60).astype(str), 2), ":"),
            np.char.zfill((minute % 60).astype(str), 2),
        ),
    )
    number = np.char.add(
        dates(when[i], "%Y/"), np.char.zfill((inc[i] + np.where(rows.dup == 1, 500_000, 0)).astype(str), 7)
    )
    row, pos, person, role = involved(h, inc[i])
    sub = sub_rows(rows, row, pos, 8)
    v = view_of(ctx, sub, person, when[i][row], rates, "s2-police")
    only_age = age_instead(v, sub.keys, AGE_ONLY, ctx.seed, "s2-police")
    ext.errors.add(row[only_age], "person", pos[only_age], "dob", "age_instead_of_dob")
    for mask, field_name, kind_name in v.errors:
        ext.errors.add(row[mask], "person", pos[mask], field_name, kind_name)
    name = whole_name(v, "surname_first").tolist()
    dob = dates(v.dob, "%d/%m/%Y").tolist()
    sex = codes(v.sex, ["MALE", "FEMALE"], sub, rates, "s2-police-sex", "UNKNOWN").tolist()
    involvement = np.array([INVOLVEMENT[r] for r in ROLE_CODES])[role].tolist()
    ages, only = v.age.tolist(), only_age.tolist()
    subjects: list[list[dict[str, object]]] = [[] for _ in range(rows.n)]
    for k, r in enumerate(row.tolist()):
        subjects[r].append(
            {
                "Involvement": involvement[k],
                "Name": name[k],
                "DOB": dob[k] or None,
                "Age": ages[k] if only[k] else None,
                "Gender": sex[k],
            }
        )
    address = h.incidents.col("address")[i]
    line, postcode = pop.a_line1[address].tolist(), pop.a_postcode[address].tolist()
    ext.records = [
        {
            "OccurrenceNo": str(number[k]),
            "Recorded": str(stamp[k]),
            "OccurrenceType": str(shown[k]),
            "DomesticFlag": "Y" if domestic[k] else "N",
            "Location": {"Street": line[k], "Postcode": postcode[k]},
            "Subjects": subjects[k],
        }
        for k in range(rows.n)
    ]
    ext.mentions.append(Mentions("person", row, pos, person))
    ext.errors.add(np.flatnonzero(rows.dup == 1), "person", 0, "record", "duplicate_registration")
    return ext
