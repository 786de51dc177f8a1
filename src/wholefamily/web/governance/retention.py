"""Retention in the casework site, by the same rules file as the warehouse (``governance/retention.yaml``):

* ``closed_cases``: a closed family, counted from its last closure, becomes a tombstone (``tombstones.py``):
  pseudonymised, not deleted, so that the closures, claims and returns it is counted in stay true;
* ``documents``: the documents filed on a closed family (rows and files), counted from its last closure,
  when they are to go before the rest of the record;
* ``audit_entries``: audit entries, by when they were written; the entries of retention runs are kept;
* ``exports``: the exports users asked for (rows and files), by when they were asked for (the exports app's
  step, passed in: this app may not import it).

A dry run counts what would go. A run does it in one transaction that also writes the audit entry of the
run itself (what went, as counts, never values; the rules applied; the as-of date), then deletes the files;
the same record goes to ``governance/retention-runs/<run id>-casework.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet

from wholefamily.governance.retention import Records, Rules
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Document, Family
from wholefamily.web.governance.tombstones import count_tombstones, delete_files, make_tombstones


class OtherStep(Protocol):
    """Another app's retention step: the counts on the day (applied, with ``apply``) and the files to delete."""

    def __call__(self, day: dt.date, *, apply: bool) -> tuple[Counter[str], list[Path]]: ...


#: The audit entries of retention runs carry this object type, and are never removed by retention.
RETENTION_RUN = "retention_run"


@dataclass(frozen=True)
class CaseworkRetention:
    """What passed its retention on ``as_of``, per rule: the counts by kind of record (removed, if applied)."""

    as_of: dt.date
    applied: bool
    counts: dict[Records, Counter[str]] = field(default_factory=dict)
    rules: dict[Records, str] = field(default_factory=dict)
    files_deleted: int = 0

    @property
    def nothing(self) -> bool:
        return not any(sum(c.values()) for c in self.counts.values())


def _closed_before(day: dt.date) -> QuerySet[Family]:
    return (
        Family.objects.filter(status=Family.Status.CLOSED)
        .annotate(last_closed=Max("closures__closed_on"))
        .filter(last_closed__lt=day)
    )


class _Run:
    """One retention run of the site: counts per rule, and (applying) the files to delete after commit."""

    def __init__(self, as_of: dt.date, apply: bool) -> None:
        self.as_of, self.apply = as_of, apply
        self.counts: dict[Records, Counter[str]] = {}
        self.files: list[Path] = []
        self.tombstones: list[int] = []  # the documents step leaves their documents to this one

    def closed_cases(self, day: dt.date) -> None:
        pks = list(
            _closed_before(day).filter(pseudonymised_on=None).order_by("pk").values_list("pk", flat=True)
        )
        self.tombstones = pks
        if self.apply:
            self.counts["closed_cases"], files = make_tombstones(pks, self.as_of, keep_apart=False)
            self.files += files
        else:
            self.counts["closed_cases"] = count_tombstones(pks)

    def documents(self, day: dt.date) -> None:
        rows = Document.objects.filter(family__in=_closed_before(day).values("pk")).exclude(
            family__in=self.tombstones
        )
        self.counts["documents"] = Counter({"documents": rows.count()})
        if self.apply:
            folder = Path(settings.DOCUMENTS_FOLDER)
            self.files += [folder / name for name in rows.values_list("stored_name", flat=True)]
            rows.delete()

    def audit_entries(self, day: dt.date) -> None:
        rows = AuditEntry.objects.filter(at__date__lt=day).exclude(object_type=RETENTION_RUN)
        self.counts["audit_entries"] = Counter({"audit entries": rows.count()})
        if self.apply:
            rows.delete()

    def other(self, kind: Records, step: OtherStep, day: dt.date) -> None:
        self.counts[kind], files = step(day, apply=self.apply)
        self.files += files


def casework_retention(
    rules: Rules,
    as_of: dt.date,
    *,
    apply: bool,
    run_id: str,
    governance: Path,
    others: Mapping[Records, OtherStep] | None = None,
) -> CaseworkRetention:
    """Count (or, with ``apply``, remove) what has passed its retention on ``as_of``. ``others`` are the
    steps of the site's other apps (its exports), which this one may not import."""
    run = _Run(as_of, apply)
    steps: dict[Records, Callable[[dt.date], None]] = {
        "closed_cases": run.closed_cases,
        "documents": run.documents,
        "audit_entries": run.audit_entries,
        **{kind: partial(run.other, kind, step) for kind, step in (others or {}).items()},
    }
    described: dict[Records, str] = {}
    with transaction.atomic():
        for kind, step in steps.items():
            rule = rules.for_records(kind)
            if rule is not None:
                described[rule.records] = rule.describe()
                step(as_of - dt.timedelta(days=rule.keep_days))
        result = CaseworkRetention(as_of, apply, run.counts, described)
        if apply:
            AuditEntry.objects.create(
                action=AuditEntry.Action.DELETE,
                object_type=RETENTION_RUN,
                object_id=run_id,
                summary=f"Retention run {run_id}: records past retention on {as_of} removed or pseudonymised",
                detail=_record(run_id, result),
                channel="cli",
            )
    if not apply:
        return result
    path = governance / "retention-runs" / f"{run_id}-casework.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_record(run_id, result), indent=2), "utf-8")
    return CaseworkRetention(as_of, apply, run.counts, described, delete_files(run.files))


def _record(run_id: str, result: CaseworkRetention) -> dict[str, object]:
    """The run as its audit entry and log file keep it: counts and rules, never values."""
    return {
        "run_id": run_id,
        "as_of": result.as_of.isoformat(),
        "removed": {kind: dict(sorted(c.items())) for kind, c in result.counts.items()},
        "rules": result.rules,
    }
