"""Children's social care, style 2: a tab-separated case list from the case management system, one row
per episode with the child; the household in one cell, a person a line (the cell has line breaks), with
no addresses (the case address is the record's); the council's person id; a ``care_status`` column."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.needs import ABUSE, CARE
from wholefamily.synthetic.partners.common import (
    Context,
    Rows,
    address_line,
    codes,
    dates,
    ids,
    one_person_per_row,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.partners.social_care import _relationship
from wholefamily.synthetic.population import OPEN
from wholefamily.synthetic.style2.common import client_ids, day_month_name, household, people_in_cell
from wholefamily.synthetic.view import ErrorRates, View

RATES = ErrorRates(
    typo=0.01,
    nickname=0.03,
    missing_postcode=0.02,
    moved_late=0.3,
    missing_id=0.05,
    duplicate=0.004,
    exact_duplicate=0.0,
)
HOUSEHOLD_RATES = ErrorRates(typo=0.02, nickname=0.05, missing_dob=0.05, missing_postcode=0.0)
STATUS = {
    "early_help": "EH",
    "child_in_need": "CIN",
    "child_protection": "CP",
    "looked_after": "CLA",
    "care_leaver": "CL",
}
CATEGORY = {
    "neglect": "N",
    "emotional": "E",
    "physical": "P",
    "sexual": "S",
    "multiple": "M",
    "not_recorded": "",
}


def episodes(ctx: Context) -> Extract:
    pop, c, rates = ctx.pop, ctx.history.care, RATES
    child, start, end = c.col("person"), c.col("start"), c.col("end")
    rid = np.arange(child.size, dtype=np.int64)
    rows = select_rows(ctx, rid, start + 3, start, rates, "s2-csc")
    i = rows.take
    ext = Extract(
        "childrens_social_care", f"CSC_episodes_{date_of(ctx.delivery):%Y%m%d}.tsv", "csv", delimiter="\t"
    )
    ext.quoting = "minimal"
    v = view_of(ctx, rows, child[i], start[i], rates, "s2-csc")
    shown_end = np.where((end[i] == OPEN) | (end[i] > ctx.delivery), NA, end[i]).astype(np.int32)
    row, member, role = household(ctx, child[i], start[i])

    def describe(hv: View, sub: Rows, who: np.ndarray) -> np.ndarray:
        relation = _relationship(role, pop.sex[who])
        born = dates(hv.dob, "%d/%m/%Y")
        return np.char.add(
            np.char.add(
                np.char.add(np.char.add(hv.first, " "), upper(hv.surname)), np.char.add(" - ", relation)
            ),
            np.where(born != "", np.char.add(" - ", born), ""),
        )

    members = people_in_cell(
        ctx, ext, rows, start[i], row, member, HOUSEHOLD_RATES, "s2-csc-hh", "household", describe, "\n"
    )
    ext.columns = {
        "Episode ID": ids("E", rid[i] * 7 + 1 + np.where(rows.dup == 1, 6_000_000, 0), 8),
        "LA Person ID": client_ids(child[i], rows.keys, ctx.seed, "s2-csc"),
        "Forename": v.first,
        "Surname": v.surname,
        "DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "s2-csc", ext, "child", "dob"),
        "Gender": codes(
            v.sex, ["Male", "Female"], rows, rates, "s2-csc-sex", "Indeterminate", ext, "child", "sex"
        ),
        "UPN": v.upn,
        "Case Address": address_line(v, rows.keys, ctx.seed, "s2-csc"),
        "Case Postcode": v.postcode,
        "care_status": codes(
            c.col("status")[i],
            [STATUS[s] for s in CARE],
            rows,
            rates,
            "s2-csc",
            "S47",
            ext,
            "child",
            "care_status",
        ),
        "Category": np.array([CATEGORY[a] for a in ABUSE])[c.col("abuse")[i]],
        "Start": day_month_name(start[i]),
        "End": day_month_name(shown_end),
        "Household": members,
    }
    one_person_per_row(ext, rows, v, "child", child[i])
    return ext
