"""Ingest checks each delivery against the sharing agreements register (governance/agreements.yaml)."""

from __future__ import annotations

import json
import textwrap

from workspace_builder import Ws, people_config

CSV = "id,first,last,dob\n"
REGISTER = """\
    refuse_after_agreement_ends: {refuse}
    agreements:
      - id: isa-health
        title: Health visiting data sharing
        parties: [Council, NHS trust]
        sources: [clients]
        purposes: [identification, casework]
        legal_basis: public_task
        special_categories: [health]
        article_9_condition: substantial_public_interest
        schedule_1_condition: "Part 2 paragraph 18: safeguarding"
        starts: 2024-01-01
        review_by: 2024-06-30
        ends: 2024-02-15
        document: ISA/HEALTH/2024
    """


def _deliveries(ws: Ws) -> None:
    ws.config("clients", people_config("{type: csv}"))
    ws.file("extracts/2024-01-31/clients.csv", CSV + "C1,Ann,Lee,02/01/1990\n")
    ws.file("extracts/2024-02-29/clients.csv", CSV + "C1,Ann,Lee,02/01/1990\nC2,Bob,Lee,03/04/1988\n")


def _register(ws: Ws, refuse: bool = True) -> None:
    ws.file("governance/agreements.yaml", REGISTER.format(refuse=str(refuse).lower()))


def _output(result_output: str) -> str:
    return " ".join(result_output.split())


def test_a_delivery_with_no_agreement_in_force_is_loaded_with_a_warning(ws: Ws) -> None:
    _deliveries(ws)
    result = ws.ingest()
    warning = (
        "2 deliveries (2024-01-31 to 2024-02-29) arrived with no sharing agreements register in force for "
        "source 'clients': record the agreement in governance/agreements.yaml"
    )
    assert f"Warning: clients: {warning}" in _output(result.output)
    assert ws.one("select rows_read, rows_refused from run_sources") == (3, 0)
    (run_dir,) = (ws.root / "reports").iterdir()
    assert json.loads((run_dir / "clients.json").read_text("utf-8"))["agreements"]["warnings"] == [warning]
    shown = warning.replace("'", "&#39;")
    assert f"<strong>Warning:</strong> {shown}" in (run_dir / "index.html").read_text("utf-8")


def test_a_delivery_before_the_agreement_starts_warns(ws: Ws) -> None:
    _deliveries(ws)
    _register(ws)
    (ws.root / "governance/agreements.yaml").write_text(
        textwrap.dedent(REGISTER.format(refuse="true"))
        .replace("starts: 2024-01-01", "starts: 2024-02-01")
        .replace("ends: 2024-02-15", "ends: 2024-12-31"),
        "utf-8",
    )
    result = ws.ingest()
    assert (
        "Warning: clients: 1 delivery (2024-01-31) arrived with no sharing agreement in force for source 'clients'"
        in _output(result.output)
    )
    assert ws.one("select count(*) from mentions") == 3


def test_a_delivery_after_the_agreement_ends_is_refused_whole_and_counted(ws: Ws) -> None:
    _deliveries(ws)
    _register(ws)
    result = ws.ingest()
    reason = (
        "agreement 'isa-health' (ISA/HEALTH/2024) ended on 2024-02-15, before this delivery of 2024-02-29"
    )
    assert f"extracts/2024-02-29/clients.csv: refused, not loaded: {reason}" in _output(result.output)
    assert "Refused" in result.output
    assert ws.query("select distinct delivery_date::varchar from mentions") == [("2024-01-31",)]
    assert ws.query("select file from run_files") == [("extracts/2024-01-31/clients.csv",)]
    rows_read, rows_refused, sentence = ws.one(
        "select rows_read, rows_refused, reconciliation from run_sources"
    )
    assert (rows_read, rows_refused) == (1, 2)
    assert sentence.endswith("; 2 rows refused (not loaded)")
    (run_dir,) = (ws.root / "reports").iterdir()
    refused = json.loads((run_dir / "clients.json").read_text("utf-8"))["agreements"]["refused"]
    assert refused == [
        {
            "relative": "extracts/2024-02-29/clients.csv",
            "delivery_date": "2024-02-29",
            "rows": 2,
            "reason": reason,
        }
    ]
    assert "Deliveries refused (not loaded)" in (run_dir / "clients.html").read_text("utf-8")


def test_a_source_whose_every_delivery_is_refused_publishes_nothing_for_it(ws: Ws) -> None:
    _deliveries(ws)
    ws.file(
        "governance/agreements.yaml",
        REGISTER.format(refuse="true").replace("ends: 2024-02-15", "ends: 2024-01-15"),
    )
    ws.ingest()
    assert ws.one("select count(*) from mentions") == 0
    assert ws.one("select rows_read, rows_refused from run_sources") == (0, 3)


def test_with_refusal_switched_off_an_ended_agreement_only_warns(ws: Ws) -> None:
    _deliveries(ws)
    _register(ws, refuse=False)
    result = ws.ingest()
    assert "extracts/2024-02-29/clients.csv: loaded although agreement 'isa-health'" in _output(result.output)
    assert "Refused" not in result.output
    assert ws.one("select rows_read, rows_refused from run_sources") == (3, 0)


def test_a_bad_register_stops_ingest_naming_the_file_and_the_field(ws: Ws) -> None:
    _deliveries(ws)
    ws.file(
        "governance/agreements.yaml",
        REGISTER.format(refuse="true").replace("legal_basis: public_task", "legal_basis: because"),
    )
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    output = _output(result.output)
    assert f"{ws.root / 'governance' / 'agreements.yaml'}: invalid sharing agreements register" in output
    assert "agreements.0.legal_basis: Input should be 'consent'" in output
    ws.file(
        "governance/agreements.yaml",
        REGISTER.format(refuse="true").replace("article_9_condition: substantial_public_interest", ""),
    )
    output = _output(ws.ingest(ok=False).output)
    assert "agreements.0: Value error, special_categories need an article_9_condition" in output
    assert not (ws.root / "warehouse.duckdb").exists()
