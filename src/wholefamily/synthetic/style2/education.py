"""Schools, style 2: attendance in days from the pupil database (pipe-delimited, every value quoted, no
postcode), the pupils' main contact from the MIS (one contact at most, stale addresses) and exclusions
in a workbook with a sheet per phase, sessions instead of days and dates of birth as serial numbers."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic.dates import age_at, date_of
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.noise import uniform
from wholefamily.synthetic.partners.carers import carers
from wholefamily.synthetic.partners.common import (
    Context,
    Rows,
    address_line,
    blank_required,
    codes,
    dates,
    ids,
    one_person_per_row,
    pick,
    record_view_errors,
    select_rows,
    upper,
    view_of,
)
from wholefamily.synthetic.partners.education import _on_roll
from wholefamily.synthetic.style2.common import abroad, forenames, iso_midnight, whole_name
from wholefamily.synthetic.view import ErrorRates

PUPIL_RATES = ErrorRates(typo=0.01, stale_address=0.02, moved_late=0.5, missing_postcode=0.03)
CONTACT_RATES = ErrorRates(typo=0.015, nickname=0.1, stale_address=0.05, moved_late=0.6, missing_postcode=0.1)
SUSPENSION_RATES = ErrorRates(typo=0.015, missing_dob=0.005, duplicate=0.006, exact_duplicate=0.002)
#: Share of pupils whose main contact the school's extract carries.
CONTACT_HELD = 0.8
TERM_NAME = {"autumn": "Autumn", "spring": "Spring", "summer": "Summer"}


def _term_labels(terms: list[tuple[str, int, int, int]]) -> np.ndarray:
    """'2024/25 Spring' for the vocabulary's '2025-spring' (the academic year, then the term)."""
    out = []
    for label, *_ in terms:
        year, name = label.split("-")
        first = int(year) - (name != "autumn")
        out.append(f"{first}/{(first + 1) % 100:02d} {TERM_NAME[name]}")
    return np.array(out or [""])


def attendance(ctx: Context) -> Extract:
    h, rates = ctx.history, PUPIL_RATES
    a = h.attendance
    person, term = a.col("person"), a.col("term")
    start = np.array([t[1] for t in h.terms], np.int32)
    end = np.array([t[2] for t in h.terms], np.int32)
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, end[term] + 14, term, rates, "s2-attendance")
    i = rows.take
    ext = Extract("school_attendance", f"attendance_{date_of(ctx.delivery):%Y%m%d}.txt", "csv", delimiter="|")
    ext.quoting = "all_valid"
    v = view_of(ctx, rows, person[i], start[term[i]], rates, "s2-attendance")
    half = {k: np.char.mod("%.1f", a.col(k)[i] / 2) for k in ("possible", "missed", "unauthorised")}
    ext.columns = {
        "upn": v.upn,
        "pupil_forenames": forenames(v, upper_case=True),
        "pupil_surname": upper(blank_required(v.surname, rows, rates, "s2-att", ext, "pupil", "surname")),
        "dob": iso_midnight(
            v.dob, rows=rows, rates=rates, salt="s2-att", ext=ext, group="pupil", field_name="dob"
        ),
        "gender": codes(v.sex, ["Male", "Female"], rows, rates, "s2-att", "Not Known", ext, "pupil", "sex"),
        "term": _term_labels(h.terms)[term[i]],
        "term_start": dates(start[term[i]], "%d/%m/%Y"),
        "term_end": dates(end[term[i]], "%d/%m/%Y"),
        "days_possible": half["possible"],
        "days_absent": half["missed"],
        "days_unauthorised": half["unauthorised"],
    }
    one_person_per_row(ext, rows, v, "pupil", person[i])
    return ext


