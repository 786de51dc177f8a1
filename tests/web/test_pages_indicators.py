"""The population indicator pages: the coordinator, team managers and the data manager read each table the
command wrote, with its dictionary, and download it as written; other roles are refused; every view and
download is audited; only the known tables of a date's folder are served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from indicator_tables import DATE, write_tables
from web_world import World

from wholefamily.insight.report import DICTIONARIES
from wholefamily.web.accounts.models import AuditEntry


@pytest.fixture
def tables(settings: Any, tmp_path: Path) -> Path:
    settings.INDICATORS_FOLDER = tmp_path
    write_tables(tmp_path)
    return tmp_path


@pytest.mark.parametrize("username", ["coordinator", "manager_north", "data_manager"])
def test_the_programme_roles_read_each_table_and_download_it(
    world: World, client: Client, tables: Path, username: str
) -> None:
    client.force_login(world.users[username])
    home = client.get("/indicators/", follow=True)
    assert home.status_code == 200 and f"As of {DATE}" in home.text
    for name, fields in DICTIONARIES.items():
        assert f"/indicators/{DATE}/{name}/" in home.text
        page = client.get(f"/indicators/{DATE}/{name}/")
        assert page.status_code == 200
        assert f"{name}-{next(iter(fields))}" in page.text and "[c]" in page.text
        assert all(meaning.replace("'", "&#39;") in page.text for _, meaning in fields.values())
        download = client.get(f"/indicators/{DATE}/{name}.csv")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == (tables / DATE / f"{name}.csv").read_bytes()  # type: ignore[attr-defined]
        assert f'filename="{name}-{DATE}.csv"' in download["Content-Disposition"]
    user = world.users[username]
    assert (
        AuditEntry.objects.filter(user=user, action="view", summary__startswith="Indicator table").count()
        == 5
    )
    assert AuditEntry.objects.filter(user=user, action="export").count() == 5


@pytest.mark.parametrize("username", ["kw_north", "front_door", "school", "auditor"])
def test_other_roles_are_refused_and_the_refusal_is_audited(
    world: World, client: Client, tables: Path, username: str
) -> None:
    client.force_login(world.users[username])
    for url in ("/indicators/", f"/indicators/{DATE}/needs/", f"/indicators/{DATE}/needs.csv"):
        assert client.get(url).status_code == 403
    assert AuditEntry.objects.filter(user=world.users[username], action="denied").count() == 3


def test_only_the_known_tables_of_a_date_are_served(world: World, client: Client, tables: Path) -> None:
    (tables / DATE / "secret.csv").write_text("name\nsomeone\n", "utf-8")
    client.force_login(world.users["coordinator"])
    for url in (
        f"/indicators/{DATE}/secret/",
        f"/indicators/{DATE}/secret.csv",
        "/indicators/2026-13-01/needs/",
        "/indicators/..%2F..%2Fetc/needs/",
        "/indicators/2025-01-01/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_file_that_is_not_the_commands_is_refused(world: World, client: Client, tables: Path) -> None:
    (tables / DATE / "needs.csv").write_text("area,name\nWX1,someone\n", "utf-8")
    client.force_login(world.users["coordinator"])
    assert client.get(f"/indicators/{DATE}/needs/").status_code == 404


def test_with_nothing_written_the_page_says_how(
    world: World, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.INDICATORS_FOLDER = tmp_path / "none"
    client.force_login(world.users["coordinator"])
    page = client.get("/indicators/")
    assert page.status_code == 200 and "wholefamily insight indicators --as-of DATE" in page.text


def test_the_navigation_shows_indicators_to_the_programme_roles_only(
    world: World, client: Client, tables: Path
) -> None:
    for username, shown in (("coordinator", True), ("data_manager", True), ("kw_north", False)):
        client.force_login(world.users[username])
        assert ('href="/indicators/"' in client.get("/insight/").text) is shown, username


def test_a_table_shows_one_group_of_its_rows_when_asked(world: World, client: Client, tables: Path) -> None:
    client.force_login(world.users["data_manager"])
    page = client.get(f"/indicators/{DATE}/equity/?show=WX9")
    assert ": 1 rows (WX9)" in page.text and "equity-group" not in page.text
    assert 'href="?show=equity-dimension"' in page.text
    everything = client.get(f"/indicators/{DATE}/equity/?show=nonsense")
    assert ": 2 rows</caption>" in everything.text and "equity-group" in everything.text
