"""The style-2 source configs shipped with the synthetic authority load and use the source ids and people
groups that the partners' notes ask for (the evaluation joins on them)."""

from __future__ import annotations

from pathlib import Path

import wholefamily
from wholefamily.ingest.config import load_source_configs

FOLDER = Path(wholefamily.__file__).parent / "synthetic" / "sources_style2"

EXPECTED = {
    "school_attendance": {"pupil"},
    "school_contacts": {"pupil", "contact"},
    "school_suspensions": {"pupil"},
    "police_incidents": {"person"},
    "youth_offending": {"young_person"},
    "dwp_benefits": {"claimant"},
    "rent_arrears": {"tenant"},
    "housing_tenancies": {"lead_tenant"},
    "homelessness_approaches": {"applicant", "household"},
    "mental_health_referrals": {"patient"},
    "substance_misuse": {"client"},
    "health_visiting": {"child", "carer"},
    "maternity_antenatal": {"mother", "partner"},
    "childrens_social_care": {"child", "household"},
}


def test_style2_configs_load_with_the_agreed_names() -> None:
    configs = load_source_configs(FOLDER)
    assert {c.source: {g.name for g in c.people} for c in configs} == EXPECTED


def test_the_council_person_id_is_one_identifier_type_across_sources() -> None:
    carriers = {
        c.source
        for c in load_source_configs(FOLDER)
        for g in c.people
        if "council_person_id" in g.identifiers
    }
    assert carriers == {
        "youth_offending",
        "housing_tenancies",
        "homelessness_approaches",
        "childrens_social_care",
    }


def test_the_tenancy_list_gives_each_tenancy_its_start_and_end() -> None:
    """Ended tenancies stay on the list: only their dates tell a tenant's old home from his current one."""
    (config,) = [c for c in load_source_configs(FOLDER) if c.source == "housing_tenancies"]
    (event,) = config.events
    assert event.kind == "tenancy"
    assert event.date.column == "Start Date"
    assert event.end_date is not None and event.end_date.column == "End Date"
