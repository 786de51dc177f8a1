"""Feed health from what ingest recorded: the last delivery, its rows and their change, fields that went
empty, the expected frequency and the owner from the source config; overdue and due soon at the boundaries."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from workspace_builder import Ws, people_config

from wholefamily.ingest.feed_health import DUE_SOON_DAYS, FeedHealth, feed_state, gone_empty, read_feed_health

HEADER = "id,first,last,dob\n"


def _config(*settings: str) -> str:
    """The clients source, with further top-level ``settings`` (indented as the config is)."""
    return people_config("{type: csv}").rstrip(" ") + "".join(f"        {line}\n" for line in settings)


def _feeds(ws: Ws) -> list[FeedHealth]:
    with duckdb.connect(str(ws.root / "warehouse.duckdb"), read_only=True) as con:
        return read_feed_health(con)


def test_two_deliveries_give_rows_their_change_and_a_field_gone_empty(ws: Ws) -> None:
    ws.config("clients", _config("expected_every_days: 14", "owner_role: performance team"))
    ws.file("extracts/2024-01-31/clients.csv", HEADER + "C1,Ann,Lee,02/03/1990\nC2,Bob,Lee,04/05/1988\n")
    ws.file("extracts/2024-02-14/clients.csv", HEADER + "C1,Ann,Lee,\nC2,Bob,Lee,\nC3,Cat,Lee,\n")
    ws.ingest()
    (feed,) = _feeds(ws)
    assert (feed.source, feed.title, feed.agency) == ("clients", "Clients", "health")
    assert (feed.last_delivery, feed.rows) == (dt.date(2024, 2, 14), 3)
    assert (feed.previous_delivery, feed.previous_rows, feed.rows_change) == (dt.date(2024, 1, 31), 2, 1)
    assert feed.fields_gone_empty == ("dob",)
    assert (feed.expected_every_days, feed.owner_role) == (14, "performance team")
    assert feed.due_on == dt.date(2024, 2, 28)


def test_one_delivery_and_the_defaults(ws: Ws) -> None:
    ws.config("clients", _config())
    ws.file("extracts/2024-01-31/clients.csv", HEADER + "C1,Ann,Lee,02/03/1990\n")
    ws.ingest()
    (feed,) = _feeds(ws)
    assert (feed.previous_delivery, feed.rows_change, feed.fields_gone_empty) == (None, None, ())
    assert (feed.expected_every_days, feed.owner_role) == (31, "data manager")
    assert feed.due_on == dt.date(2024, 3, 2)


def test_no_ingest_yet_means_no_feeds(tmp_path: object) -> None:
    with duckdb.connect(":memory:") as con:
        assert read_feed_health(con) == []


@pytest.mark.parametrize("days", [0, 367, "monthly"])
def test_expected_every_days_is_checked(ws: Ws, days: object) -> None:
    ws.config("clients", _config(f"expected_every_days: {days}"))
    ws.file("extracts/2024-01-31/clients.csv", HEADER + "C1,Ann,Lee,02/03/1990\n")
    result = ws.ingest(ok=False)
    assert result.exit_code != 0 and "expected_every_days" in result.output


DUE = dt.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (DUE + dt.timedelta(days=1), "overdue"),
        (DUE, "due_soon"),
        (DUE - dt.timedelta(days=DUE_SOON_DAYS), "due_soon"),
        (DUE - dt.timedelta(days=DUE_SOON_DAYS + 1), "ok"),
    ],
)
def test_overdue_after_the_expected_date_and_due_soon_within_a_week(today: dt.date, state: str) -> None:
    assert feed_state(DUE, today) == state


def test_a_field_went_empty_only_when_it_was_filled_before_and_is_about_empty_now() -> None:
    before = {"dob": 0.9, "postcode": 0.5, "nhs_number": 0.02, "upn": 0.8}
    now = {"dob": 0.0, "postcode": 0.4, "nhs_number": 0.0, "upn": 0.01}
    assert gone_empty(before, now) == ("dob", "upn")
