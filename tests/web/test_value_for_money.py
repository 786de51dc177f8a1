"""Value for money: the figures per cohort equal a direct computation on built casework, the council's table
replaces the default, a broken table is refused with its problems named, and only the coordinator and managers
(over their own team's families) see it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from web_world import USERS, World

from spreadsheet_checks import assert_no_formula_in_csv
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import CaseNote, Closure, Family, InterventionReferral, NeedOutcome
from wholefamily.web.value_for_money import table
from wholefamily.web.value_for_money.pages import CSV_FIELDS

COUNCIL_TABLE = """
contact_hours: {home_visit: 1.5, meeting: 1.5, virtual: 1.0, phone: 0.5}
figures:
  - {key: kw, figure: Keyworker hour, unit: per hour, value: 40, price_base: 2025/26, category: fiscal,
     applies_to: keyworker_hour, source: "Council finance team, 2025 budget"}
  - {key: fgc, figure: A family group conference, unit: per family, value: 300, price_base: 2025/26,
     category: fiscal, applies_to: "intervention:family-group-conferencing", source: Council commissioning rates}
  - {key: edu_fiscal, figure: Attendance restored, unit: per need met, value: 1000, price_base: 2025/26,
     category: fiscal, applies_to: "headline:education", source: A named unit cost database}
  - {key: edu_economic, figure: Attendance restored, unit: per need met, value: 500, price_base: 2025/26,
     category: economic, applies_to: "headline:education", source: A named unit cost database}
