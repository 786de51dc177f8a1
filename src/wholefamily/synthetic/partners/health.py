"""Health: mental health referrals (NHS trust), the substance misuse service (Windows-1252), health
visiting reviews with the parent or carer in one cell, and antenatal contacts with the expected date."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic import names
from wholefamily.synthetic.dates import NA
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.needs import REVIEWS, SERVICES, SUBSTANCES
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
    record_duplicates,
    record_view_errors,
    row_mentions,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.population import OPEN, Population
from wholefamily.synthetic.view import ErrorRates, format_nhs

MH_RATES = ErrorRates(typo=0.008, missing_postcode=0.02, invalid_id=0.003, missing_id=0.01)
SUBSTANCE_RATES = ErrorRates(typo=0.02, nickname=0.06, missing_postcode=0.05, missing_dob=0.01)
HV_RATES = ErrorRates(typo=0.008, missing_postcode=0.015, invalid_id=0.003, missing_id=0.01)
MATERNITY_RATES = ErrorRates(
    typo=0.008, missing_postcode=0.02, invalid_id=0.003, missing_id=0.02, exact_duplicate=0.0
)
MH_SERVICE = {"adult_mental_health": "AMH", "camhs": "CAMHS", "gp_wellbeing": "TT"}
SUBSTANCE = {
    "alcohol": "Alcohol",
    "opiates": "Opiates",
    "cannabis": "Cannabis",
    "cocaine": "Crack/Cocaine",
    "other_drugs": "Other drugs",
    "none": "",
}
REVIEW = {
    "antenatal": "ANT",
    "new_birth": "NBV",
    "six_to_eight_week": "6-8W",
    "one_year": "12M",
    "two_year": "2Y",
}


def _spells(ctx: Context, services: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    c = ctx.history.contacts
    keep = np.isin(c.col("service"), [SERVICES.index(s) for s in services])
    end = c.col("end")[keep]
    shown_end = np.where((end == OPEN) | (end > ctx.delivery), NA, end).astype(np.int32)
    return (
        np.flatnonzero(keep).astype(np.int64),
        c.col("person")[keep],
        c.col("start")[keep],
        shown_end,
        c.col("service")[keep],
        c.col("substance")[keep],
    )


def mental_health(ctx: Context) -> Extract:
    rates = MH_RATES
    rid, person, start, end, service, _ = _spells(ctx, tuple(MH_SERVICE))
    rows = select_rows(ctx, rid, start + 7, start, rates, "mh")
    i = rows.take
    ext = Extract("mental_health_referrals", "mental_health_referrals.csv", "csv")
    v = view_of(ctx, rows, person[i], start[i], rates, "mh")
    ext.columns = {
        "Referral ID": ids("R", rid[i] + np.where(rows.dup == 1, 6_000_000, 0), 8),
        "NHS Number": format_nhs(v.nhs, spaced=True),
        "Local Patient ID": ids("MH", person[i] + np.where(rows.dup == 1, 7_000_000, 0), 8),
        "Given Name": v.first,
        "Family Name": blank_required(v.surname, rows, rates, "mh", ext, "patient", "surname"),
        "Date of Birth": dates(v.dob, "%Y-%m-%d", rows, rates, "mh", ext, "patient", "dob"),
        "Gender Code": codes(v.sex, ["1", "2"], rows, rates, "mh", "X", ext, "patient", "sex"),
        "Ethnic Category": codes(
            v.origin, names.ORIGIN_NHS_CODE, rows, rates, "mh-eth", "99", ext, "patient", "ethnicity"
        ),
        "Postcode": v.postcode,
        "Service": np.array([MH_SERVICE[SERVICES[s]] for s in service[i].tolist()] or [], dtype=str),
        "Referral Date": dates(start[i], "%Y-%m-%d"),
        "Discharge Date": dates(end[i], "%Y-%m-%d"),
        "Address Line 1": address_line(v, rows.keys, ctx.seed, "mh"),
    }
    one_person_per_row(ext, rows, v, "patient", person[i])
    return ext


def substance_misuse(ctx: Context) -> Extract:
    rates = SUBSTANCE_RATES
    rid, person, start, end, _, substance = _spells(ctx, ("substance_misuse",))
    rows = select_rows(ctx, rid, start + 14, start, rates, "sm")
    i = rows.take
    ext = Extract("substance_misuse", "substance_misuse.csv", "csv", encoding="cp1252")
    v = view_of(ctx, rows, person[i], start[i], rates, "sm")
    ext.columns = {
        "Episode ID": ids("EP", rid[i] + np.where(rows.dup == 1, 6_000_000, 0), 7),
        "Client No": ids("", person[i] + 10_000 + np.where(rows.dup == 1, 8_000_000, 0), 7),
        "Client Name": blank_required(
            full_name(v, "surname_first"), rows, rates, "sm", ext, "client", "full_name"
        ),
        "DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "sm", ext, "client", "dob"),
        "Sex": codes(v.sex, ["M", "F"], rows, rates, "sm", "I", ext, "client", "sex"),
        "Postcode": v.postcode,
        "Primary Substance": codes(
            substance[i],
            [SUBSTANCE[s] for s in SUBSTANCES],
            rows,
            rates,
            "sm-sub",
            "Solvents",
            ext,
            "client",
            "substance",
        ),
        "Episode Start": dates(start[i], "%d/%m/%Y"),
        "Episode End": dates(end[i], "%d/%m/%Y"),
    }
    one_person_per_row(ext, rows, v, "client", person[i])
    return ext


def health_visiting(ctx: Context) -> Extract:
    pop, r, rates = ctx.pop, ctx.history.reviews, HV_RATES
    person, when, review = r.col("person"), r.col("date"), r.col("review")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 5, when, rates, "hv")
    i = rows.take
    ext = Extract("health_visiting", "health_visiting.csv", "csv")
    v = view_of(ctx, rows, person[i], when[i], rates, "hv")
    mother = pop.mother[person[i]]
    has = np.flatnonzero(mother >= 0)
    sub = Rows(take=i[has], dup=rows.dup[has], keys=rows.keys[has])
    mv = view_of(ctx, sub, mother[has], when[i][has], rates, "hv-carer", key_offset=1)
    carer = np.full(rows.n, "", dtype=object)
    carer[has] = full_name(mv, "forename_first", upper_surname=False)
    ext.columns = {
        "Contact ID": ids("HV", rid[i] + np.where(rows.dup == 1, 9_000_000, 0), 8),
        "Child NHS No": format_nhs(v.nhs),
        "Child Forename": v.first,
        "Child Surname": blank_required(v.surname, rows, rates, "hv", ext, "child", "surname"),
        "Child DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "hv", ext, "child", "dob"),
        "Child Sex": codes(
            v.sex, ["Male", "Female"], rows, rates, "hv", "Indeterminate", ext, "child", "sex"
        ),
        "Parent/Carer": carer.astype(str),
        "Postcode": v.postcode,
        "Contact Date": dates(when[i], "%d/%m/%Y"),
        "Contact Type": codes(
            review[i],
            [REVIEW[x] for x in REVIEWS],
            rows,
            rates,
            "hv-type",
            "ADHOC",
            ext,
            "child",
            "review_type",
        ),
        "Development Concern": np.where(r.col("concern")[i].astype(bool), "Y", "N"),
        "Address": address_line(v, rows.keys, ctx.seed, "hv"),
    }
    row_mentions(ext, "child", person[i])
    ext.mentions.append(Mentions("carer", has, np.zeros(has.size, np.int64), mother[has]))
    record_view_errors(ext, v, np.arange(rows.n), "child")
    record_view_errors(ext, mv, has, "carer")
    record_duplicates(ext, rows, "child")
    return ext


def antenatal_contacts(pop: Population) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The midwife booking (kind 0) and antenatal health visit (kind 1) of each pregnancy: (pregnancy,
    kind, date), those in the history's span."""
    n = pop.p_mother.size
    preg = np.concatenate([np.arange(n), np.arange(n)])
    kind = np.repeat([0, 1], n)
    when = np.concatenate([pop.p_booking, pop.p_edd - 75]).astype(np.int32)
    born = pop.p_child[preg] >= 0
    # no contact after the birth: the antenatal visit only happens while the baby is due
    when = np.where(born & (when >= pop.p_edd[preg]), pop.p_edd[preg] - 30, when).astype(np.int32)
    valid = when >= pop.start
    return preg[valid], kind[valid], when[valid]


