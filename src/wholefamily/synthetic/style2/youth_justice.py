"""Youth justice, style 2: a tab-separated case-management report with title lines, the council's client
id, one name column "Forename Middle SURNAME", an age at the offence where the date of birth is not held,
census ethnicity wording, and outcome codes."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import date_of
from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.needs import DISPOSALS, OFFENCES
from wholefamily.synthetic.partners.common import (
    Context,
    address_line,
    codes,
    ids,
    one_person_per_row,
    select_rows,
    view_of,
)
from wholefamily.synthetic.style2.common import (
    CENSUS_ETHNICITY,
    abroad,
    age_instead,
    client_ids,
    day_month_name,
    iso_midnight,
    whole_name,
)
from wholefamily.synthetic.view import ErrorRates

RATES = ErrorRates(typo=0.02, nickname=0.05, missing_postcode=0.05, moved_late=0.4, exact_duplicate=0.002)
AGE_ONLY = 0.12
OFFENCE = {
    "violence": "VAP",
    "theft": "THF",
    "criminal_damage": "CDA",
    "drugs": "DRG",
    "public_order": "POR",
    "motoring": "MOT",
    "sexual": "SEX",
    "other": "OTH",
}
OUTCOME = {
    "community_resolution": "CR",
    "youth_caution": "YC",
    "youth_conditional_caution": "YCC",
    "referral_order": "RO",
    "youth_rehabilitation_order": "YRO",
    "custody": "DTO",
}


def offences(ctx: Context) -> Extract:
    o, rates = ctx.history.offences, RATES
    person, when = o.col("person"), o.col("date")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 30, when, rates, "s2-yjs")
    i = rows.take
    ext = Extract(
        "youth_offending",
        "YJS_offences.tsv",
        "csv",
        delimiter="\t",
        title_lines=[
            "Wexcombe Youth Justice Service",
            f"Offences and outcomes report run {date_of(ctx.delivery):%d/%m/%Y}",
            "",
        ],
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "s2-yjs")
    only_age = age_instead(v, rows.keys, AGE_ONLY, ctx.seed, "s2-yjs")
    ext.errors.add(np.flatnonzero(only_age), "young_person", 0, "dob", "age_instead_of_dob")
    country = abroad(ctx, v, person[i], rows.keys, "s2-yjs", ext, np.arange(rows.n), "young_person")
    ext.columns = {
        "Offence No": ids("", rid[i] * 3 + 100_001 + np.where(rows.dup == 1, 7_000_000, 0), 8),
        "Client ID": client_ids(person[i], rows.keys, ctx.seed, "s2-yjs"),
        "Name": whole_name(v, "forename_first"),
        "Date of Birth": day_month_name(v.dob),
        "Age at Offence": np.where(only_age, v.age.astype(str), ""),
        "Sex": codes(v.sex, ["M", "F"], rows, rates, "s2-yjs", "N", ext, "young_person", "sex"),
        "Ethnicity": codes(
            v.origin,
            CENSUS_ETHNICITY,
            rows,
            rates,
            "s2-yjs-eth",
            "Not stated",
            ext,
            "young_person",
            "ethnicity",
        ),
        "Address": address_line(v, rows.keys, ctx.seed, "s2-yjs"),
        "Postcode": v.postcode,
        "Country": country,
        "Offence Date": iso_midnight(
            when[i],
            rows=rows,
            rates=rates,
            salt="s2-yjs",
            ext=ext,
            group="young_person",
            field_name="offence_date",
        ),
        "Offence Code": codes(
            o.col("category")[i],
            [OFFENCE[c] for c in OFFENCES],
            rows,
            rates,
            "s2-yjs-off",
            "BRE",
            ext,
            "young_person",
            "offence_category",
        ),
        "Outcome Code": codes(
            o.col("disposal")[i],
            [OUTCOME[c] for c in DISPOSALS],
            rows,
            rates,
            "s2-yjs-out",
            "NFA",
            ext,
            "young_person",
            "disposal",
        ),
    }
    one_person_per_row(ext, rows, v, "young_person", person[i])
    return ext