"""


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _contact(family: Family, kind: str, day: str) -> None:
    CaseNote.objects.create(family=family, kind=kind, happened_on=dt.date.fromisoformat(day), note="Visit")


def _closure(family: Family, day: str, reason: str = Closure.Reason.OUTCOMES_MET) -> None:
    Closure.objects.create(family=family, closed_on=dt.date.fromisoformat(day), reason=reason)


def _started(family: Family, intervention: str, day: str, status: str = "completed") -> None:
    InterventionReferral.objects.create(
        family=family,
        intervention_id=intervention,
        referred_on=dt.date.fromisoformat(day) - dt.timedelta(days=7),
        started_on=dt.date.fromisoformat(day) if status != "referred" else None,
        status=status,
    )


def _outcome(family: Family, headline: str, status: str, horizon: int = Closure.SUSTAINMENT_DAYS) -> None:
    need = family.needs.get(headline=headline)
    NeedOutcome.objects.create(need=need, horizon_days=horizon, status=status, outcomes_run="outcomes-1")


@pytest.fixture
def casework(world: World) -> World:
    """North: closed in 2026Q1 and again in 2026Q2; withdrawn (North team) and south closed in 2026Q2;
    unallocated signposted at triage (not worked with)."""
    north, south, withdrawn = (world.families[n] for n in ("north", "south", "withdrawn"))
    _contact(north, "home_visit", "2026-01-05")
    _contact(north, "phone", "2026-02-01")
    _contact(north, "note", "2026-02-02")  # a note, not a contact
    _started(north, "family-group-conferencing", "2026-01-20")
    _started(north, "art-therapy", "2026-01-21", status="referred")  # never started
    _closure(north, "2026-02-10")
    _contact(north, "home_visit", "2026-03-01")
    _started(north, "art-therapy", "2026-04-01", status="started")  # no unit cost in the table
    _closure(north, "2026-05-20")
    _outcome(north, "education", "met")
    _outcome(north, "education", "met", horizon=365)  # another horizon: not counted
    _outcome(north, "domestic_abuse", "met")
    _contact(withdrawn, "virtual", "2026-06-01")
    _closure(withdrawn, "2026-06-30", Closure.Reason.DISENGAGED)
    _outcome(withdrawn, "education", "not_met")
    _contact(south, "meeting", "2026-04-10")
    _closure(south, "2026-04-15")
    _outcome(south, "domestic_abuse", "met")
    _contact(world.families["unallocated"], "phone", "2026-04-01")
    _closure(world.families["unallocated"], "2026-04-02", Closure.Reason.SIGNPOSTED)
    return world


@pytest.fixture
def council_table(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "value-for-money.yaml"
    path.write_text(COUNCIL_TABLE, encoding="utf-8")
    settings.VALUE_FOR_MONEY_TABLE = path
    return path


def _csv(client: Client) -> dict[str, dict[str, str]]:
    response = client.get("/value-for-money/value-for-money.csv")
    assert response.status_code == 200
    assert_no_formula_in_csv(response.content.decode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == list(CSV_FIELDS)
    return {r["quarter"]: r for r in rows}


def test_the_figures_equal_a_direct_computation(casework: World, council_table: Path) -> None:
    hours = {
        "home_visit": Decimal("1.5"),
        "meeting": Decimal("1.5"),
        "virtual": Decimal(1),
        "phone": Decimal("0.5"),
    }
    rows = _csv(_client(casework, "coordinator"))
    assert set(rows) == {"2026Q1", "2026Q2"}

    q1_hours = hours["home_visit"] + hours["phone"]
    q1 = rows["2026Q1"]
    assert (q1["families_closed"], q1["contacts_home_visit"], q1["contacts_phone"]) == ("1", "1", "1")
    assert Decimal(q1["keyworker_hours"]) == q1_hours
    assert Decimal(q1["keyworker_cost"]) == q1_hours * 40
    assert (q1["interventions_started"], q1["interventions_not_costed"]) == ("1", "0")
    assert Decimal(q1["intervention_cost"]) == 300
    assert Decimal(q1["total_cost"]) == q1_hours * 40 + 300
    assert q1["needs_met"] == "0"  # outcomes count for the family's latest closure only

    q2_hours = hours["home_visit"] + hours["virtual"] + hours["meeting"]
    q2 = rows["2026Q2"]
    assert q2["families_closed"] == "3"  # north, withdrawn, south; the signposted family is not counted
    assert Decimal(q2["keyworker_hours"]) == q2_hours
    assert (q2["interventions_started"], q2["interventions_not_costed"], q2["intervention_cost"]) == (
        "1",
        "1",
        "0.00",
    )
    assert (q2["needs_met"], q2["needs_met_not_valued"]) == (
        "3",
        "2",
    )  # two domestic abuse needs have no value
    assert (Decimal(q2["value_fiscal"]), Decimal(q2["value_economic"]), Decimal(q2["value_social"])) == (
        1000,
        500,
        0,
    )
    assert Decimal(q2["total_value"]) == 1500
    assert Decimal(q2["value_less_cost"]) == 1500 - q2_hours * 40


def test_a_manager_sees_their_own_teams_families_only(casework: World, council_table: Path) -> None:
    rows = _csv(_client(casework, "manager_north"))
    q2 = rows["2026Q2"]
    assert q2["families_closed"] == "2"  # south is another team's
    assert Decimal(q2["keyworker_hours"]) == Decimal("2.5")
    assert (q2["needs_met"], q2["needs_met_not_valued"]) == ("2", "1")


def test_the_page_shows_the_figures_the_summary_and_the_assumptions(
    casework: World, council_table: Path
) -> None:
    page = _client(casework, "coordinator").get("/value-for-money/").content.decode()
    assert (
        "The latest, 2026Q2: 3 pieces of work closed, 4 hours of keyworker time over 3 contacts (£160)"
        in page
    )
    assert "3 needs met at six months, valued at £1,500" in page
    assert "Council finance team, 2025 budget" in page and "Each start: Family group conferencing" in page
    assert "Each need met: Getting a good education" in page
    assert str(council_table) in page
    assert "default unit-cost table" not in page
    assert AuditEntry.objects.filter(
        username="coordinator", action="view", summary__startswith="Value for money"
    ).exists()


def test_the_default_table_holds_only_sourced_benchmarks(
    casework: World, settings: Any, tmp_path: Path
) -> None:
    settings.VALUE_FOR_MONEY_TABLE = tmp_path / "absent.yaml"
    default, origin = table.load(settings.VALUE_FOR_MONEY_TABLE)
    assert default.is_default and "default" in origin
    assert default.figures and all(f.applies_to == "benchmark" and f.source for f in default.figures)
    assert {f.value for f in default.figures} == {Decimal("2.28"), Decimal("1.51"), Decimal(755)}
    page = _client(casework, "coordinator").get("/value-for-money/").content.decode()
    assert "default unit-cost table" in page
    assert (
        "(not costed: no keyworker_hour figure)" in page
        and "not valued: the table has no headline figures" in page
    )
    assert "rapid evidence review (May 2023)" in page
    rows = _csv(_client(casework, "coordinator"))
    assert rows["2026Q1"]["keyworker_cost"] == "" and rows["2026Q2"]["total_value"] == "0.00"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("applies_to: keyworker_hour", "applies_to: keyworker_day"), "figures.0.applies_to"),
        (('"headline:education"', '"headline:happiness"'), "headline:<a headline id"),
        (('"intervention:family-group-conferencing"', '"intervention:made-up"'), "intervention:<an id"),
        (('source: "Council finance team, 2025 budget"', "source: ''"), "figures.0.source"),
        (("category: economic", "category: moral"), "must be one of fiscal, economic, social"),
        (("value: 40", "value: -40"), "figures.0.value"),
        (("category: economic", "category: economic_social_fiscal"), "a headline's value must be fiscal"),
        (("virtual: 1.0, ", ""), "give hours for exactly these contact kinds"),
        (("phone: 0.5", "phone: 30"), "hours must be between 0 and 24"),
        (("key: edu_economic", "key: edu_fiscal"), "figure keys must be unique; repeated: edu_fiscal"),
        (("figures:", "figures: ["), "not readable as YAML"),
    ],
)
def test_a_broken_table_is_refused_with_its_problem(
    casework: World, council_table: Path, change: tuple[str, str], problem: str
) -> None:
    text = COUNCIL_TABLE.replace(*change)
    assert text != COUNCIL_TABLE
    council_table.write_text(text, encoding="utf-8")
    with pytest.raises(table.TableError) as error:
        table.load(council_table)
    assert str(council_table) in str(error.value) and problem in str(error.value)
    response = _client(casework, "coordinator").get("/value-for-money/")
    assert response.status_code == 500
    assert "The unit-cost table cannot be used" in response.content.decode()


@pytest.mark.parametrize("username", list(USERS))
def test_only_the_coordinator_and_managers_see_it(world: World, username: str) -> None:
    client = _client(world, username)
    allowed = username in ("coordinator", "manager_north")
    for path in ("/value-for-money/", "/value-for-money/value-for-money.csv"):
        assert client.get(path).status_code == (200 if allowed else 403)
    assert ('href="/value-for-money/"' in client.get("/insight/").content.decode()) is allowed
    if not allowed:
        assert AuditEntry.objects.filter(username=username, action="denied").exists()


def test_the_csv_fields_are_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "insight.md").read_text("utf-8")
    for field, meaning in CSV_FIELDS.items():
        assert f"| `{field}` | {meaning} |" in docs
