"""Partner events in words for the casework timeline, their sensitivity, and member roles."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wholefamily.publish.records import casework_role
from wholefamily.publish.titles import event_detail, event_title, sensitive_values
from wholefamily.vocabulary import load_vocabulary


@pytest.mark.parametrize(
    ("kind", "values", "title"),
    [
        (
            "school_attendance",
            {"term": "2025-autumn", "sessions_possible": 150, "sessions_missed": 14},
            "School attendance, autumn 2025: 14 of 150 sessions missed",
        ),
        (
            "police_incident",
            {"incident_type": "domestic_abuse", "incident_role": "victim"},
            "Police incident (domestic abuse): victim",
        ),
        (
            "police_incident",
            {"incident_type": "asb", "incident_role": "suspect"},
            "Police incident (anti-social behaviour): suspect",
        ),
        (
            "school_suspension",
            {"exclusion_type": "suspension", "days": Decimal("2.50")},
            "Suspension from school: 2.5 days",
        ),
        ("school_suspension", {"exclusion_type": "permanent_exclusion"}, "Permanent exclusion from school"),
        (
            "early_help_episode",
            {
                "episode_reason": "Parenting support",
                "episode_end_reason": "Outcomes met",
                "source_system": "Mosaic",
            },
            "Early help episode: Parenting support; ended: Outcomes met (Mosaic)",
        ),
        (
            "early_help_episode",
            {"episode_reason": "School attendance"},
            "Early help episode: School attendance",
        ),
        (
            "benefit_spell",
            {"benefit": "universal_credit", "out_of_work": True},
            "Universal Credit (out of work)",
        ),
        (
            "rent_arrears",
            {"amount_gbp": Decimal("1234.5"), "tenure": "council"},
            "Rent arrears: £1,234.50 (council tenancy)",
        ),
        (
            "health_visiting_review",
            {"review_type": "antenatal", "expected_delivery_date": dt.date(2026, 3, 1)},
            "Antenatal contact: baby due 1 March 2026",
        ),
        (
            "care_status",
            {"care_status": "child_protection", "abuse_category": "neglect"},
            "Children's social care: child protection plan (neglect)",
        ),
        (
            "service_contact",
            {"service": "substance_misuse", "substance": "alcohol"},
            "Contact with the substance misuse service (alcohol)",
        ),
        ("tenancy", {"tenure": "housing_association"}, "Tenancy (housing association)"),
        ("tenancy", {"tenure": None}, "Tenancy"),
        ("new_kind", {"colour": "blue_green"}, "New kind: colour blue green"),
    ],
)
def test_titles_in_plain_english(kind: str, values: dict[str, object], title: str) -> None:
    assert event_title(kind, values) == title


def test_every_vocabulary_kind_has_its_own_wording() -> None:
    for name, kind in load_vocabulary().kinds.items():
        title = event_title(name, dict.fromkeys(kind.fields))
        assert title[0].isupper() and ":" not in title, (name, title)


def test_detail_says_when_and_which_record() -> None:
    start = dt.date(2025, 9, 1)
    assert event_detail("C1", start, None, period=True) == "From 1 Sep 2025, still open. Partner record C1."
    assert event_detail("C1", start, dt.date(2025, 12, 20), period=True).startswith(
        "1 Sep 2025 to 20 Dec 2025"
    )
    assert event_detail("WX-1", start, None, period=False) == "1 Sep 2025. Partner record WX-1."


def test_domestic_abuse_and_categories_of_abuse_are_sensitive() -> None:
    assert sensitive_values({"incident_type": "domestic_abuse", "incident_role": "witness"})
    assert sensitive_values({"care_status": "child_protection", "abuse_category": "emotional"})
    assert not sensitive_values({"care_status": "child_protection", "abuse_category": "not_recorded"})
    assert not sensitive_values({"incident_type": "theft", "incident_role": "victim"})


def test_family_roles_map_to_casework_roles() -> None:
    assert casework_role("carer", True) == "partner"
    assert casework_role("grandparent", True) == "other_adult"
    assert casework_role("other_adult", False) == "other"
    assert casework_role("non_resident_parent", False) == "non_resident_parent"
    assert casework_role("something_new", True) == "other"
