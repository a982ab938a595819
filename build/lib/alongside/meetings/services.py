"""Changing meeting data: the import (one transaction, with its audit row)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
from alongside.meetings import importers
from alongside.meetings.importers import FileProblem, Rejected
from alongside.meetings.models import Fellowship, Meeting

SAMPLE_SOURCE = "sample"  # the demo's rows (meetings/demo.py)

# The fields an import sets; a row counts as updated only when one of them changed.
IMPORTED_FIELDS = (
    "fellowship", "name", "day", "time", "end_time", "time_zone", "attendance", "location", "address", "city",
    "region", "postal_code", "country", "latitude", "longitude", "conference_url", "conference_phone",
    "conference_notes", "type_codes", "notes", "url", "updated",
)


@dataclass
class ImportReport:
    source: str
    format: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    defaulted_zone: int = 0
    time_zone: str = ""

    def lines(self) -> list[str]:
        out = [
            f"Source '{self.source}' ({self.format}): {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed, {len(self.rejected)} rejected."
        ]
        if self.defaulted_zone:
            out.append(f"{self.defaulted_zone} meetings had no time zone of their own; used {self.time_zone}.")
        for r in self.rejected:
            ident = f" (id {r.source_id})" if r.source_id else ""
            out.append(f"  rejected row {r.row}{ident}: {r.reason}")
        return out


def import_meetings(
    actor,
    path: str | Path,
    *,
    source: str | None = None,
    default_zone: str = "UTC",
    fellowship: str | None = None,
) -> ImportReport:
    """Import one meeting list file (Meeting Guide feed or BMLT GetSearchResults JSON) as ``source``.

    Rows are matched by the source's own id: new ones are added, changed ones updated in place,
    unchanged ones left alone, and rows of this source missing from the file removed. Bad rows
    are skipped and reported; everything else applies in one transaction with one audit row.
    Raises ``FileProblem`` (a plain-language message) when the file as a whole is unusable.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileProblem(f"There is no file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileProblem(f"This file cannot be read as UTF-8 text ({exc.__class__.__name__}).") from None
    return import_meetings_text(actor, text, source=source or path.stem, default_zone=default_zone,
                                fellowship=fellowship)


def import_meetings_text(actor, text: str, *, source: str, default_zone: str = "UTC",
                         fellowship: str | None = None) -> ImportReport:
    """``import_meetings`` for text already read (the host's upload page)."""
    if fellowship and fellowship not in Fellowship.values:
        raise FileProblem(f"Unknown fellowship {fellowship!r}; use one of: {', '.join(Fellowship.values)}.")
    source = source.strip()[:64]
    if not source:
        raise FileProblem("Give the list a short source name.")
    if source == SAMPLE_SOURCE:
        raise FileProblem(f"The source name '{SAMPLE_SOURCE}' is kept for the demo's sample meetings; choose another.")
    parsed = importers.parse(text, default_zone=default_zone, fellowship=fellowship)
    if not parsed.rows:
        raise FileProblem(
            f"None of the {len(parsed.rejected)} rows could be imported, so nothing was changed. "
            + "; ".join(f"row {r.row}: {r.reason}" for r in parsed.rejected[:5])
        )
    locate_by_postal_code(parsed.rows)
    report = ImportReport(
        source=source, format=parsed.format, rejected=parsed.rejected, defaulted_zone=parsed.defaulted_zone,
        time_zone=default_zone,
    )
    apply_rows(actor, source, parsed.rows, report)
    return report


def locate_by_postal_code(rows: list[dict]) -> int:
    """Rows with a postal code but no coordinates get the postal area's centre (offline data from
    the directory app), so a place search finds them. Returns how many were placed."""
    try:
        from alongside.directory.places import postal_point
    except ImportError:
        return 0
    cache: dict[tuple[str, str], object] = {}
    placed = 0
    for row in rows:
        if row["latitude"] is not None or not row["postal_code"] or row["attendance"] == "online":
            continue
        key = (row["postal_code"], row["country"])
        if key not in cache:
            cache[key] = postal_point(*key)
        point = cache[key]
        if point is not None:
            row["latitude"], row["longitude"] = round(point.latitude, 6), round(point.longitude, 6)
            placed += 1
    return placed


@transaction.atomic
def apply_rows(actor, source: str, rows: list[dict], report: ImportReport) -> ImportReport:
    existing = {m.source_id: m for m in Meeting.objects.filter(source=source).only("id", "source_id", *IMPORTED_FIELDS)}
    to_create, to_update = [], []
    now = timezone.now()
    for values in rows:
        current = existing.pop(values["source_id"], None)
        if current is None:
            to_create.append(Meeting(source=source, **values))
            continue
        changed = False
        for name in IMPORTED_FIELDS:
            if getattr(current, name) != values[name]:
                setattr(current, name, values[name])
                changed = True
        if changed:
            current.imported_at = now  # bulk_update skips auto_now
            to_update.append(current)
        else:
            report.unchanged += 1
    Meeting.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        Meeting.objects.bulk_update(to_update, [*IMPORTED_FIELDS, "imported_at"], batch_size=500)
    gone = [m.id for m in existing.values()]
    for start in range(0, len(gone), 500):
        Meeting.objects.filter(id__in=gone[start:start + 500]).delete()
    report.added, report.updated, report.removed = len(to_create), len(to_update), len(gone)
    record_event(
        actor, Action.CHANGED, kind="meetings_import", source=source, added=report.added, updated=report.updated,
        removed=report.removed, rejected=len(report.rejected),
    )
    return report
