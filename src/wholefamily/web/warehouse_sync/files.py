"""Files the site writes into the workspace for the pipeline: each replaced in one step."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from wholefamily.reports import spreadsheet_text


def write_csv_atomically(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Replace the file in one step, so the pipeline never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows([spreadsheet_text(cell) for cell in row] for row in rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
