"""The evidence pages read the reports the pipeline writes (here by its own writers into a temporary
workspace): the impact page and CSV show the figures of impact.json, the risk pages show metrics.json's only
when the council has switched the model on, a family's factors appear beside its record only for the
coordinator, a manager or its keyworker, only the coordinator and managers read the pages, and every request
is audited."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from evidence_reports import RISK_AS_OF, switch_risk_model, write_impact, write_risk
from web_world import USERS, World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.navigation import insight_sections

READERS = {"coordinator", "manager_north"}
ROUTES = [
    reverse("evidence:home"),
    reverse("evidence:impact"),
    reverse("evidence:impact_csv"),
    reverse("evidence:impact_balance"),
    reverse("evidence:risk"),
    reverse("evidence:risk_calibration"),
    reverse("evidence:risk_document", args=["model-card"]),
    reverse("evidence:risk_document", args=["transparency-record"]),
]


@pytest.fixture
def workspace(settings: Any, tmp_path: Path) -> Path:
    settings.EVIDENCE_WORKSPACE = tmp_path
    return tmp_path


@pytest.fixture
def reports(workspace: Path) -> Path:
    write_impact(workspace)
    write_risk(workspace)
    switch_risk_model(workspace, enabled=True)
    return workspace


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _text(response: Any) -> str:
    return str(response.content.decode())


@pytest.mark.parametrize("username", sorted(USERS))
def test_only_the_coordinator_and_managers_read_every_evidence_page(
    world: World, reports: Path, username: str
) -> None:
    client = _client(world, username)
    allowed = username in READERS
    for route in ROUTES:
        response = client.get(route)
        assert response.status_code == (200 if allowed else 403), route
    action = AuditEntry.Action.VIEW if allowed else AuditEntry.Action.DENIED
    audited = AuditEntry.objects.filter(username=username, path__startswith="/evidence/")
    assert sorted(set(audited.values_list("path", flat=True))) == sorted(ROUTES)
    assert set(audited.values_list("action", flat=True)) == (
        {action, AuditEntry.Action.EXPORT} if allowed else {action}
    )
    request = RequestFactory().get("/")
    request.user = world.users[username]
    assert ("Evidence" in [section["title"] for section in insight_sections(request)]) is allowed


def test_someone_signed_out_is_sent_to_sign_in(reports: Path) -> None:
    for route in ROUTES:
        response = Client().get(route)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


def test_the_impact_page_shows_the_reports_figures(world: World, reports: Path) -> None:
    figures = json.loads((reports / "reports/impact/impact.json").read_text())
    page = _text(_client(world, "coordinator").get(reverse("evidence:impact")))
    for key, count in figures["families"].items():
        assert f'id="families-{key}"' in page
        row = page.split(f'id="families-{key}"')[1].split("</tr>")[0]
        assert f">{count}</td>" in row
    for outcome in figures["outcomes"]:
        m, w = outcome["matched"], outcome["weighted"]
        row = page.split(f'id="effect-{outcome["outcome"]}"')[1].split("</tr>")[0]
        assert f"{m['effect']:+.3f} ({m['low']:+.3f} to {m['high']:+.3f})" in row
        assert f"{w['effect']:+.3f} ({w['low']:+.3f} to {w['high']:+.3f})" in row
        assert f"{outcome['worked_with_mean']:.3f}" in row and f">{m['n']}</td>" in row
    assert "40 of the families worked with were matched" in page and "22 found no match" in page
    assert "Escalation (plan or care): -0.111 (-0.218 to -0.005) with 95% interval; lower for" in page
    assert "Police incidents: -0.100 (-0.400 to +0.200) with 95% interval; the interval covers 0" in page
    assert "Every refutation test that could be judged passes." in page
    assert 'src="/evidence/impact/balance.svg"' in page


def test_a_failed_refutation_is_flagged(world: World, workspace: Path) -> None:
    write_impact(workspace, placebo_fails=True)
    page = _text(_client(world, "manager_north").get(reverse("evidence:impact")))
    row = page.split('id="refutation-escalation"')[1].split("</tr>")[0]
    assert "+0.210 (+0.050 to +0.370)" in row and "govuk-tag--red" in row
    assert "Refutation tests that fail: =Escalation (plan or care) (placebo treatment)." in page


def test_without_an_impact_report_the_page_says_which_command_writes_it(
    world: World, workspace: Path
) -> None:
    response = _client(world, "coordinator").get(reverse("evidence:impact"))
    assert response.status_code == 200
    assert "wholefamily evaluate impact --index-date" in _text(response)
    assert _client(world, "coordinator").get(reverse("evidence:impact_csv")).status_code == 404


def test_a_damaged_report_is_refused_with_the_problem_named(world: World, workspace: Path) -> None:
    write_impact(workspace)
    path = workspace / "reports/impact/impact.json"
    figures = json.loads(path.read_text())
    del figures["families"]["matched"]
    path.write_text(json.dumps(figures))
    response = _client(world, "coordinator").get(reverse("evidence:impact"))
    assert response.status_code == 500
    assert "impact.json cannot be read" in _text(response) and "matched" in _text(response)


def test_the_effects_csv_holds_the_reports_figures_with_text_made_spreadsheet_safe(
    world: World, reports: Path
) -> None:
    figures = json.loads((reports / "reports/impact/impact.json").read_text())
    response = _client(world, "coordinator").get(reverse("evidence:impact_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["outcome"] for r in rows] == [o["outcome"] for o in figures["outcomes"]]
    assert rows[0]["label"] == "'=Escalation (plan or care)"
    for row, outcome in zip(rows, figures["outcomes"], strict=True):
        assert float(row["matched_effect"]) == outcome["matched"]["effect"]
        assert float(row["matched_low"]) == outcome["matched"]["low"]
        assert float(row["weighted_high"]) == outcome["weighted"]["high"]
        assert int(row["matched_families"]) == outcome["matched"]["n"]
        assert row["placebo_treatment"] == "passes"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, username="coordinator").count() == 1


def test_a_plot_is_served_as_an_svg_only_when_it_is_the_pipelines(world: World, reports: Path) -> None:
    client = _client(world, "coordinator")
    path = reports / "reports/impact/balance.svg"
    response = client.get(reverse("evidence:impact_balance"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == path.read_text()
    path.write_text(path.read_text().replace("<title>", "<script>alert(1)</script><title>"))
    assert client.get(reverse("evidence:impact_balance")).status_code == 404
    path.write_text("<html><body>not a plot</body></html>")
    assert client.get(reverse("evidence:impact_balance")).status_code == 404


@pytest.mark.parametrize("switch", ["absent", "disabled"])
def test_the_risk_model_is_off_unless_switched_on(world: World, workspace: Path, switch: str) -> None:
    write_risk(workspace)
    if switch == "disabled":
        switch_risk_model(workspace, enabled=False)
    client = _client(world, "coordinator")
    page = _text(client.get(reverse("evidence:risk")))
    assert 'id="risk-off"' in page and "the risk model is off" in page and "enabled: true" in page
    assert 'id="metrics"' not in page
    for route in ROUTES[5:]:
        assert client.get(route).status_code == 404
    family = _text(client.get(reverse("casework:family_detail", args=[world.families["north"].pk])))
    assert 'id="risk"' not in family


def test_switched_on_without_a_report_the_page_says_which_command_writes_it(
    world: World, workspace: Path
) -> None:
    switch_risk_model(workspace, enabled=True)
    page = _text(_client(world, "coordinator").get(reverse("evidence:risk")))
    assert "wholefamily evaluate risk --as-of" in page and 'id="risk-off"' not in page


def test_the_risk_page_shows_the_reports_figures(world: World, reports: Path) -> None:
    figures = json.loads((reports / f"reports/risk/{RISK_AS_OF}/metrics.json").read_text())
    page = _text(_client(world, "manager_north").get(reverse("evidence:risk")))
    assert figures["clearly_better_than_the_comparisons"] is False
    assert "The model is not clearly better than the transparent priority order" in page
    assert figures["model_version"] in page
    for name, m in figures["metrics"].items():
        row = page.split(f'id="metric-{name.replace(" ", "-")}"')[1].split("</tr>")[0]
        for key in ("roc_auc", "pr_auc", "brier", "precision_at_capacity", "recall_at_capacity"):
            assert (f"{m[key]:.3f}" if m[key] is not None else "n/a") in row, (name, key)
    calibration = page.split('id="calibration"')[1].split("</table>")[0]
    for predicted, observed, n in figures["metrics"]["model"]["calibration"]:
        assert f"{predicted:.3f}</td>" in calibration and f"{observed:.3f}</td>" in calibration
        assert f">{n}</td>" in calibration
    flagged = [g for g in figures["fairness"]["gaps"] if g["flagged"]]
    assert len(flagged) == 1 and "1 gap beyond the tolerance</strong>: sex (selection rate, 0.667)" in page
    gaps = page.split('id="gaps"')[1].split("</table>")[0]
    assert gaps.count("Flagged") == 1
    groups = page.split('id="groups"')[1].split("</table>")[0]
    assert all(f">{g['group']}</td>" in groups for g in figures["fairness"]["groups"])


def test_the_model_card_and_transparency_record_are_pages(world: World, reports: Path) -> None:
    client = _client(world, "coordinator")
    card = _text(client.get(reverse("evidence:risk_document", args=["model-card"])))
    assert '<h1 class="govuk-heading-l">Model card: escalation risk (decision support only)</h1>' in card
    assert '<table class="govuk-table">' in card and "govuk-table__cell--numeric" in card
    assert "style=" not in card.split("<main")[1]
    record = _text(client.get(reverse("evidence:risk_document", args=["transparency-record"])))
    assert "Algorithmic transparency record: escalation risk" in record
    assert "<em>[the council writes this]</em>" in record
    assert client.get(reverse("evidence:risk_document", args=["scores"])).status_code == 404


@pytest.mark.parametrize(
    ("username", "family", "sees"),
    [
        ("coordinator", "north", True),
        ("manager_north", "north", True),
        ("kw_north", "north", True),
        ("kw_north", "withdrawn", False),  # the team's family, not the keyworker's own
        ("kw_south", "south", True),
        ("data_manager", "north", False),
        ("auditor", "north", False),
        ("school", "north", False),
        ("manager_north", "not_eligible", False),  # not among the scored families
    ],
)
def test_a_familys_factors_are_shown_only_to_those_who_work_with_it(
    world: World, reports: Path, username: str, family: str, sees: bool
) -> None:
    pk = world.families[family].pk
    page = _text(_client(world, username).get(reverse("casework:family_detail", args=[pk])))
    assert ('id="risk"' in page) is sees
    entry = AuditEntry.objects.get(username=username, family_id=pk, action=AuditEntry.Action.VIEW)
    assert entry.detail["risk_factors"] is sees
    if sees:
        assert "Decision support only." in page and "0.1.0+abc123" in page
        assert 'id="risk-not-better"' in page  # the report's verdict: not clearly better
    if sees and family == "north":
        assert "domestic abuse incidents in the past year: 3" in page
        assert "0.610 (place 1, among the families the team can take)" in page
    if sees and family == "south":
        assert "&lt;b&gt;missing episodes&lt;/b&gt;: 1" in page


def test_a_model_clearly_better_than_the_comparisons_is_said_to_be(world: World, workspace: Path) -> None:
    write_risk(workspace, clearly_better=True)
    switch_risk_model(workspace, enabled=True)
    client = _client(world, "coordinator")
    assert "The model is clearly better than the comparisons" in _text(client.get(reverse("evidence:risk")))
    family = _text(client.get(reverse("casework:family_detail", args=[world.families["north"].pk])))
    assert 'id="risk-score"' in family and 'id="risk-not-better"' not in family


def test_the_latest_risk_report_is_shown(world: World, reports: Path) -> None:
    latest = reports / f"reports/risk/{RISK_AS_OF}"
    earlier = reports / "reports/risk/2026-04-30"
    earlier.mkdir()
    figures = json.loads((latest / "metrics.json").read_text())
    (earlier / "metrics.json").write_text(json.dumps(figures | {"model_version": "0.0.9+earlier"}))
    (reports / "reports/risk/notes").mkdir()  # not a report
    page = _text(_client(world, "coordinator").get(reverse("evidence:risk")))
    assert figures["model_version"] in page and "0.0.9+earlier" not in page


def test_html_in_a_report_is_shown_as_text_never_run(world: World, reports: Path) -> None:
    card = reports / f"reports/risk/{RISK_AS_OF}/model-card.md"
    card.write_text(
        "# Card\n\n<script>alert(1)</script> [a link](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
    )
    page = _text(_client(world, "coordinator").get(reverse("evidence:risk_document", args=["model-card"])))
    main = page.split("<main")[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in main and "<script>alert" not in main
    assert 'href="javascript:' not in main and "<img src=x" not in main
