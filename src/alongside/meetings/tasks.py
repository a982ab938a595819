"""The daily refresh of meeting lists registered by URL, run by the worker.

The reminders' periodic ``tick`` calls ``enqueue_if_due`` each minute; the fetching itself runs as
its own task so a slow feed server never delays a reminder.
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from alongside.core import imports
from alongside.meetings import feeds, services
from alongside.meetings.importers import FileProblem


@task()
def refresh_feeds() -> int:
    return feeds.refresh_due(timezone.now())


def _import_work(job, files, progress) -> dict:
    """The upload page's file, imported by the worker (``core/imports.py``)."""
    options = job.options
    [(name, handle)] = files
    report = services.import_meetings_file(
        job.created_by,
        handle,
        source=options["source"],
        default_zone=options.get("time_zone") or None,
        fellowship=options.get("fellowship") or None,
        feed_name=name,
        progress=progress,
    )
    notes = []
    if report.defaulted_zone:
        notes.append(
            f"{report.defaulted_zone} meetings whose place did not settle a time zone were given {report.time_zone}."
        )
    lines = [
        f"Row {r.row}{f' ({r.source_id})' if r.source_id else ''}: {r.reason}" for r in report.rejected_shown
    ]
    return imports.report_result(report, source=report.source, lines=lines, notes=notes)


@task()
def run_meeting_import(job_id: str) -> None:
    imports.run(job_id, _import_work, (FileProblem,))


def enqueue_if_due(now=None) -> bool:
    from django_tasks_db.models import DBTaskResult

    if not feeds.due(now).exists():
        return False
    if DBTaskResult.objects.filter(
        task_path=refresh_feeds.module_path, status__in=["READY", "RUNNING"]
    ).exists():
        return False
    refresh_feeds.enqueue()
    return True
