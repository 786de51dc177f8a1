"""The exports' part of retention: the record of each export asked for before a day, and its file."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from wholefamily.web.exports.jobs import path_of
from wholefamily.web.exports.models import Export


def exports_before(day: dt.date, *, apply: bool) -> tuple[Counter[str], list[Path]]:
    """Count the exports asked for before ``day`` (with ``apply``, delete them); return the count and the
    files to delete once the deletion has committed."""
    rows = Export.objects.filter(created_at__date__lt=day)
    counts = Counter({"exports": rows.count()})
    if not apply:
        return counts, []
    files = [path_of(export) for export in rows]
    rows.delete()
    return counts, files
