"""Schools: termly attendance per pupil (CSV, UTF-8 with BOM), the pupils' contacts (CSV, one row per pupil
on roll) and suspensions (Excel, two sheets).

Schools send contacts in their own extract, not on every attendance row: a pupil has one contact list, and
repeating it for every term would multiply the person mentions of parents about sixfold.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from wholefamily.synthetic import names
from wholefamily.synthetic.dates import age_at, date_of, day
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
    full_name,
    ids,
    one_person_per_row,
    pick,
    record_view_errors,
    select_rows,
    view_of,
)
from wholefamily.synthetic.view import ErrorRates

#: The schools' information system holds the pupil; attendance and contact extracts come from it.
PUPIL_RATES = ErrorRates(typo=0.008, stale_address=0.12, missing_postcode=0.02)
#: Contacts are keyed from admission forms: nicknames, slips, and addresses not updated after a move.
CONTACT_RATES = ErrorRates(typo=0.012, nickname=0.08, missing_postcode=0.08, stale_address=0.15)
#: Share of pupils whose second contact the school holds (a father living elsewhere: less often).
SECOND_CONTACT, SECOND_CONTACT_AWAY, NO_CONTACT = 0.9, 0.6, 0.02
#: Share of 16- and 17-year-olds on roll at a school sixth form (the others study at a college).
SIXTH_FORM = 0.4
SUSPENSION_RATES = ErrorRates(typo=0.015, missing_postcode=0.0, duplicate=0.008, exact_duplicate=0.0)


def _pupil_ids(person: np.ndarray, rows: Rows) -> np.ndarray:
    """The school's pupil id (a re-keyed duplicate registration has another)."""
    return ids("P", person + 100_000 + np.where(rows.dup == 1, 5_000_000, 0))


def attendance(ctx: Context) -> Extract:
    h, rates = ctx.history, PUPIL_RATES
    a = h.attendance
    person, term = a.col("person"), a.col("term")
    term_start = np.array([t[1] for t in h.terms], np.int32)
    term_end = np.array([t[2] for t in h.terms], np.int32)
    labels = np.array([t[0] for t in h.terms])
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, term_end[term] + 14, term, rates, "attendance")
    i = rows.take
    ext = Extract("school_attendance", "school_attendance.csv", "csv", encoding="utf-8-sig")
    v = view_of(ctx, rows, person[i], term_start[term[i]], rates, "attendance")
    ext.columns = {
        "PupilID": _pupil_ids(person[i], rows),
        "UPN": v.upn,
        "Forename": v.first,
        "MiddleNames": v.middle,
        "Surname": blank_required(v.surname, rows, rates, "attendance", ext, "pupil", "surname"),
        "DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "attendance", ext, "pupil", "dob"),
        "Gender": codes(v.sex, ["M", "F"], rows, rates, "attendance", "X", ext, "pupil", "sex"),
        "Ethnicity": codes(
            v.origin, names.ORIGIN_DFE_CODE, rows, rates, "attendance-eth", "ZZZZ", ext, "pupil", "ethnicity"
        ),
        "Postcode": v.postcode,
        "AcademicTerm": labels[term[i]],
        "TermStart": dates(term_start[term[i]], "%Y-%m-%d"),
        "TermEnd": dates(term_end[term[i]], "%Y-%m-%d"),
        "PossibleSessions": a.col("possible")[i],
        "SessionsMissed": a.col("missed")[i],
        "UnauthorisedSessions": a.col("unauthorised")[i],
        "Address1": address_line(v, rows.keys, ctx.seed, "attendance"),
    }
    one_person_per_row(ext, rows, v, "pupil", person[i])
    return ext


def contacts(ctx: Context) -> Extract:
    """One row per pupil on roll at the delivery date: the pupil as the school holds them and their first
    and second contacts, with each contact's name written "SURNAME, Forename"."""
    pop, rates = ctx.pop, PUPIL_RATES
    pupils = np.flatnonzero(pop.upn != "")
    pupils = pupils[_on_roll(pupils, pop.dob[pupils], ctx.delivery, ctx.seed)]
    rows = select_rows(ctx, pupils, np.full(pupils.size, ctx.delivery), pupils, rates, "contacts")
    person = pupils[rows.take]
    when = np.full(rows.n, ctx.delivery, np.int32)
    ext = Extract("school_contacts", "school_contacts.csv", "csv")
    v = view_of(ctx, rows, person, when, rates, "contacts")
    ext.columns = {
        "PupilID": _pupil_ids(person, rows),
        "UPN": v.upn,
        "Legal Surname": blank_required(v.surname, rows, rates, "contacts", ext, "pupil", "surname"),
        "Legal Forename": v.first,
        "Middle Names": v.middle,
        "DOB": dates(v.dob, "%d/%m/%Y", rows, rates, "contacts", ext, "pupil", "dob"),
        "Gender": codes(v.sex, ["M", "F"], rows, rates, "contacts", "X", ext, "pupil", "sex"),
        "Address Line 1": address_line(v, rows.keys, ctx.seed, "contacts"),
        "Postcode": v.postcode,
    }
    one_person_per_row(ext, rows, v, "pupil", person)
    _contacts(ctx, ext, rows, person, when)
    return ext


