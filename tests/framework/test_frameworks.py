"""The shipped frameworks load, are checked, and say plainly that their descriptors are defaults."""

from __future__ import annotations

import datetime as dt

import pytest

from wholefamily.framework.compiler import check_framework
from wholefamily.framework.model import (
    FrameworkDateError,
    FrameworkError,
    framework_from_dict,
    load_framework,
)

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
    assert all(d.outcome and d.outcome.default for d in fw.descriptors), "every need has a default measure"
    assert {d.headline for d in fw.descriptors if d.outcome} == set(SF_HEADLINES)


def test_a_framework_runs_only_inside_its_dates() -> None:
    fw = load_framework("sf-2022")
    fw.check_date(fw.valid_from)
    with pytest.raises(
        FrameworkDateError,
        match=r"framework sf-2022 .* applies from 2022-10-03 to \(still in force\), not on 2022-10-02",
    ):
        fw.check_date(dt.date(2022, 10, 2))
    ended = fw.model_copy(update={"valid_to": dt.date(2025, 3, 31)})
    ended.check_date(dt.date(2025, 3, 31))
    with pytest.raises(FrameworkDateError, match="from 2022-10-03 to 2025-03-31, not on 2025-04-01"):
        ended.check_date(dt.date(2025, 4, 1))


def test_outcome_fragments_are_checked_like_descriptors() -> None:
    data = load_framework("sf-2022").model_dump()
    data["descriptors"][0]["outcome"]["breaks"] = "secret_column > 1"
    data["descriptors"][1]["outcome"]["where"] = "count(*) > 1"
    data["descriptors"][2]["outcome"]["kinds"] = ["tarot_reading"]
    with pytest.raises(FrameworkError) as caught:
        check_framework(framework_from_dict(data, "broken.yaml"))
    text = str(caught.value)
    assert "persistent_absence.outcome, breaks (line 1, column 1): unknown column 'secret_column'" in text
    assert "suspensions.outcome, where" in text and "belongs in `having`" in text
    assert "development_concern.outcome, kinds: unknown event kind 'tarot_reading'" in text


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
