"""Children's social care: episodes (early help, child in need, protection, looked after) as JSON with
the child as an object and the household members, including a parent living elsewhere, in an array."""

from __future__ import annotations

import numpy as np

from wholefamily.synthetic import names
from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.extract import Extract, Mentions
from wholefamily.synthetic.needs import ABUSE, CARE
from wholefamily.synthetic.partners.common import Context, Rows, codes, dates, select_rows, view_of
from wholefamily.synthetic.population import CHILD, GRANDPARENT, LODGER, NRP, OPEN, PARENT, PARTNER, SINGLE
from wholefamily.synthetic.view import ErrorRates, format_nhs

RATES = ErrorRates(
    typo=0.01,
    nickname=0.03,
    missing_postcode=0.02,
    invalid_id=0.003,
    missing_id=0.05,
    exact_duplicate=0.0,
    duplicate=0.004,
)
STATUS = {
    "early_help": "EH",
    "child_in_need": "CIN",
    "child_protection": "CP",
    "looked_after": "LAC",
    "care_leaver": "CL",
}
CATEGORY = {
    "neglect": "Neglect",
    "emotional": "Emotional abuse",
    "physical": "Physical abuse",
    "sexual": "Sexual abuse",
    "multiple": "Multiple",
    "not_recorded": "",
}


def _relationship(role: np.ndarray, sex: np.ndarray) -> np.ndarray:
    label = {
        PARENT: ("Father", "Mother"),
        PARTNER: ("Mother's partner", "Father's partner"),
        CHILD: ("Brother", "Sister"),
        GRANDPARENT: ("Grandfather", "Grandmother"),
        NRP: ("Father (lives elsewhere)", "Mother (lives elsewhere)"),
        SINGLE: ("Other adult", "Other adult"),
    }
    return np.array([label[r][s] for r, s in zip(role.tolist(), sex.tolist(), strict=True)] or [], dtype=str)


def episodes(ctx: Context) -> Extract:
    pop, c, rates = ctx.pop, ctx.history.care, RATES
    child, start, end = c.col("person"), c.col("start"), c.col("end")
    status, abuse, family = c.col("status"), c.col("abuse"), c.col("family")
    rid = np.arange(child.size, dtype=np.int64)
    rows = select_rows(ctx, rid, start + 3, start, rates, "csc")
    i = rows.take
    ext = Extract("childrens_social_care", "childrens_social_care.json", "json")
    v = view_of(ctx, rows, child[i], start[i], rates, "csc")
    shown_end = np.where((end[i] == OPEN) | (end[i] > ctx.delivery), NA, end[i]).astype(np.int32)
    # household members at the start of the episode: the family's other members (not lodgers)
    fam_sorted = np.argsort(pop.m_family, kind="stable")
    mf = pop.m_family[fam_sorted]
    lo, hi = np.searchsorted(mf, family[i], "left"), np.searchsorted(mf, family[i], "right")
    count = hi - lo
    row = np.repeat(np.arange(rows.n), count)
    src = fam_sorted[np.repeat(lo, count) + np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)]
    t = start[i][row]
    live = (
        (pop.m_start[src] <= t)
        & (t < pop.m_end[src])
        & (pop.m_person[src] != child[i][row])
        & (pop.m_role[src] != LODGER)
    )
    row, src = row[live], src[live]
    order = np.lexsort((pop.m_person[src], pop.dob[pop.m_person[src]], row))
    row, src = row[order], src[order]
    keep = np.ones(row.size, bool)
    keep[1:] = (row[1:] != row[:-1]) | (pop.m_person[src][1:] != pop.m_person[src][:-1])
    row, src = row[keep], src[keep]
    member = pop.m_person[src]
    pos = np.arange(row.size) - np.searchsorted(row, row)
    sub = Rows(take=i[row], dup=rows.dup[row], keys=rows.keys[row] * 16 + pos)
    hv = view_of(ctx, sub, member, start[i][row], rates, "csc-household", key_offset=1)
    relation = _relationship(pop.m_role[src], pop.sex[member])
    h_name = np.char.add(np.char.add(hv.first, " "), hv.surname)
    h_dob = dates(hv.dob, "%d/%m/%Y")
    status_text = codes(
        status[i], [STATUS[s] for s in CARE], rows, rates, "csc", "S47", ext, "child", "care_status"
    )
    category = np.array([CATEGORY[a] for a in ABUSE])[abuse[i]]
    dob = dates(v.dob, "%d/%m/%Y", rows, rates, "csc", ext, "child", "dob")
    sex = codes(v.sex, ["m", "f"], rows, rates, "csc-sex", "u", None)
    eth = np.array(names.ORIGIN_DFE_CODE)[v.origin]
    nhs = format_nhs(v.nhs)
    household: list[list[dict[str, object]]] = [[] for _ in range(rows.n)]
    for k, r in enumerate(row.tolist()):
        household[r].append(
            {"name": str(h_name[k]), "dob": str(h_dob[k]) or None, "relationship": str(relation[k])}
        )
    s_start, s_end = dates(start[i], "%Y-%m-%d"), dates(shown_end, "%Y-%m-%d")
    first, surname, pcode, upn = v.first.tolist(), v.surname.tolist(), v.postcode.tolist(), v.upn.tolist()
    ext.records = [
        {
            "episode_id": f"CSC-{rid[i[r]] + (600_000 if rows.dup[r] == 1 else 0):07d}",
            "child": {
                "person_id": f"LL{child[i][r] + 200_000:07d}",
                "forename": first[r],
                "surname": surname[r],
                "dob": str(dob[r]) or None,
                "gender": str(sex[r]),
                "ethnicity": str(eth[r]),
                "nhs_number": str(nhs[r]) or None,
                "upn": upn[r] or None,
                "postcode": pcode[r] or None,
            },
            "status": str(status_text[r]),
            "category": str(category[r]) or None,
            "start_date": str(s_start[r]),
            "end_date": str(s_end[r]) or None,
            "household": household[r],
        }
        for r in range(rows.n)
    ]
    ext.json_wrapper = (
        {
            "meta": {
                "system": "Wexcombe children's case management",
                "extracted": f"{date_of(ctx.delivery):%Y-%m-%d}",
            }
        },
        "data.episodes",
    )
    ext.mentions.append(Mentions("child", np.arange(rows.n), np.zeros(rows.n, np.int64), child[i]))
    ext.mentions.append(Mentions("household", row, pos, member))
    for mask, field_name, kind in v.errors:
        ext.errors.add(np.flatnonzero(mask), "child", 0, field_name, kind)
    for mask, field_name, kind in hv.errors:
        ext.errors.add(row[mask], "household", pos[mask], field_name, kind)
    ext.errors.add(np.flatnonzero(rows.dup == 1), "child", 0, "record", "duplicate_registration")
    return ext