def _on_roll(pupils: np.ndarray, dob: np.ndarray, on: int, seed: int) -> np.ndarray:
    """On a school's roll in the academic year holding ``on``: aged 4 to 15 on the 31 August before it,
    or 16 to 17 and in the sixth form."""
    today = date_of(on)
    aug31 = day(dt.date(today.year - (today.month < 9), 8, 31))
    age = age_at(dob, np.full(dob.size, aug31, np.int32))
    sixth_form = (age >= 16) & (age <= 17) & (uniform(pupils, "sixth_form", seed) < SIXTH_FORM)
    return np.asarray(((age >= 4) & (age <= 15)) | sixth_form)


def _contacts(ctx: Context, ext: Extract, rows: Rows, pupil: np.ndarray, when: np.ndarray) -> None:
    """The pupil's first and second contacts: name, relationship and postcode of each."""
    c = carers(ctx.pop, pupil, when)
    keys = rows.keys[c.row] * 4 + c.position
    held = uniform(keys, "contact:held", ctx.seed) >= np.where(
        c.position == 0, NO_CONTACT, 1 - np.where(c.lives_elsewhere, SECOND_CONTACT_AWAY, SECOND_CONTACT)
    )
    for position, group in ((0, "contact"), (1, "second_contact")):
        at = np.flatnonzero(held & (c.position == position))
        row = c.row[at]
        sub = Rows(take=rows.take[row], dup=rows.dup[row], keys=keys[at])
        cv = view_of(ctx, sub, c.person[at], when[row], CONTACT_RATES, f"contact{position}", key_offset=3)
        for column, values in (
            ("Name", full_name(cv, "surname_first")),
            ("Relationship", c.label[at]),
            ("Postcode", cv.postcode),
        ):
            cells = np.full(rows.n, "", dtype=object)
            cells[row] = values
            ext.columns[f"Contact {position + 1} {column}"] = cells.astype(str)
        ext.mentions.append(Mentions(group, row, np.zeros(row.size, np.int64), c.person[at]))
        record_view_errors(ext, cv, row, group)


def suspensions(ctx: Context) -> Extract:
    h, rates = ctx.history, SUSPENSION_RATES
    s = h.suspensions
    person, when, permanent = s.col("person"), s.col("date"), s.col("permanent").astype(bool)
    rid = np.arange(person.size, dtype=np.int64)
    rows = select_rows(ctx, rid, when + 7, when, rates, "suspensions")
    i = rows.take
    ext = Extract(
        "school_suspensions",
        "school_suspensions.xlsx",
        "excel",
        title_lines=[
            "Wexcombe Council Education Service",
            f"Suspensions and permanent exclusions, extract of {date_of(ctx.delivery):%d/%m/%Y}",
            "",
        ],
        sheets=["Suspensions", "Permanent exclusions"],
        date_columns=("Date of Birth", "Start Date"),
    )
    v = view_of(ctx, rows, person[i], when[i], rates, "suspensions")
    ext.sheet = permanent[i].astype(np.int64)
    ext.columns = {
        "Ref": ids("EX", rid[i] + np.where(rows.dup == 1, 900_000, 0), 6),
        "UPN": v.upn,
        "Pupil Name": full_name(v, "surname_first"),
        "Date of Birth": v.dob,
        "Sex": codes(
            v.sex, ["Male", "Female"], rows, rates, "suspensions", "Unspecified", ext, "pupil", "sex"
        ),
        "Category": np.where(permanent[i], "Permanent exclusion", "Suspension"),
        "Start Date": when[i],
        "Days": s.col("days")[i].astype(float),
        "Reason": pick(
            rows.keys,
            "reason",
            ctx.seed,
            [
                "Persistent disruptive behaviour",
                "Verbal abuse of adult",
                "Physical assault against pupil",
                "Damage",
                "Use or threat of use of an offensive weapon",
                "Bullying",
            ],
        ),
    }
    one_person_per_row(ext, rows, v, "pupil", person[i])
    return ext
