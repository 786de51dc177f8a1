"""The self-assessment: the round trip (edit the template, score two quarters, see the change, export), the
versions kept, who may read and edit it, the audit trail, and the validation of every input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from web_world import USERS, World

from spreadsheet_checks import assert_no_formula_in_csv
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.maturity import template as templates
from wholefamily.web.maturity.models import Assessment, Score, TemplateVersion
from wholefamily.web.maturity.scoring import EXPORT_FIELDS

Q1, Q2 = "2026Q1", "2026Q2"


def _client(world: World, username: str = "coordinator") -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _scores(template: templates.Template, level: int, **overrides: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for area in template.areas:
        for s in area.statements:
            data[f"{s.key}-level"] = str(overrides.get(s.key.replace("-", "_"), level))
            data[f"{s.key}-evidence"] = ""
            data[f"{s.key}-links"] = ""
    return data


def test_the_default_template_is_labelled_and_becomes_version_1(world: World) -> None:
    default = templates.default_template()
    assert default.is_default and "(default)" in default.name
    assert [a.title for a in default.areas][:2] == ["Families' experience of services", "Workforce"]
    assert "Data and intelligence" in [a.title for a in default.areas]
    page = _client(world).get("/maturity/template/")
    assert page.status_code == 200
    assert "default template" in page.content.decode()
    assert TemplateVersion.objects.get().number == 1


def test_round_trip_edit_score_two_quarters_see_the_change_and_export(world: World) -> None:
    client = _client(world)
    # Edit the template: rename a statement, add one, change a level's descriptor.
    renamed = client.post(
        "/maturity/template/statements/families-keyworker/",
        {"text": "Families know their keyworker by name."},
    )
    assert renamed.status_code == 302
    added = client.post(
        "/maturity/template/areas/data/add/", {"text": "Outcomes are measured from partner data."}
    )
    assert added.status_code == 302
    levels = {
        f"{k}-{lv.level}": getattr(lv, k)
        for lv in templates.default_template().levels
        for k in ("label", "descriptor")
    }
    levels["descriptor-5"] = "Routine everywhere and improved from evidence."
    assert client.post("/maturity/template/levels/", levels).status_code == 302
    assert list(TemplateVersion.objects.values_list("number", flat=True)) == [4, 3, 2, 1]
    current = templates.of(templates.current_version())
    assert not current.is_default and "default" not in current.name
    assert current.statement("families-keyworker")[1].text == "Families know their keyworker by name."
    assert current.statement("data-1")[1].text == "Outcomes are measured from partner data."
    assert current.levels[4].descriptor == "Routine everywhere and improved from evidence."

    # Score two quarters: the first all at 2, the second with the data area higher.
    assert client.post("/maturity/", {"quarter": "2026q1"})["Location"] == f"/maturity/quarters/{Q1}/"
    first = _scores(current, 2)
    first["families-voice-evidence"] = "Parent panel minutes"
    first["families-voice-links"] = "https://example.org/panel\nhttps://example.org/minutes"
    assert client.post(f"/maturity/quarters/{Q1}/", first).status_code == 302
    second = _scores(current, 2, data_sharing=4, data_1=3)
    assert client.post(f"/maturity/quarters/{Q2}/", second).status_code == 302
    assert Score.objects.filter(assessment__quarter=Q2, statement_key="data-sharing").get().level == 4

    # See the change: the data area's mean moves from 2 to (4 + 3 + 2 * 4) / 6 = 2.5.
    change = client.get("/maturity/change/").content.decode()
    assert "Data and intelligence up 0.5" in change
    assert "Workforce no change" in change
    assert ">2.5<" in change and ">+0.5<" in change
    chart = client.get("/maturity/change/chart.svg")
    assert chart["Content-Type"] == "image/svg+xml"
    assert chart.content.startswith(b"<svg") and b"Data and intelligence" in chart.content

    # Export: one row per quarter and statement, the fields as documented.
    exported_csv = client.get("/maturity/export.csv").content.decode()
    assert_no_formula_in_csv(exported_csv)
    rows = list(csv.DictReader(io.StringIO(exported_csv)))
    statements = sum(len(a.statements) for a in current.areas)
    assert len(rows) == 2 * statements
    assert list(rows[0]) == list(EXPORT_FIELDS)
    voice = next(r for r in rows if r["quarter"] == Q1 and r["statement_key"] == "families-voice")
    assert voice["level"] == "2" and voice["level_label"] == "Starting"
    assert voice["evidence_links"] == "https://example.org/panel https://example.org/minutes"
    assert voice["template_version"] == "4" and voice["template_is_default"] == "false"
    exported = json.loads(client.get("/maturity/export.json").content)
    assert exported["fields"] == EXPORT_FIELDS and len(exported["rows"]) == 2 * statements
    assert {e.action for e in AuditEntry.objects.filter(summary__startswith="Self-assessment exported")} == {
        "export"
    }


def test_a_quarter_keeps_the_version_it_was_scored_against(world: World) -> None:
    client = _client(world)
    first = templates.of(templates.current_version())
    client.post(f"/maturity/quarters/{Q1}/", _scores(first, 3))
    client.post(
        "/maturity/template/statements/workforce-skills/", {"text": "Practitioners are trained well."}
    )
    assert Assessment.objects.get(quarter=Q1).version.number == 1
    # Changing Q1 later still shows (and saves against) version 1's statements.
    page = client.get(f"/maturity/quarters/{Q1}/").content.decode()
    assert "Practitioners have the training and supervision" in page
    assert "Practitioners are trained well." not in page
    row = next(
        r
        for r in csv.DictReader(io.StringIO(client.get("/maturity/export.csv").content.decode()))
        if r["statement_key"] == "workforce-skills"
    )
    assert (
        row["statement_text"].startswith("Practitioners have the training") and row["template_version"] == "1"
    )
    # A quarter scored now uses version 2.
    client.post(f"/maturity/quarters/{Q2}/", _scores(templates.of(templates.current_version()), 3))
    assert Assessment.objects.get(quarter=Q2).version.number == 2


def test_every_change_is_audited(world: World) -> None:
    client = _client(world)
    current = templates.of(templates.current_version())
    client.post(f"/maturity/quarters/{Q1}/", _scores(current, 2))
    client.post(f"/maturity/quarters/{Q1}/", _scores(current, 2, families_voice=5))
    client.post("/maturity/template/areas/workforce/add/", {"text": "Supervision is monthly."})
    entries = AuditEntry.objects.filter(username="coordinator").order_by("id")
    created, changed = (
        entries.get(action="create"),
        entries.filter(action="change", object_type="assessment").get(),
    )
    assert created.detail["quarter"] == Q1 and len(created.detail["levels"]) == sum(
        len(a.statements) for a in current.areas
    )
    assert changed.detail["levels"] == {"families-voice": [2, 5]}
    version = entries.filter(object_type="templateversion", action="change").get()
    assert version.detail == {"version": 2, "change": "added statement workforce-1 to Workforce"}


@pytest.mark.parametrize("username", list(USERS))
def test_who_may_read_and_who_may_edit(world: World, username: str) -> None:
    client = _client(world, username)
    reads = username in ("coordinator", "manager_north")
    edits = username == "coordinator"
    for path in ("/maturity/", "/maturity/template/", "/maturity/change/", "/maturity/export.csv"):
        assert client.get(path).status_code == (200 if reads else 403), path
    assert client.get(f"/maturity/quarters/{Q1}/").status_code == (200 if edits else 403)
    assert client.get("/maturity/template/levels/").status_code == (200 if edits else 403)
    posted = client.post("/maturity/template/areas/data/add/", {"text": "Something new."})
    assert posted.status_code == (302 if edits else 403)
    assert TemplateVersion.objects.filter(number=2).exists() is edits
    insight = client.get("/insight/").content.decode()  # the Insight item leads to it
    assert ('href="/maturity/"' in insight) is reads
    if not reads:
        assert AuditEntry.objects.filter(username=username, action="denied").exists()


def test_the_manager_reads_without_edit_links(world: World) -> None:
    page = _client(world, "manager_north").get("/maturity/template/").content.decode()
    assert "Add a statement" not in page and "Change the levels" not in page
    assert _client(world, "manager_north").post("/maturity/", {"quarter": Q1}).status_code == 403


@pytest.mark.parametrize(
    ("quarter", "error"),
    [
        ("", "Enter a quarter"),
        ("2027-1", "like 2027Q1"),
        ("2026Q5", "like 2027Q1"),
        ("1999Q4", "2000 or later"),
        ("2999Q1", "has not begun yet"),
    ],
)
def test_a_quarter_is_validated(world: World, quarter: str, error: str) -> None:
    response = _client(world).post("/maturity/", {"quarter": quarter})
    assert response.status_code == 400
    assert error in response.content.decode()


def test_a_malformed_or_future_quarter_has_no_page(world: World) -> None:
    client = _client(world)
    assert client.get("/maturity/quarters/2026Q9/").status_code == 404
    assert client.get("/maturity/quarters/2999Q1/").status_code == 404
    assert client.get("/maturity/export.xml").status_code == 404


def test_scores_are_validated(world: World) -> None:
    client = _client(world)
    current = templates.of(templates.current_version())
    data = _scores(current, 2)
    del data["families-voice-level"]
    data["families-navigate-level"] = "9"
    data["workforce-skills-links"] = "javascript:alert(1)"
    data["data-police-links"] = "\n".join(f"https://example.org/{n}" for n in range(11))
    data["data-sharing-evidence"] = "x" * 2001
    response = client.post(f"/maturity/quarters/{Q1}/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Families&#39; experience of services, statement 1: choose a level" in page
    assert "Select a valid choice" in page
    assert "Workforce, statement 3: “javascript:alert(1)” is not a web address" in page
    assert "Data and intelligence, statement 3: give at most 10 links" in page
    assert "Data and intelligence, statement 1: evidence must be 2000 characters or fewer" in page
    assert not Assessment.objects.exists()


def test_template_edits_are_validated(world: World) -> None:
    client = _client(world)
    for path, data, error in [
        ("/maturity/template/areas/data/add/", {"text": "   "}, "Enter the statement"),
        ("/maturity/template/areas/data/add/", {"text": "x" * 301}, "300 characters"),
        (
            "/maturity/template/areas/data/add/",
            {"text": "police crime and offending data is received and used."},
            "already has this statement",
        ),
        (
            "/maturity/template/statements/data-police/",
            {"text": "Police crime and offending data is received and used."},
            "unchanged",
        ),
    ]:
        response = client.post(path, data)
        assert response.status_code == 400, (path, data)
        assert error in response.content.decode()
    levels = {f"label-{n}": f"L{n}" for n in range(1, 6)} | {f"descriptor-{n}": "d" for n in range(1, 6)}
    assert (
        "Each level needs a different label"
        in client.post("/maturity/template/levels/", levels | {"label-2": "l1"}).content.decode()
    )
    long_label = levels | {"label-4": "x" * 61}
    assert (
        "The label of level 4 must be 60 characters or fewer"
        in client.post("/maturity/template/levels/", long_label).content.decode()
    )
    assert (
        "Enter a descriptor for level 3"
        in client.post("/maturity/template/levels/", levels | {"descriptor-3": ""}).content.decode()
    )
    assert client.get("/maturity/template/statements/no-such/").status_code == 404
    assert client.get("/maturity/template/areas/nowhere/add/").status_code == 404
    assert TemplateVersion.objects.count() == 1


def test_a_broken_template_is_refused_with_each_problem_named() -> None:
    content = templates.default_template().model_dump()
    content["levels"][1]["level"] = 7
    content["areas"][1]["statements"][0]["key"] = "families-voice"
    content["areas"][0]["title"] = ""
    with pytest.raises(templates.TemplateError) as error:
        templates.parse(content)
    message = str(error.value)
    assert "levels: Value error, levels must be numbered 1, 2, 3" in message
    assert "areas.0.title" in message


def test_the_export_fields_are_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "insight.md").read_text("utf-8")
    for field, meaning in EXPORT_FIELDS.items():
        assert f"| `{field}` | {meaning} |" in docs
