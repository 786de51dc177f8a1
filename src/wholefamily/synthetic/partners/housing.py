"""Housing: rent arrears and notices (tab-delimited, Windows-1252, title lines), council and housing
association tenancies with an 'other occupants' cell, and homelessness approaches (Excel, three sheets)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow.compute as pc

from wholefamily.synthetic import names
from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.needs import DUTIES, NOTICES, History
from wholefamily.synthetic.partners.common import (
    Context,
    Rows,
    blank_required,
    codes,
    dates,
    full_name,
    ids,
    nested_lists,
    one_person_per_row,
    record_duplicates,
    record_view_errors,
    row_mentions,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.population import GRANDPARENT, LODGER, NRP, OPEN, PARENT, PARTNER, SINGLE
from wholefamily.synthetic.view import ErrorRates

ARREARS_RATES = ErrorRates(typo=0.015, missing_postcode=0.0, stale_address=0.0, swap_day_month=0.008)
TENANCY_RATES = ErrorRates(
    typo=0.012, missing_postcode=0.01, stale_address=0.0, missing_dob=0.01, exact_duplicate=0.0
)
HOMELESS_RATES = ErrorRates(typo=0.02, nickname=0.03, missing_postcode=0.05, exact_duplicate=0.0)
TENURE = {0: "OO", 1: "CNL", 2: "HA", 3: "PRS"}
NOTICE = {
    "notice_seeking_possession": "NOSP",
    "section_21": "S21",
    "possession_order": "POSS",
    "eviction_warrant": "WARR",
    "eviction": "EVIC",
}
DUTY_SHEET = {"prevention": 0, "relief": 1, "advice_only": 2, "main_duty": 2}
DUTY_LABEL = {
    "advice_only": "Advice and information",
    "prevention": "Prevention duty",
    "relief": "Relief duty",
    "main_duty": "Main housing duty",
}


def arrears_and_notices(h: History) -> tuple[np.ndarray, ...]:
    """Arrears, then notices, as one list: person, address, date, tenure, is a notice, amount (0 on
    notices), notice code (-1 on arrears)."""
    ar, no = h.arrears, h.notices
    n_ar = len(ar)
    person = np.concatenate([ar.col("person"), no.col("person")])
    return (
        person,
        np.concatenate([ar.col("address"), no.col("address")]),
        np.concatenate([ar.col("date"), no.col("date")]).astype(np.int32),
        np.concatenate([ar.col("tenure"), no.col("tenure")]),
        np.arange(person.size) >= n_ar,
        np.concatenate([ar.col("amount").astype(float), np.zeros(len(no))]),
        np.concatenate([np.full(n_ar, -1), no.col("notice")]),
    )


def rent_arrears(ctx: Context) -> Extract:
    pop, rates = ctx.pop, ARREARS_RATES
    person, address, when, tenure, is_notice, amount, notice = arrears_and_notices(ctx.history)
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 10, when, rates, "arrears")
    i = rows.take
    ext = Extract(
        "rent_arrears",
        "rent_arrears.tsv",
        "csv",
        delimiter="\t",
        encoding="cp1252",
        title_lines=[
            "Wexcombe Homes - rent arrears and notices report",
            f"Run date: {date_of(ctx.delivery):%d/%m/%Y}",
        ],
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "arrears")
    ext.columns = {
        "Line ID": ids("L", rid[i] + np.where(rows.dup == 1, 2_000_000, 0)),
        "Tenancy Ref": ids("T", address[i], 8),
        "Tenant": blank_required(
            full_name(v, "surname_first"), rows, rates, "arrears", ext, "tenant", "full_name"
        ),
        "Date of Birth": dates(v.dob, "%d/%m/%Y", rows, rates, "arrears", ext, "tenant", "dob"),
        "Address": pop.a_line1[address[i]],
        "Post Code": pop.a_postcode[address[i]],
        "Tenure": codes(tenure[i], TENURE, rows, rates, "arrears", "SO", ext, "tenant", "tenure"),
        "Balance Date": dates(np.where(is_notice[i], NA, when[i]).astype(np.int32), "%d/%m/%Y"),
        "Arrears (£)": np.where(is_notice[i], "", np.char.mod("%.2f", amount[i])),
        "Notice": np.where(
            notice[i] >= 0, np.array([NOTICE[c] for c in NOTICES])[np.maximum(notice[i], 0)], ""
        ),
        "Notice Date": dates(np.where(is_notice[i], when[i], NA).astype(np.int32), "%d/%m/%Y"),
    }
    one_person_per_row(ext, rows, v, "tenant", person[i])
    return ext


@dataclass
class Tenancies:
    """Council and housing association tenancies begun by the delivery date: one per family and address,
    with its lead tenant (the adult member who came first, oldest on a tie)."""

    key: np.ndarray  # family << 24 | address, sorted
    address: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lead: np.ndarray
    snapshot: np.ndarray  # the day the delivery describes (the last day of an ended tenancy)
    rid: np.ndarray  # the tenancy's record id
    members: np.ndarray  # membership rows of social tenancies (lead tenants and occupants)


def social_tenancies(ctx: Context) -> Tenancies:
    pop = ctx.pop
    social = (
        np.isin(pop.a_tenure[pop.m_address], (1, 2))
        & (pop.m_start <= ctx.delivery)
        & ~np.isin(pop.m_role, (NRP, LODGER))
    )
    rows_m = np.flatnonzero(social)
    tkey = pop.m_family[rows_m] * (1 << 24) + pop.m_address[rows_m]
    uniq, inverse = np.unique(tkey, return_inverse=True)
    start = np.full(uniq.size, OPEN, np.int64)
    end = np.zeros(uniq.size, np.int64)
    np.minimum.at(start, inverse, pop.m_start[rows_m])
    np.maximum.at(end, inverse, pop.m_end[rows_m])
    # lead tenant: the adult member who came first (oldest on a tie)
    adult = np.isin(pop.m_role[rows_m], (PARENT, PARTNER, SINGLE, GRANDPARENT))
    rank = (
        np.where(adult, 0, 1) * (1 << 40)
        + (pop.m_start[rows_m].astype(np.int64) + 200_000) * (1 << 18)
        + (pop.dob[pop.m_person[rows_m]].astype(np.int64) + 100_000) // 4
    )
    order = np.lexsort((rank, inverse))
    first = order[np.searchsorted(inverse[order], np.arange(uniq.size))]
    lead = pop.m_person[rows_m][first]
    ok = adult[first]
    uniq, start, end, lead = uniq[ok], start[ok], end[ok], lead[ok]
    address = uniq % (1 << 24)
    family = uniq // (1 << 24)
    snapshot = np.minimum(ctx.delivery, end - 1).astype(np.int32)
    rid = address.astype(np.int64) * 64 + family % 64
    return Tenancies(uniq, address, start, end, lead, snapshot, rid, rows_m)


def tenancies(ctx: Context) -> Extract:
    """Council and housing association tenancies as they stand on the delivery date."""
    pop, rates = ctx.pop, TENANCY_RATES
    t = social_tenancies(ctx)
    uniq, address, start, end, lead, snapshot, rid, rows_m = (
        t.key,
        t.address,
        t.start,
        t.end,
        t.lead,
        t.snapshot,
        t.rid,
        t.members,
    )
    rows = select_rows(ctx, rid, start, start, rates, "tenancy")
    i = rows.take
    ext = Extract("housing_tenancies", "housing_tenancies.csv", "csv")
    v = view_of(ctx, rows, lead[i], snapshot[i], rates, "tenancy")
    # other occupants on the snapshot date, oldest first
    m_key = pop.m_family[rows_m] * (1 << 24) + pop.m_address[rows_m]
    occ_rows = np.flatnonzero(np.isin(m_key, uniq))
    tpos = np.searchsorted(uniq, m_key[occ_rows])
    occ_person = pop.m_person[rows_m][occ_rows]
    occ_start = pop.m_start[rows_m][occ_rows]
    occ_end = pop.m_end[rows_m][occ_rows]
    # expand: output row r has base tenancy i[r]; join occupants of that tenancy covering its snapshot
    by_t = np.argsort(tpos, kind="stable")
    tpos_s, person_s, s_s, e_s = tpos[by_t], occ_person[by_t], occ_start[by_t], occ_end[by_t]
    lo = np.searchsorted(tpos_s, i, "left")
    hi = np.searchsorted(tpos_s, i, "right")
    count = hi - lo
    out_row = np.repeat(np.arange(rows.n), count)
    src = np.repeat(lo, count) + (np.arange(out_row.size) - np.repeat(np.cumsum(count) - count, count))
    snap = snapshot[i][out_row]
    live = (s_s[src] <= snap) & (snap < e_s[src]) & (person_s[src] != lead[i][out_row])
    out_row, occupant = out_row[live], person_s[src][live]
    occupant, uidx = _unique_pairs(out_row, occupant, pop.dob)
    out_row = uidx
    pos = np.arange(out_row.size) - np.searchsorted(out_row, out_row)
    sub = Rows(take=i[out_row], dup=rows.dup[out_row], keys=rows.keys[out_row] * 16 + pos)
    ov = view_of(ctx, sub, occupant, snapshot[i][out_row], rates, "occupant")
    text = np.char.add(
        np.char.add(np.char.add(ov.first, " "), upper(ov.surname)),
        np.char.add(np.char.add(" (", dates(ov.dob, "%d/%m/%Y")), ")"),
    )
    cell = pc.binary_join(nested_lists(out_row, text, rows.n), "; ")
    tenure_label = {1: "Council", 2: "Housing Association"}
    ext.columns = {
        "TenancyRef": ids("TEN", rid[i] + np.where(rows.dup == 1, 90_000_000, 0), 9),
        "LeadFirstName": v.first,
        "LeadSurname": blank_required(v.surname, rows, rates, "tenancy", ext, "lead_tenant", "surname"),
        "LeadDOB": dates(v.dob, "%Y-%m-%d", rows, rates, "tenancy", ext, "lead_tenant", "dob"),
        "LeadNINO": v.ni,
        "Address1": pop.a_line1[address[i]],
        "Postcode": np.where(v.postcode == "", "", pop.a_postcode[address[i]]),
        "Tenure": np.array([tenure_label[t] for t in pop.a_tenure[address[i]].tolist()])
        if rows.n
        else np.array([], str),
        "TenancyStart": dates(start[i].astype(np.int32), "%Y-%m-%d"),
        "TenancyEnd": dates(np.where(end[i] <= ctx.delivery, end[i], NA).astype(np.int32), "%Y-%m-%d"),
        "OtherOccupants": cell.fill_null(""),
    }
    row_mentions(ext, "lead_tenant", lead[i])
    ext.mentions.append(Mentions("occupant", out_row, pos, occupant))
    record_view_errors(ext, v, np.arange(rows.n), "lead_tenant")
    record_view_errors(ext, ov, out_row, "occupant", pos)
    record_duplicates(ext, rows, "lead_tenant")
    return ext


def _unique_pairs(row: np.ndarray, person: np.ndarray, dob: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occupants once per row (a move splits a membership), ordered by row then oldest first."""
    order = np.lexsort((person, dob[person], row))
    row, person = row[order], person[order]
    keep = np.ones(row.size, bool)
    keep[1:] = (row[1:] != row[:-1]) | (person[1:] != person[:-1])
    return person[keep], row[keep]


