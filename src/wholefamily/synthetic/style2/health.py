"""Health, style 2: mental health referrals as a workbook with a sheet per service; the substance misuse
provider's treatment journeys as JSON (an age for many clients, the postcode on the journey); health
visiting contacts with no reference, the main carer in one column and an outcome that says whether the
contact took place; maternity as a workbook with the partner's name and age only."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import date_of
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.needs import REVIEWS, SERVICES, SUBSTANCES
from wholefamily.synthetic.noise import choice, uniform
from wholefamily.synthetic.partners.common import (
    Context,
    Rows,
    blank_required,
    codes,
    dates,
    full_name,
    ids,
    one_person_per_row,
    record_duplicates,
    record_view_errors,
    row_mentions,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.partners.health import MH_SERVICE, _spells, antenatal_contacts
from wholefamily.synthetic.style2.common import abroad, age_instead, day_month_name, iso_midnight, whole_name
from wholefamily.synthetic.view import ErrorRates, format_nhs

MH_RATES = ErrorRates(typo=0.008, missing_postcode=0.02, moved_late=0.3, invalid_id=0.003, missing_id=0.02)
SUBSTANCE_RATES = ErrorRates(
    typo=0.025, nickname=0.08, missing_postcode=0.06, moved_late=0.4, missing_dob=0.01
)
HV_RATES = ErrorRates(typo=0.008, missing_postcode=0.015, moved_late=0.4, invalid_id=0.003, missing_id=0.01)
MATERNITY_RATES = ErrorRates(
    typo=0.008, missing_postcode=0.02, moved_late=0.3, missing_id=0.02, exact_duplicate=0.0
)
MH_SHEET = {"adult_mental_health": 0, "camhs": 1, "gp_wellbeing": 2}
NHS_ETHNICITY = (
    "A - White British",
    "C - Any other White background",
    "C - Any other White background",
    "J - Pakistani",
    "N - African",
    "M - Caribbean",
    "D - White and Black Caribbean",
    "S - Any other ethnic group",
)
SUBSTANCE = {
    "alcohol": "ALC",
    "opiates": "OPI",
    "cannabis": "CAN",
    "cocaine": "COC",
    "other_drugs": "OTH",
    "none": "NON",
}
SUBSTANCE_AGE_ONLY = 0.2
REVIEW = {
    "antenatal": "Antenatal contact",
    "new_birth": "New birth visit",
    "six_to_eight_week": "6-8 week review",
    "one_year": "1 year review",
    "two_year": "2-2.5 year review",
}
#: Share of health visiting contacts preceded by an appointment that did not happen (not attended or
#: cancelled): a row of its own with that outcome.
MISSED_FIRST = 0.12
PARTNER_AGE_KNOWN = 0.7


def mental_health(ctx: Context) -> Extract:
    rates = MH_RATES
    rid, person, start, end, service, _ = _spells(ctx, tuple(MH_SERVICE))
    rows = select_rows(ctx, rid, start + 7, start, rates, "s2-mh")
    i = rows.take
    ext = Extract(
        "mental_health_referrals",
        f"MH referrals {date_of(ctx.delivery):%Y-%m}.xlsx",
        "excel",
        sheets=["Adult MH", "CAMHS", "Talking Therapies"],
        date_columns=("Date of Birth", "Referral Received", "Discharged"),
        date_cell_format="dd-mmm-yy",
    )
    ext.sheet = np.array([MH_SHEET[SERVICES[s]] for s in service[i].tolist()] or [], np.int64)
    v = view_of(ctx, rows, person[i], start[i], rates, "s2-mh")
    ext.columns = {
        "Referral Number": ids("", rid[i] * 11 + 5 + np.where(rows.dup == 1, 90_000_000, 0), 9),
        "NHS No": format_nhs(v.nhs),
        "Patient Name": whole_name(v, "surname_first"),
        "Date of Birth": v.dob,
        "Gender": codes(v.sex, ["M", "F"], rows, rates, "s2-mh", "I", ext, "patient", "sex"),
        "Ethnicity": codes(
            v.origin, NHS_ETHNICITY, rows, rates, "s2-mh-eth", "Z - Not stated", ext, "patient", "ethnicity"
        ),
        "Postcode": v.postcode,
        "Referral Received": start[i],
        "Discharged": end[i],
    }
    one_person_per_row(ext, rows, v, "patient", person[i])
    return ext


def substance_misuse(ctx: Context) -> Extract:
    rates = SUBSTANCE_RATES
    rid, person, start, end, _, substance = _spells(ctx, ("substance_misuse",))
    rows = select_rows(ctx, rid, start + 14, start, rates, "s2-sm")
    i = rows.take
    ext = Extract("substance_misuse", "treatment_journeys.json", "json")
    v = view_of(ctx, rows, person[i], start[i], rates, "s2-sm")
    only_age = age_instead(v, rows.keys, SUBSTANCE_AGE_ONLY, ctx.seed, "s2-sm")
    ext.errors.add(np.flatnonzero(only_age), "client", 0, "dob", "age_instead_of_dob")
    abroad(ctx, v, person[i], rows.keys, "s2-sm", ext, np.arange(rows.n), "client")
    drug = codes(
        substance[i],
        [SUBSTANCE[s] for s in SUBSTANCES],
        rows,
        rates,
        "s2-sm-sub",
        "SOL",
        ext,
        "client",
        "substance",
    )
    dob, began, ended = (
        dates(v.dob, "%Y-%m-%d").tolist(),
        iso_midnight(start[i]).tolist(),
        iso_midnight(end[i]).tolist(),
    )
    sex = codes(v.sex, ["Male", "Female"], rows, rates, "s2-sm-sex", "Non-binary").tolist()
    client = ids("C", person[i] * 13 % 9_999_991 + np.where(rows.dup == 1, 1, 0), 7).tolist()
    first, surname, postcode, ages, only = (
        v.first.tolist(),
        v.surname.tolist(),
        v.postcode.tolist(),
        v.age.tolist(),
        only_age.tolist(),
    )
    journey = ids("J", rid[i] + np.where(rows.dup == 1, 3_000_000, 0), 7).tolist()
    ext.records = [
        {
            "journeyId": journey[k],
            "client": {
                "clientRef": client[k],
                "firstName": first[k],
                "lastName": surname[k],
                "dateOfBirth": dob[k] or None,
                "ageAtReferral": ages[k] if only[k] else None,
                "gender": sex[k],
            },
            "postcode": postcode[k] or None,
            "referralDate": began[k],
            "dischargeDate": ended[k] or None,
            "substances": {"primary": drug[k] or None},
        }
        for k in range(rows.n)
    ]
    ext.json_wrapper = (
        {"provider": "Wexcombe Recovery Partnership", "periodEnd": f"{date_of(ctx.delivery):%Y-%m-%d}"},
        "journeys",
    )
    one_person_per_row(ext, rows, v, "client", person[i])
    return ext


def health_visiting(ctx: Context) -> Extract:
    """Contacts with no reference; a contact that did not happen the first time comes twice, the first
    row with an outcome of DNA or cancelled (and no concern recorded)."""
    pop, r, rates = ctx.pop, ctx.history.reviews, HV_RATES
    person, when, review = r.col("person"), r.col("date"), r.col("review")
    base = np.arange(person.size, dtype=np.int64)
    missed = uniform(base, "s2-hv:missed", ctx.seed) < MISSED_FIRST
    source = np.concatenate([base, base[missed]])
    outcome = np.concatenate(
        [np.zeros(base.size, np.int64), 1 + choice(base[missed], "s2-hv:why", ctx.seed, 2)]
    )
    day = np.concatenate([when, when[missed] - 7 - choice(base[missed], "s2-hv:gap", ctx.seed, 14)]).astype(
        np.int32
    )
    rid = source * 2 + (outcome > 0)
    rows = select_rows(ctx, rid, day + 5, day.astype(np.int64) * 4 + (outcome == 0), rates, "s2-hv")
    i = rows.take
    s = source[i]
    ext = Extract("health_visiting", "HV_contacts.csv", "csv")
    ext.quoting = "minimal"
    v = view_of(ctx, rows, person[s], day[i], rates, "s2-hv")
    mother = pop.mother[person[s]]
    has = np.flatnonzero(mother >= 0)
    sub = Rows(take=i[has], dup=rows.dup[has], keys=rows.keys[has])
    mv = view_of(ctx, sub, mother[has], day[i][has], rates, "s2-hv-carer", key_offset=1)
    carer = np.full(rows.n, "", dtype=object)
    carer[has] = full_name(mv, "surname_first")
    done = outcome[i] == 0
    ext.columns = {
        "NHS Number": format_nhs(v.nhs, spaced=True),
        "Child Name": whole_name(v, "forename_first"),
        "Child DOB": day_month_name(v.dob),
        "Sex": codes(v.sex, ["Male", "Female"], rows, rates, "s2-hv", "Indeterminate", ext, "child", "sex"),
        "Main Carer": carer.astype(str),
        "Postcode": v.postcode,
        "Contact Date": iso_midnight(
            day[i], rows=rows, rates=rates, salt="s2-hv", ext=ext, group="child", field_name="contact_date"
        ),
        "Contact Type": codes(
            review[s],
            [REVIEW[x] for x in REVIEWS],
            rows,
            rates,
            "s2-hv-type",
            "Targeted visit",
            ext,
            "child",
            "review_type",
        ),
        "Outcome": np.array(["Attended", "DNA", "Cancelled by parent"])[outcome[i]],
        "Concern": np.where(done, np.where(r.col("concern")[s].astype(bool), "Y", "N"), ""),
    }
    row_mentions(ext, "child", person[s])
    ext.mentions.append(Mentions("carer", has, np.zeros(has.size, np.int64), mother[has]))
    record_view_errors(ext, v, np.arange(rows.n), "child")
    record_view_errors(ext, mv, has, "carer")
    record_duplicates(ext, rows, "child")
    return ext


def maternity(ctx: Context) -> Extract:
    """Bookings and antenatal visits, a sheet each; the partner by name and (sometimes) age only."""
    pop, rates = ctx.pop, MATERNITY_RATES
    preg, kind, when = antenatal_contacts(pop)
    rid = preg.astype(np.int64) * 2 + kind
    rows = select_rows(ctx, rid, when + 2, when, rates, "s2-mat")
    i = rows.take
    ext = Extract(
        "maternity_antenatal",
        f"Maternity_{date_of(ctx.delivery):%b%y}.xlsx",
        "excel",
        title_lines=["Wexcombe Hospitals NHS Trust - maternity and antenatal contacts"],
        sheets=["Bookings", "Antenatal HV"],
        date_columns=("Contact Date",),
        date_cell_format="yyyy-mm-dd",
    )
    ext.sheet = kind[i].astype(np.int64)
    mother = pop.p_mother[preg[i]]
    v = view_of(ctx, rows, mother, when[i], rates, "s2-mat")
    partner = pop.p_partner[preg[i]]
    has = np.flatnonzero(partner >= 0)
    sub = Rows(take=i[has], dup=rows.dup[has], keys=rows.keys[has])
    pv = view_of(ctx, sub, partner[has], when[i][has], rates, "s2-mat-partner", key_offset=1)
    partner_name = np.full(rows.n, "", dtype=object)
    partner_name[has] = full_name(pv, "surname_first")
    partner_age = np.full(rows.n, "", dtype=object)
    known = uniform(sub.keys, "s2-mat:partner-age", ctx.seed) < PARTNER_AGE_KNOWN
    partner_age[has[known]] = pv.age[known].astype(str)
    serial = dates(v.dob, "excel_serial")
    ext.columns = {
        "MRN": ids("RX", mother * 7 % 9_999_991 + np.where(rows.dup == 1, 1, 0), 7),
        "Contact No": ids("", rid[i] + np.where(rows.dup == 1, 9_000_000, 0), 9),
        "NHS Number": format_nhs(v.nhs),
        "Woman's Name": blank_required(
            whole_name(v, "forename_first"), rows, rates, "s2-mat", ext, "mother", "full_name"
        ),
        "DOB": np.array([int(x) if x else None for x in serial.tolist()], dtype=object),
        "Postcode": upper(np.char.replace(v.postcode, " ", "")),
        "Contact Date": when[i],
        "EDD": day_month_name(pop.p_edd[preg[i]]),
        "Partner Name": partner_name.astype(str),
        "Partner Age": partner_age.astype(str),
    }
    row_mentions(ext, "mother", mother)
    ext.mentions.append(Mentions("partner", has, np.zeros(has.size, np.int64), partner[has]))
    record_view_errors(ext, v, np.arange(rows.n), "mother")
    record_view_errors(ext, pv, has, "partner")
    record_duplicates(ext, rows, "mother")
    return ext
