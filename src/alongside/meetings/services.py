"""Changing meeting data: the import (one transaction, with its audit row).

The file is read a meeting at a time (``importers.MeetingReader``) and written in batches of
``BATCH`` meetings; each meeting written or kept is marked with the import's id
(``Meeting.seen_in``), so the meetings a list no longer has are found in the database at the end,
not in a set of every id read. The memory an import needs is about one batch, whatever the file.
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.core.imports import ImportTally
from alongside.meetings import importers
from alongside.meetings.importers import FileProblem, Rejected
from alongside.meetings.models import Fellowship, Meeting
from alongside.meetings.schedule import is_valid_zone

SAMPLE_SOURCE = "sample"  # the demo's rows (meetings/demo.py)

# The fields an import sets; a row counts as updated only when one of them changed.
IMPORTED_FIELDS = (
    "fellowship",
    "name",
    "day",
    "time",
    "end_time",
    "time_zone",
    "attendance",
    "location",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "conference_url",
    "conference_phone",
    "conference_notes",
    "type_codes",
    "format_names",
    "notes",
    "url",
    "updated",
)
NO_FELLOWSHIP = "no fellowship"
SHOWN_REJECTIONS = 20  # rejected rows listed one by one; the rest are counted by reason
BATCH = 1000
PROGRESS_EVERY = 5000

Progress = Callable[[int, float], None]  # (rows read so far, seconds since the start)


@dataclass
class ImportReport(ImportTally):
    source: str
    format: str = ""
    defaulted_zone: int = 0
    time_zone: str = ""
    zone_sources: dict[str, int] = field(default_factory=dict)

    @property
    def rejected_shown(self) -> list[Rejected]:
        return self.rejected[:SHOWN_REJECTIONS]

    @property
    def rejected_not_shown(self) -> int:
        return max(0, self.rejected_count - SHOWN_REJECTIONS)

    def lines(self) -> list[str]:
        out = [
            f"Source '{self.source}' ({self.format}): {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed, {self.rejected_count} rejected."
        ]
        if self.kept:
            out.append(
                f"{self.kept} meetings whose row was rejected keep their previous copy; fix the rows "
                "and import again to update them."
            )
        if self.zone_sources:
            out.append(
                "Time zones: "
                + ", ".join(
                    f"{count} from {how}"
                    for how, count in sorted(self.zone_sources.items(), key=lambda kv: -kv[1])
                )
                + (f" ({self.time_zone})." if self.defaulted_zone else ".")
            )
        out.extend(rejection_lines(self))
        return out


def rejection_lines(report: ImportReport) -> list[str]:
    """Rejected rows by reason (most frequent first), then the first rows one by one."""
    if not report.rejected_count:
        return []
    out = ["Rejected rows by reason:"]
    out += [f"  {count} × {reason}" for reason, count in report.rejected_by_reason()]
    for r in report.rejected_shown:
        ident = f" (id {r.source_id})" if r.source_id else ""
        out.append(f"  rejected row {r.row}{ident}: {r.reason}")
    if report.rejected_not_shown:
        out.append(f"  … and {report.rejected_not_shown} more rejected rows.")
    return out


def import_meetings(
    actor,
    path: str | Path,
    *,
    source: str | None = None,
    default_zone: str | None = None,
    fellowship: str | None = None,
    formats_path: str | Path | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import one meeting list file (Meeting Guide feed or BMLT GetSearchResults JSON) as ``source``.

    Rows are matched by the source's own id: new ones are added, changed ones updated in place,
    unchanged ones left alone, and rows of this source missing from the file removed. Bad rows
    are skipped and reported; everything else applies in one transaction with one audit row.
    A row rejected this time keeps its previous copy. Raises ``FileProblem`` (a plain-language
    message) when the file as a whole is unusable or has no importable row: nothing is changed then.
    """
    path = Path(path)
    formats_text = _read(Path(formats_path)) if formats_path else None
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise FileProblem(f"There is no file at {path}.") from None
    except OSError as exc:
        raise FileProblem(f"This file cannot be read ({exc.__class__.__name__}).") from None
    with handle:
        return import_meetings_file(
            actor,
            handle,
            source=source or path.stem,
            default_zone=default_zone,
            fellowship=fellowship,
            formats_text=formats_text,
            feed_name=path.name,
            progress=progress,
        )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileProblem(f"There is no file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileProblem(f"This file cannot be read as UTF-8 text ({exc.__class__.__name__}).") from None


def import_meetings_text(actor, text: str, **kwargs) -> ImportReport:
    """``import_meetings_file`` for text already in memory."""
    return import_meetings_file(actor, io.BytesIO(text.encode("utf-8")), **kwargs)


def import_meetings_file(
    actor,
    fileobj,
    *,
    source: str,
    default_zone: str | None = None,
    fellowship: str | None = None,
    formats_text: str | None = None,
    feed_name: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """``import_meetings`` for an open binary file (an upload, a fetched feed), read a meeting at a time.

    ``default_zone`` is used only for rows whose place does not settle a zone (None: such rows are
    refused). ``fellowship`` is required unless every row names its own (BMLT lists are NA's)."""
    if fellowship and fellowship not in Fellowship.values:
        raise FileProblem(f"Unknown fellowship {fellowship!r}; use one of: {', '.join(Fellowship.values)}.")
    source = source.strip()[:64]
    if not source:
        raise FileProblem("Give the list a short source name.")
    if source == SAMPLE_SOURCE:
        raise FileProblem(
            f"The source name '{SAMPLE_SOURCE}' is kept for the demo's sample meetings; choose another."
        )
    if default_zone is not None and not is_valid_zone(default_zone):
        raise FileProblem(f"Unknown time zone {default_zone!r}. Use an IANA name such as America/Toronto.")
    reader = importers.MeetingReader(
        getattr(fileobj, "file", None) or fileobj,
        feed_name,
        default_zone=default_zone,
        fellowship=fellowship,
        formats_text=formats_text,
    )
    report = ImportReport(source=source, time_zone=default_zone or "")
    try:
        apply_rows(actor, source, reader, report, feed_name=feed_name, progress=progress)
    except importers.EmptyList as exc:
        raise FileProblem(str(exc)) from None
    return report


def nothing_importable(report: ImportReport, *, source: str = "", feed_name: str = "") -> str:
    """Why a file with rows but none importable changed nothing, and what to do."""
    top = "; ".join(f"{count} × {reason}" for reason, count in report.rejected_by_reason()[:4])
    message = f"Nothing was changed: none of the {report.rejected_count} rows could be imported ({top})."
    if any(reason.startswith(importers.NO_FELLOWSHIP) for reason in report.reason_counts):
        named = importers.fellowship_named(f"{source} {feed_name}")
        if named:
            message += (
                f" The list's name suggests {Fellowship(named).label}: if that is right, import it again "
                f"with the fellowship {named} (--fellowship {named})."
            )
        else:
            message += " Say which fellowship the list is (--fellowship)."
    if any(reason.startswith("no time zone") for reason in report.reason_counts):
        message += " Give a time zone for meetings whose place does not settle one (--time-zone)."
    return message


def apply_rows(
    actor,
    source: str,
    reader,
    report: ImportReport,
    *,
    feed_name: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Write the reader's meetings in batches, in one transaction (see the module docstring).
    ``reader`` is a ``MeetingReader`` or a list of meeting value dicts (tests, the demo)."""
    started = time.monotonic()
    mark = uuid.uuid4().hex
    if isinstance(reader, list):
        reader = [importers.Produced(n, [values]) for n, values in enumerate(reader, start=1)]
    with transaction.atomic():
        now = timezone.now()
        batch: dict[str, tuple[int, dict]] = {}
        rejected_ids: list[str] = []

        def flush() -> None:
            _write_batch(source, batch, rejected_ids, mark, now, report)
            batch.clear()
            rejected_ids.clear()

        for item in reader:
            report.rows_read += 1
            if isinstance(item, Rejected):
                report.reject(item)
                if item.source_id:
                    rejected_ids.append(item.source_id)
            else:
                for values in item.values:
                    if values["source_id"] in batch:
                        report.reject(
                            Rejected(item.row, "the same id appears earlier in the file", values["source_id"])
                        )
                    else:
                        batch[values["source_id"]] = (item.row, values)
            if len(batch) >= BATCH or len(rejected_ids) >= BATCH:
                flush()
            if progress is not None and report.rows_read % PROGRESS_EVERY == 0:
                progress(report.rows_read, time.monotonic() - started)
        flush()
        if progress is not None:
            progress(report.rows_read, time.monotonic() - started)
        parsed = getattr(reader, "parsed", None)
        if parsed is not None:
            report.format = parsed.format
            report.zone_sources, report.defaulted_zone = parsed.zone_sources, parsed.defaulted_zone
        if not (report.added or report.updated or report.unchanged):
            entities = sorted(parsed.entities) if parsed is not None else []
            # Raising inside the transaction rolls back the marks: nothing changes.
            raise FileProblem(
                nothing_importable(report, source=source, feed_name=" ".join([feed_name, *entities]))
            )
        gone = Meeting.objects.filter(source=source).exclude(seen_in=mark)
        report.removed = gone.count()
        gone.delete()
        record_event(
            actor,
            Action.CHANGED,
            kind="meetings_import",
            source=source,
            added=report.added,
            updated=report.updated,
            removed=report.removed,
            rejected=report.rejected_count,
            kept=report.kept,
        )
    report.finish(started, "Meetings import", report.lines()[0])
    return report


def _write_batch(
    source: str, batch: dict, rejected_ids: list[str], mark: str, now, report: ImportReport
) -> None:
    """Add, update or mark one batch; then mark the previous copies of rejected rows (kept), with a
    multi-day row's copies ("slug@day")."""
    existing = {
        m.source_id: m
        for m in Meeting.objects.filter(source=source, source_id__in=list(batch)).only(
            "id", "source_id", "seen_in", *IMPORTED_FIELDS
        )
    }
    to_create, to_update, unchanged = [], [], []
    for source_id, (row, values) in batch.items():
        current = existing.get(source_id)
        if current is None:
            to_create.append(Meeting(source=source, seen_in=mark, **values))
            continue
        if current.seen_in == mark:  # listed earlier in this import, in another batch
            report.reject(Rejected(row, "the same id appears earlier in the file", source_id))
            continue
        changed = False
        for name in IMPORTED_FIELDS:
            if getattr(current, name) != values[name]:
                setattr(current, name, values[name])
                changed = True
        if changed:
            current.imported_at = now  # bulk_update skips auto_now
            current.seen_in = mark
            to_update.append(current)
        else:
            unchanged.append(current.id)
    Meeting.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        Meeting.objects.bulk_update(to_update, [*IMPORTED_FIELDS, "imported_at", "seen_in"], batch_size=500)
    Meeting.objects.filter(id__in=unchanged).update(seen_in=mark)
    report.added += len(to_create)
    report.updated += len(to_update)
    report.unchanged += len(unchanged)
    ids = list(dict.fromkeys(rejected_ids))
    for start in range(0, len(ids), 100):
        chunk = ids[start : start + 100]
        copies = Q(source_id__in=chunk)
        for source_id in chunk:
            copies |= Q(source_id__startswith=f"{source_id}@")
        report.kept += (
            Meeting.objects.filter(copies, source=source).exclude(seen_in=mark).update(seen_in=mark)
        )
