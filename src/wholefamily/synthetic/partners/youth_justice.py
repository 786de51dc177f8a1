"""Youth justice service: proven offences and outcomes (CSV, semicolon, Windows-1252, serial-number DOBs)."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic import names
from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.needs import DISPOSALS, OFFENCES
from wholefamily.synthetic.partners.common import (
    Context,
    codes,
    dates,
    full_name,
    ids,
    one_person_per_row,
    select_rows,
    view_of,
)
from wholefamily.synthetic.view import ErrorRates

RATES = ErrorRates(typo=0.02, nickname=0.04, missing_postcode=0.04, exact_duplicate=0.002)
OFFENCE_LABEL = {
    "violence": "Violence against the person",
    "theft": "Theft and handling",
    "criminal_damage": "Criminal damage",
    "drugs": "Drugs offences",
    "public_order": "Public order",
    "motoring": "Motoring offences",
    "sexual": "Sexual offences",
    "other": "Other",
}
DISPOSAL_LABEL = {
    "community_resolution": "Community Resolution",
    "youth_caution": "Youth Caution",
    "youth_conditional_caution": "Youth Conditional Caution",
    "referral_order": "Referral Order",
    "youth_rehabilitation_order": "Youth Rehabilitation Order",
    "custody": "Detention and Training Order",
}


def offences(ctx: Context) -> Extract:
    o, rates = ctx.history.offences, RATES
    person, when = o.col("person"), o.col("date")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 30, when, rates, "yot")
    i = rows.take
    ext = Extract("youth_offending", "youth_offending.csv", "csv", delimiter=";", encoding="cp1252")
    v = view_of(ctx, rows, person[i], when[i], rates, "yot")
    ext.columns = {
        "YOT_ID": ids("Y", person[i] + np.where(rows.dup == 1, 3_000_000, 0), 8),
        "Offence_Ref": ids("OFF", rid[i] + np.where(rows.dup == 1, 800_000, 0), 6),
        "Name": full_name(v, "forename_first", upper_surname=False),
        "DOB": dates(v.dob, "excel_serial"),
        "Gender": codes(v.sex, ["1", "2"], rows, rates, "yot", "9", ext, "young_person", "sex"),
        "Ethnicity": codes(
            v.origin, names.ORIGIN_TEXT, rows, rates, "yot-eth", "Refused", ext, "young_person", "ethnicity"
        ),
        "Postcode": v.postcode,
        "Offence_Date": dates(when[i], "%d-%b-%y", rows, rates, "yot", ext, "young_person", "offence_date"),
        "Offence_Category": codes(
            o.col("category")[i],
            [OFFENCE_LABEL[c] for c in OFFENCES],
            rows,
            rates,
            "yot-cat",
            "Breach",
            ext,
            "young_person",
            "offence_category",
        ),
        "Outcome": codes(
            o.col("disposal")[i],
            [DISPOSAL_LABEL[c] for c in DISPOSALS],
            rows,
            rates,
            "yot-out",
            "No Further Action",
            ext,
            "young_person",
            "disposal",
        ),
    }
    one_person_per_row(ext, rows, v, "young_person", person[i])
    return ext
