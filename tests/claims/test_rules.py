"""The claim rules as data: shipped defaults, a local file over them, and what a local file may not do."""

from __future__ import annotations

from pathlib import Path

import pytest

from wholefamily.claims.errors import ClaimsError
from wholefamily.claims.period import parse_period
from wholefamily.claims.rules import load_rules


def test_the_defaults_are_labelled_and_a_local_file_changes_them(tmp_path: Path) -> None:
    defaults = load_rules("sf-2022")
    assert defaults.default and defaults.files == ["claims-sf-2022.yaml"]
    assert (defaults.settings.min_needs, defaults.settings.count, defaults.settings.earned_autonomy) == (
        3,
        "needs",
        False,
    )
    assert all(rule.label and rule.why for rule in defaults.rules.values())
    local = tmp_path / "local.yaml"
    local.write_text(
        "settings:\n  count: headlines\nrules:\n  not_claimed_before:\n    enabled: false\n", "utf-8"
    )
    changed = load_rules("sf-2022", local)
    assert not changed.default and changed.files == ["claims-sf-2022.yaml", str(local)]
    assert changed.settings.count == "headlines" and changed.settings.min_needs == 3
    assert "not_claimed_before" not in changed.enabled()
    assert changed.rules["not_claimed_before"].label == defaults.rules["not_claimed_before"].label


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("settings:\n  min_needs: 0\n", "settings.min_needs: Input should be greater than or equal to 1"),
        ("rules:\n  invented:\n    label: x\n    why: y\n", "rules.invented"),
        ("payments: 800\n", "unknown keys payments"),
        ("framework: tf-2015\n", "framework tf-2015 is not sf-2022"),
    ],
)
def test_a_local_file_is_checked(tmp_path: Path, text: str, message: str) -> None:
    local = tmp_path / "local.yaml"
    local.write_text(text, "utf-8")
    with pytest.raises(ClaimsError, match=message):
        load_rules("sf-2022", local)


def test_periods_are_calendar_quarters() -> None:
    q = parse_period("2027Q4")
    assert (q.name, q.start.isoformat(), q.end.isoformat()) == ("2027Q4", "2027-10-01", "2027-12-31")
    with pytest.raises(ClaimsError, match="such as 2027Q1"):
        parse_period("2027-Q1")