def homelessness(ctx: Context) -> Extract:
    a, rates = ctx.history.approaches, HOMELESS_RATES
    person, when, duty = a.col("person"), a.col("date"), a.col("duty")
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 3, when, rates, "homeless")
    i = rows.take
    ext = Extract(
        "homelessness_approaches",
        "homelessness_approaches.xlsx",
        "excel",
        title_lines=["Housing Options - homelessness approaches (H-CLIC case list)", ""],
        sheets=["Prevention duty", "Relief duty", "Other approaches"],
        date_columns=("Approach Date",),
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "homeless")
    ext.sheet = np.array([DUTY_SHEET[DUTIES[d]] for d in duty[i].tolist()], np.int64)
    serial = dates(v.dob, "excel_serial")
    ext.columns = {
        "Case Ref": ids("HO", rid[i] + np.where(rows.dup == 1, 500_000, 0), 6),
        "Forename": v.first,
        "Surname": v.surname,
        "DOB": np.array([int(s) if s else None for s in serial.tolist()], dtype=object),
        "Gender": codes(
            v.sex, ["Male", "Female"], rows, rates, "homeless", "Prefer not to say", ext, "applicant", "sex"
        ),
        "Ethnicity": codes(
            v.origin,
            names.ORIGIN_TEXT,
            rows,
            rates,
            "homeless-eth",
            "Gypsy/Roma",
            ext,
            "applicant",
            "ethnicity",
        ),
        "Approach Date": when[i],
        "Duty": np.array([DUTY_LABEL[DUTIES[d]] for d in duty[i].tolist()]) if rows.n else np.array([], str),
        "In TA": np.where(a.col("ta")[i].astype(bool), "Yes", "No"),
        "Last Settled Postcode": v.postcode,
    }
    one_person_per_row(ext, rows, v, "applicant", person[i])
    return ext