def contacts(ctx: Context) -> Extract:
    """Pupils on roll with their priority-1 contact, as the management information system exports them."""
    pop, rates = ctx.pop, PUPIL_RATES
    pupils = np.flatnonzero(pop.upn != "")
    pupils = pupils[_on_roll(pupils, pop.dob[pupils], ctx.delivery, ctx.seed)]
    rows = select_rows(ctx, pupils, np.full(pupils.size, ctx.delivery), pupils, rates, "s2-contacts")
    person = pupils[rows.take]
    when = np.full(rows.n, ctx.delivery, np.int32)
    ext = Extract(
        "school_contacts", f"MIS_Contacts_{date_of(ctx.delivery):%d%m%Y}.csv", "csv", encoding="cp1252"
    )
    v = view_of(ctx, rows, person, when, rates, "s2-contacts")
    country = abroad(ctx, v, person, rows.keys, "s2-contacts", ext, np.arange(rows.n), "pupil")
    ext.columns = {
        "Adno": np.char.zfill((person * 37 % 999_983 + np.where(rows.dup == 1, 1, 0)).astype(str), 6),
        "UPN": v.upn,
        "Legal Surname": blank_required(v.surname, rows, rates, "s2-contacts", ext, "pupil", "surname"),
        "Forenames": forenames(v),
        "DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "s2-contacts", ext, "pupil", "dob"),
        "Gender": codes(v.sex, ["M", "F"], rows, rates, "s2-contacts", "U", ext, "pupil", "sex"),
        "Address": _with_country(address_line(v, rows.keys, ctx.seed, "s2-contacts"), country),
        "Postcode": v.postcode,
    }
    one_person_per_row(ext, rows, v, "pupil", person)
    c = carers(pop, person, when, limit=1)
    keys = rows.keys[c.row] * 4 + 1
    held = uniform(keys, "s2-contact:held", ctx.seed) < CONTACT_HELD
    row, who, label = c.row[held], c.person[held], c.label[held]
    sub = Rows(take=rows.take[row], dup=rows.dup[row], keys=keys[held])
    cv = view_of(ctx, sub, who, when[row], CONTACT_RATES, "s2-contact", key_offset=3)
    title = np.where(
        ctx.pop.sex[who] == 1, np.where(uniform(sub.keys, "ms", ctx.seed) < 0.4, "Ms", "Mrs"), "Mr"
    )
    for column, values in (
        ("Priority 1 Contact", np.char.add(np.char.add(title, " "), whole_name(cv, "forename_first"))),
        ("Relationship", label),
        ("Contact Telephone", np.char.add("07700 900", np.char.zfill((who % 1000).astype(str), 3))),
    ):
        cells = np.full(rows.n, "", dtype=object)
        cells[row] = values
        ext.columns[column] = cells.astype(str)
    ext.mentions.append(Mentions("contact", row, np.zeros(row.size, np.int64), who))
    record_view_errors(ext, cv, row, "contact")
    return ext


def _with_country(line: np.ndarray, country: np.ndarray) -> np.ndarray:
    return np.where(country != "", np.char.add(np.char.add(line, ", "), country), line)


def suspensions(ctx: Context) -> Extract:
    h, rates = ctx.history, SUSPENSION_RATES
    s = h.suspensions
    person, when, permanent = s.col("person"), s.col("date"), s.col("permanent").astype(bool)
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 7, when, rates, "s2-susp")
    i = rows.take
    ext = Extract(
        "school_suspensions",
        f"Exclusions return {date_of(ctx.delivery):%B %Y}.xlsx",
        "excel",
        title_lines=[
            "WEXCOMBE LEARNING PARTNERSHIP",
            "Suspensions & Permanent Exclusions - all schools",
            f"Data as at: {date_of(ctx.delivery):%d %B %Y}",
            "",
        ],
        sheets=["Primary", "Secondary", "Special & AP"],
        date_columns=("Start",),
        date_cell_format="d mmm yyyy",
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "s2-susp")
    age = age_at(ctx.pop.dob[person[i]], when[i])
    special = uniform(rows.keys, "s2-susp:special", ctx.seed) < 0.04
    ext.sheet = np.where(special, 2, np.where(age < 11, 0, 1)).astype(np.int64)
    serial = dates(v.dob, "excel_serial")
    ext.columns = {
        "Exclusion ID": ids("X", rid[i] * 7 + 3 + np.where(rows.dup == 1, 5_000_000, 0), 8),
        "Pupil": whole_name(v, "surname_first"),
        "UPN": v.upn,
        "DOB": np.array([int(x) if x else None for x in serial.tolist()], dtype=object),
        "NCY": np.clip(age - 4, 0, 14).astype(str),
        "Start": when[i],
        "Type": np.where(permanent[i], "PERM", "FIX"),
        "Sessions": np.maximum(np.round(s.col("days")[i].astype(float) * 2), 1).astype(int),
        "Reason": pick(rows.keys, "s2-reason", ctx.seed, ["PD", "VA", "PP", "DM", "OW", "BU", "DA"]),
    }
    one_person_per_row(ext, rows, v, "pupil", person[i])
    return ext
