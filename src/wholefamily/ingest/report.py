"""Data-quality reports: ``reports/<run_id>/<source>.json`` and ``.html``, and an ``index.html``.

The HTML is self-contained (inline CSS, no JavaScript) so a data manager can send it to the partner.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wholefamily.reports import render

_HERE = "wholefamily.ingest"  # whose templates folder


def write_reports(directory: Path, run: dict[str, Any], sources: list[dict[str, Any]]) -> Path:
    """Write every source's JSON and HTML report and the run's index; returns the index path."""
    directory.mkdir(parents=True, exist_ok=True)
    for quality in sources:
        name = quality["source"]
        (directory / f"{name}.json").write_text(json.dumps(quality, indent=2, default=str), "utf-8")
        page = render(_HERE, "quality_report.html", q=quality)
        (directory / f"{name}.html").write_text(page, "utf-8")
    index = directory / "index.html"
    rows = [{"source": s["source"], **s["reconciliation"]} for s in sources]
    index.write_text(render(_HERE, "quality_index.html", run=run, rows=rows, sources=sources), "utf-8")
    return index