def maternity(ctx: Context) -> Extract:
    """Midwife booking and the antenatal health visiting contact, for both expectant parents."""
    pop, rates = ctx.pop, MATERNITY_RATES
    preg, kind, when = antenatal_contacts(pop)
    rid = preg.astype(np.int64) * 2 + kind
    rows = select_rows(ctx, rid, when + 2, when, rates, "mat")
    i = rows.take
    ext = Extract("maternity_antenatal", "maternity_antenatal.tsv", "csv", delimiter="\t")
    mother = pop.p_mother[preg[i]]
    v = view_of(ctx, rows, mother, when[i], rates, "mat")
    partner = pop.p_partner[preg[i]]
    has = np.flatnonzero(partner >= 0)
    sub = Rows(take=i[has], dup=rows.dup[has], keys=rows.keys[has])
    pv = view_of(ctx, sub, partner[has], when[i][has], rates, "mat-partner", key_offset=1)
    cell = np.full(rows.n, "", dtype=object)
    cell[has] = np.char.add(np.char.add(pv.first, " "), upper(pv.surname))
    ext.columns = {
        "Contact ID": ids("AN", rid[i] + np.where(rows.dup == 1, 9_000_000, 0), 8),
        "Mother NHS Number": format_nhs(v.nhs),
        "Mother Surname": blank_required(v.surname, rows, rates, "mat", ext, "mother", "surname"),
        "Mother Forename": v.first,
        "Mother DOB": dates(v.dob, "%Y-%m-%d", rows, rates, "mat", ext, "mother", "dob"),
        "Postcode": v.postcode,
        "Contact Date": dates(when[i], "%Y-%m-%d"),
        "Contact": np.where(kind[i] == 0, "Midwife booking", "Antenatal health visit"),
        "EDD": dates(pop.p_edd[preg[i]], "%Y-%m-%d"),
        "Partner": cell.astype(str),
        "Address": address_line(v, rows.keys, ctx.seed, "mat"),
    }
    row_mentions(ext, "mother", mother)
    ext.mentions.append(Mentions("partner", has, np.zeros(has.size, np.int64), partner[has]))
    record_view_errors(ext, v, np.arange(rows.n), "mother")
    record_view_errors(ext, pv, has, "partner")
    record_duplicates(ext, rows, "mother")
    return ext
