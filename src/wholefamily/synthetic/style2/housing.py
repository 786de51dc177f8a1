"""Housing, style 2: the current arrears list (no reference and no date on a row: the list is as at the
run date; balances in pence), the tenancy list as a workbook with a sheet per landlord and only the lead
tenant, and homelessness cases with the household in one cell and the address only on the case."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.extract import Extract
from wholefamily.synthetic.needs import DUTIES, NOTICES
from wholefamily.synthetic.partners.common import (
    Context,
    Rows,
    address_line,
    blank_required,
    codes,
    dates,
    full_name,
    ids,
    one_person_per_row,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.partners.housing import arrears_and_notices, social_tenancies
from wholefamily.synthetic.style2.common import (
    CENSUS_ETHNICITY,
    abroad,
    age_instead,
    client_ids,
    forenames,
    household,
    iso_midnight,
    people_in_cell,
)
from wholefamily.synthetic.view import ErrorRates, View

ARREARS_RATES = ErrorRates(
    typo=0.015, missing_postcode=0.0, stale_address=0.0, exact_duplicate=0.003, duplicate=0.0
)
TENANCY_RATES = ErrorRates(
    typo=0.012, missing_postcode=0.01, stale_address=0.0, missing_dob=0.02, exact_duplicate=0.0
)
HOMELESS_RATES = ErrorRates(
    typo=0.02, nickname=0.05, missing_postcode=0.04, moved_late=0.3, exact_duplicate=0.0, duplicate=0.004
)
HOUSEHOLD_RATES = ErrorRates(typo=0.025, nickname=0.08, missing_dob=0.03, missing_postcode=0.0)
#: Arrears on the list: balances struck in the last quarter; notices served in the last year.
ARREARS_WINDOW, NOTICE_WINDOW = 91, 365
TENURE = {0: "OWN", 1: "LA", 2: "RSL", 3: "PRIV"}
NOTICE = {
    "notice_seeking_possession": "NOSP served",
    "section_21": "s21 served",
    "possession_order": "Possession order",
    "eviction_warrant": "Warrant applied",
    "eviction": "Evicted",
}
DUTY = {"advice_only": "ADV", "prevention": "PREV", "relief": "REL", "main_duty": "MAIN"}
HOUSEHOLD_AGE_ONLY = 0.15


def rent_arrears(ctx: Context) -> Extract:
    pop, rates = ctx.pop, ARREARS_RATES
    person, address, when, tenure, is_notice, amount, notice = arrears_and_notices(ctx.history)
    pence = np.round(amount * 100).astype(np.int64)
    rid = np.arange(person.size, dtype=np.int64)
    window = np.where(is_notice, NOTICE_WINDOW, ARREARS_WINDOW)
    current = (when <= ctx.delivery) & (when > ctx.delivery - window)
    recorded = np.where(current, when, np.iinfo(np.int32).max).astype(np.int64)
    rows = select_rows(ctx, rid, recorded, address.astype(np.int64), rates, "s2-arrears")
    i = rows.take
    ext = Extract(
        "rent_arrears",
        "Arrears and Notices.csv",
        "csv",
        encoding="cp1252",
        title_lines=[
            "Wexcombe Homes",
            f"Current arrears and live notices as at {date_of(ctx.delivery):%d/%m/%Y}",
            "Balances in pence",
        ],
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "s2-arrears")
    ext.columns = {
        "Tenant": blank_required(
            full_name(v, "surname_first"), rows, rates, "s2-arrears", ext, "tenant", "full_name"
        ),
        "DOB": dates(v.dob, "%d.%m.%Y", rows, rates, "s2-arrears", ext, "tenant", "dob"),
        "Property": pop.a_line1[address[i]],
        "Postcode": pop.a_postcode[address[i]],
        "tenure": codes(tenure[i], TENURE, rows, rates, "s2-arrears", "LEASE", ext, "tenant", "tenure"),
        "Balance": np.where(is_notice[i], "", pence[i].astype(str)),
        "Notice Type": np.where(
            notice[i] >= 0, np.array([NOTICE[c] for c in NOTICES])[np.maximum(notice[i], 0)], ""
        ),
        "Notice Served": dates(np.where(is_notice[i], when[i], NA).astype(np.int32), "%d.%m.%Y"),
    }
    one_person_per_row(ext, rows, v, "tenant", person[i])
    return ext


def tenancies(ctx: Context) -> Extract:
    pop, rates = ctx.pop, TENANCY_RATES
    t = social_tenancies(ctx)
    rows = select_rows(ctx, t.rid, t.start, t.start, rates, "s2-tenancy")
    i = rows.take
    ext = Extract(
        "housing_tenancies",
        f"Tenancy list {date_of(ctx.delivery):%B %Y}.xlsx",
        "excel",
        title_lines=[f"Social housing tenancies at {date_of(ctx.delivery):%d/%m/%Y}", ""],
        sheets=["Council", "Housing Association"],
        date_columns=("DOB",),
    )
    ext.sheet = (pop.a_tenure[t.address[i]] == 2).astype(np.int64)
    v = view_of(ctx, rows, t.lead[i], t.snapshot[i], rates, "s2-tenancy")
    title = np.where(pop.sex[t.lead[i]] == 1, "Mrs", "Mr")
    council = ext.sheet == 0
    kind = np.where(
        council,
        np.where(t.start[i] > ctx.delivery - 365, "Introductory", "Secure"),
        np.where(t.start[i] > ctx.delivery - 365, "Starter", "Assured"),
    )
    ext.columns = {
        "Tenancy No": ids("", t.rid[i] + np.where(rows.dup == 1, 90_000_000, 0), 9),
        "Client ID": np.where(council, client_ids(t.lead[i], rows.keys, ctx.seed, "s2-tenancy"), ""),
        "Lead Tenant": np.char.add(
            np.char.add(title, " "),
            np.char.add(
                np.char.add(v.first, " "),
                upper(blank_required(v.surname, rows, rates, "s2-tenancy", ext, "lead_tenant", "surname")),
            ),
        ),
        "DOB": v.dob,
        "NI Number": v.ni,
        "Address 1": pop.a_line1[t.address[i]],
        "Address 2": pop.a_town[t.address[i]],
        "Postcode": np.where(v.postcode == "", "", pop.a_postcode[t.address[i]]),
        "tenure": kind,
        "Start Date": iso_midnight(t.start[i].astype(np.int32)),
        "End Date": iso_midnight(np.where(t.end[i] <= ctx.delivery, t.end[i], NA).astype(np.int32)),
    }
    one_person_per_row(ext, rows, v, "lead_tenant", t.lead[i])
    return ext


def _member_text(v: View, sub: Rows, member: np.ndarray) -> np.ndarray:
    """'Forename SURNAME (dd/mm/yyyy)', or '(age 7)' where the officer took an age."""
    only = age_instead(v, sub.keys, HOUSEHOLD_AGE_ONLY, 0, "s2-household")
    born = np.where(only, np.char.add("age ", v.age.astype(str)), dates(v.dob, "%d/%m/%Y"))
    name = np.char.add(np.char.add(v.first, " "), upper(v.surname))
    return np.where(born != "", np.char.add(np.char.add(np.char.add(name, " ("), born), ")"), name)


def homelessness(ctx: Context) -> Extract:
    a, rates = ctx.history.approaches, HOMELESS_RATES
    person, when, duty = a.col("person"), a.col("date"), a.col("duty")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 3, when, rates, "s2-homeless")
    i = rows.take
    ext = Extract(
        "homelessness_approaches",
        f"HCLIC_cases_{date_of(ctx.delivery):%Y%m%d}.csv",
        "csv",
        delimiter=";",
        encoding="utf-8-sig",
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "s2-homeless")
    current = address_line(v, rows.keys, ctx.seed, "s2-homeless")
    current_postcode = v.postcode.copy()
    previous = view_of(ctx, rows, person[i], when[i] - 400, ErrorRates(missing_postcode=0.2), "s2-settled")
    country = abroad(ctx, previous, person[i], rows.keys, "s2-homeless", ext, np.arange(rows.n), "applicant")
    row, member, _ = household(ctx, person[i], when[i])
    members = people_in_cell(
        ctx, ext, rows, when[i], row, member, HOUSEHOLD_RATES, "s2-household", "household", _member_text, "; "
    )
    ext.columns = {
        "Case Number": ids("HL", rid[i] * 3 + 7 + np.where(rows.dup == 1, 800_000, 0), 7),
        "Client ID": client_ids(person[i], rows.keys, ctx.seed, "s2-homeless"),
        "Applicant Forenames": forenames(v),
        "Applicant Surname": blank_required(
            v.surname, rows, rates, "s2-homeless", ext, "applicant", "surname"
        ),
        "DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "s2-homeless", ext, "applicant", "dob"),
        "Sex": codes(v.sex, ["Male", "Female"], rows, rates, "s2-homeless", "Other", ext, "applicant", "sex"),
        "Ethnicity": codes(
            v.origin,
            CENSUS_ETHNICITY,
            rows,
            rates,
            "s2-hom-eth",
            "Prefer not to say",
            ext,
            "applicant",
            "ethnicity",
        ),
        "Approach Date": dates(when[i], "%d/%m/%y"),
        "duty": codes(
            duty[i], [DUTY[d] for d in DUTIES], rows, rates, "s2-hom-duty", "NONE", ext, "applicant", "duty"
        ),
        "TA": np.where(a.col("ta")[i].astype(bool), "Y", "N"),
        "Current Address": current,
        "Current Postcode": current_postcode,
        "Household Members": members,
        "Last Settled Address": np.where(
            country != "", np.char.add(np.char.add(previous.line1, ", "), country), previous.line1
        ),
        "Last Settled Postcode": previous.postcode,
    }
    one_person_per_row(ext, rows, v, "applicant", person[i])
    return ext
