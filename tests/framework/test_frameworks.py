"""The shipped frameworks load, are checked, and say plainly that their descriptors are defaults."""

from __future__ import annotations

import datetime as dt

import pytest

from wholefamily.framework.compiler import check_framework
from wholefamily.framework.model import FrameworkError, framework_from_dict, load_framework

SF_HEADLINES = [
    "education",
    "early_years",
    "health",
    "substance_use",
    "family_relationships",
    "child_safety",
    "crime",
    "domestic_abuse",
    "housing",
    "financial_stability",
]


def test_sf_2022_has_the_ten_headlines_and_three_from_three() -> None:
    fw = load_framework("sf-2022")
    check_framework(fw)
    assert fw.headline_ids == SF_HEADLINES
    assert (fw.eligibility.min_needs, fw.eligibility.min_headlines) == (3, 3)
    assert fw.eligibility.expectant_parent is not None
    assert all(d.default for d in fw.descriptors), "every shipped descriptor is a council-changeable default"
    assert {m.headline for m in fw.outcome_measures} == set(SF_HEADLINES)


def test_october_2022_renames_are_dated_labels() -> None:
    heads = {h.id: h for h in load_framework("sf-2022").headlines}
    assert heads["crime"].label_on(dt.date(2022, 6, 1)) == "Families diverted from crime"
    assert heads["crime"].label_on(dt.date(2022, 10, 3)) == "Crime prevention and tackling crime"
    assert heads["substance_use"].label_on(dt.date(2023, 1, 1)).startswith("Promoting recovery")


def test_tf_2015_is_two_of_six_with_published_thresholds() -> None:
    fw = load_framework("tf-2015")
    check_framework(fw)
    assert len(fw.headlines) == 6
    assert (fw.eligibility.min_needs, fw.eligibility.min_headlines) == (2, 2)
    assert fw.eligibility.expectant_parent is None
    rules = {d.id: d for d in fw.descriptors}
    assert "0.10" in (rules["persistent_absence"].having or "")
    assert "count(*) >= 3" in (rules["exclusions"].having or "")
    assert rules["proven_offence"].lookback_days == 365


def test_unknown_framework_and_bad_references_are_reported() -> None:
    with pytest.raises(FrameworkError, match="unknown framework"):
        load_framework("tf-1999")
    data = load_framework("tf-2015").model_dump()
    data["descriptors"][0]["headline"] = "nowhere"
    data["priority"]["serious_headlines"] = ["nowhere_else"]
    with pytest.raises(FrameworkError) as caught:
        framework_from_dict(data, "broken.yaml")
    text = str(caught.value)
    assert "proven_offence: unknown headline 'nowhere'" in text and "nowhere_else" in text
