"""The facility import page's uploads, imported by the background worker (``core/imports.py``)."""

from __future__ import annotations

from django_tasks import task

from alongside.core import imports
from alongside.directory.importers import ImportFileError, import_files, parse_mapping


def _work(job, files, progress) -> dict:
    options = job.options
    report = import_files(
        files,
        fmt=options.get("format", ""),
        source_key=options.get("source", ""),
        source_label=options.get("label", ""),
        mapping=parse_mapping(options.get("mapping", "")),
        country=options.get("country", ""),
        actor=job.created_by,
        progress=progress,
    )
    return imports.report_result(
        report, source=report.source, lines=[str(r) for r in report.rejected], notes=report.notes
    )


@task()
def run_facility_import(job_id: str) -> None:
    imports.run(job_id, _work, (ImportFileError,))
