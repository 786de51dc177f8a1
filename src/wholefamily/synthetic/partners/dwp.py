"""DWP: benefit and employment spells (pipe-delimited text, dates as yyyymmdd, current postcode)."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import NA
from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.needs import BENEFITS
from wholefamily.synthetic.partners.common import (
    Context,
    address_line,
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
from wholefamily.synthetic.view import ErrorRates

RATES = ErrorRates(
    typo=0.005,
    missing_postcode=0.01,
    stale_address=0.05,
    invalid_id=0.002,
    missing_id=0.005,
    exact_duplicate=0.0,
    duplicate=0.003,
)
CODE = {
    "universal_credit": "UC",
    "jobseekers_allowance": "JSA",
    "employment_support_allowance": "ESA",
    "income_support": "IS",
    "personal_independence_payment": "PIP",
    "carers_allowance": "CA",
    "employment": "EMP",
}


def benefits(ctx: Context) -> Extract:
    b, rates = ctx.history.benefits, RATES
    person, start, end = b.col("person"), b.col("start"), b.col("end")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, start + 14, start, rates, "dwp")
    i = rows.take
    ext = Extract("dwp_benefits", "dwp_benefits.txt", "csv", delimiter="|")
    # DWP sends the claimant's address as it is now, not as it was when the claim began
    v = view_of(
        ctx, rows, person[i], start[i], rates, "dwp", address_when=np.full(rows.n, ctx.delivery, np.int32)
    )
    shown_end = np.where((end[i] == OPEN) | (end[i] > ctx.delivery), NA, end[i]).astype(np.int32)
    ext.columns = {
        "CLAIM_ID": ids("C", rid[i] + np.where(rows.dup == 1, 4_000_000, 0), 8),
        "NINO": v.ni,
        "SURNAME": blank_required(upper(v.surname), rows, rates, "dwp", ext, "claimant", "surname"),
        "FORENAME": upper(v.first),
        "DOB": dates(v.dob, "%Y%m%d", rows, rates, "dwp", ext, "claimant", "dob"),
        "SEX": codes(v.sex, ["M", "F"], rows, rates, "dwp", "", None),
        "POSTCODE": v.postcode,
        "BENEFIT": codes(
            b.col("benefit")[i],
            [CODE[c] for c in BENEFITS],
            rows,
            rates,
            "dwp-ben",
            "SDA",
            ext,
            "claimant",
            "benefit",
        ),
        "OUT_OF_WORK": np.where(b.col("out_of_work")[i].astype(bool), "Y", "N"),
        "SPELL_START": dates(start[i], "%Y%m%d"),
        "SPELL_END": dates(shown_end, "%Y%m%d"),
        "ADDRESS_LINE_1": upper(address_line(v, rows.keys, ctx.seed, "dwp", abbreviated=0.5)),
    }
    ext.quoting = "none"
    one_person_per_row(ext, rows, v, "claimant", person[i])
    return ext
