"""The host's uploads imported in the background, with progress the upload page can show.

The upload page saves the files under ``DATA_DIR/imports/<job id>/``, records an ``ImportJob`` and
enqueues the app's task, which calls ``run``. The import itself is one database transaction (a file
with no importable row changes nothing), and on SQLite that transaction holds the only write lock,
so progress cannot go to the database while it runs: it goes to a small ``progress.json`` beside the
files, which the page reads (``progress_of``). When the import ends, the job row gets the final count,
the rate and the summary, and the files are deleted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from alongside.core.models import ImportJob

logger = logging.getLogger("alongside.import")


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def start(kind: str, user, uploads, options: dict, task) -> ImportJob:
    """Save the uploaded files, record the job and enqueue ``task(job_id)``."""
    job = ImportJob.objects.create(kind=kind, created_by=user, options=options)
    folder = jobs_dir() / str(job.id)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n, upload in enumerate(uploads):
        path = folder / f"{n}.upload"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        files.append([upload.name, str(path)])
    job.files = files
    job.save(update_fields=["files"])
    task.enqueue(str(job.id))
    return job


def _progress_file(job: ImportJob) -> Path:
    return jobs_dir() / str(job.id) / "progress.json"


def progress_of(job: ImportJob) -> tuple[int, int]:
    """(rows read, rows a second): live from the progress file while the job runs."""
    if job.status == ImportJob.Status.RUNNING:
        try:
            data = json.loads(_progress_file(job).read_text())
            return int(data["rows"]), int(data["per_second"])
        except (OSError, ValueError, KeyError):
            return 0, 0
    return job.rows_done, job.per_second


Work = Callable[[ImportJob, list, Callable[[int, float], None]], dict]


def run(job_id: str, work: Work, expected: tuple[type[Exception], ...]) -> None:
    """Run one queued job: ``work(job, [(name, open file)], progress)`` returns the result to record;
    an ``expected`` exception is a failure told to the host in its own words."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).first()
    if job is None:
        return
    job.status, job.started_at = ImportJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    seen = {"rows": 0, "per_second": 0}

    def progress(count: int, seconds: float) -> None:
        seen.update(rows=count, per_second=round(count / seconds) if seconds else count)
        target = _progress_file(job)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(seen))
        temporary.replace(target)

    try:
        with contextlib.ExitStack() as stack:
            files = [(name, stack.enter_context(open(path, "rb"))) for name, path in job.files]
            job.result = work(job, files, progress)
        job.status = ImportJob.Status.DONE
    except expected as exc:
        job.status, job.error = ImportJob.Status.FAILED, str(exc)
    except Exception:
        logger.exception("Import job %s failed", job.id)
        job.status, job.error = (
            ImportJob.Status.FAILED,
            "The import stopped because of an error on the server.",
        )
    finally:
        job.rows_done, job.per_second = seen["rows"], seen["per_second"]
        job.finished_at = timezone.now()
        job.save()
        shutil.rmtree(jobs_dir() / str(job.id), ignore_errors=True)


def job_from_query(request, kind: str) -> ImportJob | None:
    """The job named by ``?job=`` on an import page (404 when there is no such job of this kind)."""
    from django.http import Http404

    job_id = request.GET.get("job", "")
    if not job_id:
        return None
    try:
        return ImportJob.objects.get(pk=uuid.UUID(job_id), kind=kind)
    except (ValueError, ImportJob.DoesNotExist):
        raise Http404 from None


def job_context(job: ImportJob, poll_url: str) -> dict:
    rows, per_second = progress_of(job)
    return {"job": job, "rows": rows, "per_second": per_second, "poll_url": poll_url}


KEEP_REJECTED = 200  # rejected rows kept one by one in a report; the rest are counted by reason


@dataclass(kw_only=True)
class ImportTally:
    """What an import did, counted as it goes: the directory's and the meetings' reports share it."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    kept: int = 0  # rows rejected this time whose previous copy stays
    rejected: list = field(default_factory=list)  # the first KEEP_REJECTED only
    rejected_count: int = 0
    reason_counts: dict[str, int] = field(default_factory=dict)
    rows_read: int = 0
    seconds: float = 0.0

    def reject(self, rejected) -> None:
        self.rejected_count += 1
        self.reason_counts[rejected.reason] = self.reason_counts.get(rejected.reason, 0) + 1
        if len(self.rejected) < KEEP_REJECTED:
            self.rejected.append(rejected)

    @property
    def rejected_not_shown(self) -> int:
        return self.rejected_count - len(self.rejected)

    @property
    def per_second(self) -> int:
        return round(self.rows_read / self.seconds) if self.seconds else self.rows_read

    def rejected_by_reason(self) -> list[tuple[str, int]]:
        """(reason, how many rows), most frequent first: what the host can fix in one go."""
        return sorted(self.reason_counts.items(), key=lambda kv: -kv[1])

    def finish(self, started: float, what: str, summary: str) -> None:
        """Stop the clock (``started`` from ``time.monotonic()``) and log the import's one line."""
        self.seconds = time.monotonic() - started
        logging.getLogger("alongside.import").info(
            "%s %s",
            what,
            summary,
            extra={
                "added": self.added,
                "updated": self.updated,
                "removed": self.removed,
                "rejected": self.rejected_count,
            },
        )


def report_result(report, *, source: str, lines: list[str], notes: list[str]) -> dict:
    """What the page shows of a finished import: counts, notes, reasons and the first rejected rows."""
    return {
        "source": source,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "rejected": report.rejected_count,
        "kept": report.kept,
        "notes": notes,
        "reasons": [[reason, n] for reason, n in report.rejected_by_reason()[:20]],
        "rows": lines[:20],
        "more": max(0, report.rejected_count - min(20, len(lines))),
    }
