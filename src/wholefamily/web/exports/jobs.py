"""Exports as background jobs: ``request`` records the export and queues it (django-tasks, kept in the
database, so SQLite and PostgreSQL need no other server; ``wholefamily-web db_worker`` runs the queue), and
``run_export`` writes the file into the workspace's exports folder, outside the site's static files, telling
the export how far it has got. Files expire after ``EXPORT_DAYS`` and are then removed."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django_tasks import task

from wholefamily.errors import WholefamilyError
from wholefamily.reports import TableFormat, write_table
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.exports.lists import LISTS, ListError
from wholefamily.web.exports.models import Export

logger = logging.getLogger(__name__)

#: How long a finished export can be downloaded.
EXPORT_DAYS = 7


def folder() -> Path:
    return Path(settings.EXPORTS_FOLDER)


def path_of(export: Export) -> Path:
    return folder() / export.file_name


def request_export(
    request: HttpRequest, user: User, list_name: str, filters: QueryDict, fmt: TableFormat, reason: str
) -> Export:
    """Record the export (audited with its reason) and queue its job."""
    export = Export.objects.create(
        user=user,
        list_name=list_name,
        filters={k: filters.getlist(k) for k in filters},
        format=fmt,
        reason=reason,
        expires_at=timezone.now() + dt.timedelta(days=EXPORT_DAYS),
    )
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        obj=export,
        summary=f"Asked for an export of {LISTS[list_name].title} as {fmt.upper()}",
        detail={"list": list_name, "filters": export.filters, "format": fmt, "reason": reason},
    )
    run_export.enqueue(str(export.pk))
    return export


def _filters(export: Export) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in export.filters.items():
        query.setlist(key, values)
    return query


@task()
def run_export(export_id: str) -> int:
    """Write the export's file; the rows are read as the user may see them now. Returns the rows written."""
    remove_expired()
    export = Export.objects.select_related("user").get(pk=export_id)
    chosen = LISTS[export.list_name]
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING)
    target = path_of(export)
    try:
        if not (export.user.is_active and chosen.allowed(export.user)):
            raise ListError("Your role no longer allows you to see this list.")
        found = chosen.rows(export.user, _filters(export))
        Export.objects.filter(pk=export.pk).update(rows_total=found.total)
        written = write_table(
            target,
            TableFormat(export.format),
            chosen.header,
            found.rows,
            progress=lambda n: _progress(export, n),
        )
    except Exception as error:
        target.unlink(missing_ok=True)
        shown = isinstance(error, ListError | WholefamilyError)
        problem = str(error) if shown else "Something went wrong writing the file."
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.FAILED, problem=problem[:300], finished_at=timezone.now()
        )
        logger.exception("Export %s failed", export.pk)
        raise
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.DONE, rows_written=written, finished_at=timezone.now()
    )
    audit.record(
        export.user,
        AuditEntry.Action.EXPORT,
        obj=export,
        summary=f"Exported {written} rows of {chosen.title} as {export.format.upper()}",
        detail={"list": export.list_name, "rows": written, "reason": export.reason},
        channel="worker",
    )
    return written


def _progress(export: Export, rows: int) -> None:
    Export.objects.filter(pk=export.pk).update(rows_written=rows)


def remove_expired() -> int:
    """Remove the files of exports past their expiry, and mark them expired. Returns how many."""
    expired = list(
        Export.objects.filter(expires_at__lte=timezone.now()).exclude(status=Export.Status.EXPIRED)
    )
    for export in expired:
        path_of(export).unlink(missing_ok=True)
    Export.objects.filter(pk__in=[e.pk for e in expired]).update(status=Export.Status.EXPIRED)
    return len(expired)
