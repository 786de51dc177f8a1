"""Find a source's delivered files and date each delivery from its path."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from wholefamily.ingest.config import SourceConfig
from wholefamily.ingest.errors import IngestError


@dataclass(frozen=True)
class Delivery:
    """One delivered file: its path, its path relative to the workspace (forward slashes) and its date."""

    path: Path
    relative: str
    delivery_date: dt.date


def find_deliveries(root: Path, config: SourceConfig, as_of: dt.date | None) -> list[Delivery]:
    """The files of a source dated on or before ``as_of`` (all when None), oldest delivery first."""
    pattern = re.compile(config.delivery_date_pattern)
    found: list[Delivery] = []
    for path in sorted(p for p in root.glob(config.files) if p.is_file()):
        relative = path.relative_to(root).as_posix()
        match = pattern.search(relative)
        if match is None:
            raise IngestError(
                f"{relative}: source {config.source!r}: no delivery date in the path "
                f"(delivery_date_pattern {config.delivery_date_pattern!r} does not match)"
            )
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError as exc:
            raise IngestError(
                f"{relative}: source {config.source!r}: {match.group(1)!r} is not a date (YYYY-MM-DD)"
            ) from exc
        found.append(Delivery(path, relative, date))
    if not found:
        raise IngestError(f"source {config.source!r}: no files match {config.files!r} in {root}")
    kept = [d for d in found if as_of is None or d.delivery_date <= as_of]
    if not kept:
        raise IngestError(
            f"source {config.source!r}: no delivery of {config.files!r} is dated on or before {as_of}"
        )
    return sorted(kept, key=lambda d: (d.delivery_date, d.relative))
