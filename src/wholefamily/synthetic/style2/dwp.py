"""DWP, style 2: the data share as a plain comma-separated file with lower-case headers, no address at
all, the forenames together, Oracle-style dates (01-MAR-2024), a record type that tells benefit spells from
employment, a column literally named ``benefit`` and an in-work flag (the opposite of out of work)."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.needs import BENEFITS
from wholefamily.synthetic.partners.common import (
    Context,
    blank_required,
    codes,
    dates,
    ids,
    one_person_per_row,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.population import OPEN
from wholefamily.synthetic.style2.common import forenames
from wholefamily.synthetic.view import ErrorRates

RATES = ErrorRates(typo=0.006, invalid_id=0.002, missing_id=0.005, duplicate=0.003, exact_duplicate=0.001)
CODE = {
    "universal_credit": "UC",
    "jobseekers_allowance": "JSA(C)",
    "employment_support_allowance": "ESA(IR)",
    "income_support": "IS",
    "personal_independence_payment": "PIP",
    "carers_allowance": "CA",
    "employment": "",
}


def _oracle(days: np.ndarray, **planted: object) -> np.ndarray:
    return upper(dates(days, "%d-%b-%Y", **planted))  # type: ignore[arg-type]


def benefits(ctx: Context) -> Extract:
    b, rates = ctx.history.benefits, RATES
    person, start, end = b.col("person"), b.col("start"), b.col("end")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, start + 21, start, rates, "s2-dwp")
    i = rows.take
    ext = Extract("dwp_benefits", f"DWP_LA_SHARE_{date_of(ctx.delivery):%Y%m%d}.csv", "csv")
    ext.quoting = "none"
    v = view_of(ctx, rows, person[i], start[i], rates, "s2-dwp")
    benefit = b.col("benefit")[i]
    employment = benefit == BENEFITS.index("employment")
    shown_end = np.where((end[i] == OPEN) | (end[i] > ctx.delivery), NA, end[i]).astype(np.int32)
    ext.columns = {
        "spell_ref": ids("S", rid[i] * 5 + 11 + np.where(rows.dup == 1, 9_000_000, 0), 9),
        "nino": v.ni,
        "surname": blank_required(upper(v.surname), rows, rates, "s2-dwp", ext, "claimant", "surname"),
        "forenames": forenames(v, upper_case=True),
        "dob": _oracle(
            v.dob, rows=rows, rates=rates, salt="s2-dwp", ext=ext, group="claimant", field_name="dob"
        ),
        "sex": codes(v.sex, ["1", "2"], rows, rates, "s2-dwp", "0", None),
        "record_type": np.where(employment, "EMP", "BEN"),
        "benefit": codes(
            benefit, [CODE[c] for c in BENEFITS], rows, rates, "s2-dwp-ben", "SDA", ext, "claimant", "benefit"
        ),
        "in_work": np.where(b.col("out_of_work")[i].astype(bool), "N", "Y"),
        "start_date": _oracle(start[i]),
        "end_date": _oracle(shown_end),
    }
    ext.columns["benefit"] = np.where(employment, "", ext.columns["benefit"])
    one_person_per_row(ext, rows, v, "claimant", person[i])
    return ext
