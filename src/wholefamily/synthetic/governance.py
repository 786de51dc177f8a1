"""The synthetic authority's governance files: its sharing agreements register (one agreement per partner
agency, covering every source the generator writes, in force from a year before the first delivery and due
for review six months after the last) and its retention rules."""

from __future__ import annotations

import datetime as dt

import yaml

AUTHORITY = "Synthetic Borough Council"
PARTNERS = {
    "childrens_social_care": "Synthetic Borough Council children's services",
    "dwp": "Department for Work and Pensions",
    "education": "Synthetic Borough schools and the education service",
    "health": "Synthetic Integrated Care Board and NHS trusts",
    "housing": "Synthetic Borough Council housing service",
    "police": "Synthetic Constabulary",
    "youth_justice": "Synthetic Youth Justice Service",
}
#: Special category data by source; the rest share none.
SPECIAL = {
    "health_visiting": ["health"],
    "maternity_antenatal": ["health"],
    "mental_health_referrals": ["health", "mental_health"],
    "substance_misuse": ["health", "substance_use"],
}
CRIMINAL_OFFENCE_AGENCIES = {"police", "youth_justice"}
SAFEGUARDING = "Part 2 paragraph 18: safeguarding of children and of individuals at risk"


def agreements_yaml(sources: list[tuple[str, str]], first_delivery: dt.date, today: dt.date) -> str:
    """The register for sources given as (source id, agency), as YAML text."""
    by_agency: dict[str, list[str]] = {}
    for source, agency in sources:
        by_agency.setdefault(agency, []).append(source)
    agreements = []
    for agency, covered in sorted(by_agency.items()):
        special = sorted({c for s in covered for c in SPECIAL.get(s, [])})
        criminal = agency in CRIMINAL_OFFENCE_AGENCIES
        agreement: dict[str, object] = {
            "id": f"isa-{agency.replace('_', '-')}",
            "title": f"Supporting Families data sharing: {PARTNERS.get(agency, agency)}",
            "parties": [AUTHORITY, PARTNERS.get(agency, agency)],
            "sources": sorted(covered),
            "purposes": ["identification", "casework", "claims", "evaluation"],
            "legal_basis": "public_task",
        }
        if special:
            agreement |= {"special_categories": special, "article_9_condition": "substantial_public_interest"}
        if criminal:
            agreement["criminal_offence_data"] = True
        if special or criminal:
            agreement["schedule_1_condition"] = SAFEGUARDING
        agreement |= {
            "starts": first_delivery - dt.timedelta(days=365),
            "review_by": today + dt.timedelta(days=183),
            "document": f"ISA/{agency.upper()}/2026 (synthetic)",
        }
        agreements.append(agreement)
    register = {
        "refuse_after_agreement_ends": True,
        "council_sources": ["casework_referrals"],
        "agreements": agreements,
    }
    header = (
        "# Sharing agreements register of the synthetic authority (written by `wholefamily generate`).\n"
        "# Ingest warns about a delivery with no agreement in force and refuses one after its agreement ends.\n"
    )
    return header + yaml.safe_dump(register, sort_keys=False, allow_unicode=True)


#: Example periods for the synthetic authority only: a council sets its own with its data protection officer.
RETENTION_YAML = """\
# Retention rules of the synthetic authority (written by `wholefamily generate`): example periods only.
# `wholefamily governance retention --dry-run` lists what has passed its period; `--apply` removes it.
rules:
  - records: partner_deliveries
    keep_days: 2190
    why: six years after delivery, the longest a claim's evidence may be asked for (example)
  - records: reports
    keep_days: 730
    why: data-quality reports hold samples of raw values; two years is enough to follow up a partner
  - records: returns
    keep_days: 2555
    why: returns to the department, kept seven years after the period (example)
  - records: subject_access_packs
    keep_days: 365
    why: a pack left behind after its request was answered (example)
  # The casework site's records (applied when the workspace has a site):
  - records: closed_cases
    keep_days: 2555
    why: seven years after the case closed, then a tombstone of dates and codes (example)
  - records: documents
    keep_days: 1095
    why: documents filed on a closed case, three years after closure (example)
  - records: audit_entries
    keep_days: 2555
    why: who saw and changed what, seven years (example)
  - records: exports
    keep_days: 30
    why: the record of an export asked for, and its file if still there (example)
"""
