"""Changing meeting data: the import (one transaction, with its audit row)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from alongside.audit.models import Action
from alongside.audit.services import record_event
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


@dataclass
class ImportReport:
    source: str
    format: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    kept: int = 0  # meetings whose row was rejected this time: their previous copy stays
    defaulted_zone: int = 0
    time_zone: str = ""
    zone_sources: dict[str, int] = field(default_factory=dict)

    def rejected_by_reason(self) -> list[tuple[str, int]]:
        """(reason, how many rows), most frequent first: what the host can fix in one go."""
        counts: dict[str, int] = {}
        for r in self.rejected:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])

    @property
    def rejected_shown(self) -> list[Rejected]:
        return self.rejected[:SHOWN_REJECTIONS]

    @property
    def rejected_not_shown(self) -> int:
        return max(0, len(self.rejected) - SHOWN_REJECTIONS)

    def lines(self) -> list[str]:
        out = [
            f"Source '{self.source}' ({self.format}): {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed, {len(self.rejected)} rejected."
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
        out.extend(rejection_lines(self.rejected))
        return out


def rejection_lines(rejected: list[Rejected]) -> list[str]:
    """Rejected rows by reason (most frequent first), then the first rows one by one."""
    if not rejected:
        return []
    by_reason: dict[str, int] = {}
    for r in rejected:
        by_reason[r.reason] = by_reason.get(r.reason, 0) + 1
    out = ["Rejected rows by reason:"]
    out += [f"  {count} × {reason}" for reason, count in sorted(by_reason.items(), key=lambda kv: -kv[1])]
    for r in rejected[:SHOWN_REJECTIONS]:
        ident = f" (id {r.source_id})" if r.source_id else ""
        out.append(f"  rejected row {r.row}{ident}: {r.reason}")
    if len(rejected) > SHOWN_REJECTIONS:
        out.append(f"  … and {len(rejected) - SHOWN_REJECTIONS} more rejected rows.")
    return out


def import_meetings(
    actor,
    path: str | Path,
    *,
    source: str | None = None,
    default_zone: str | None = None,
    fellowship: str | None = None,
    formats_path: str | Path | None = None,
) -> ImportReport:
    """Import one meeting list file (Meeting Guide feed or BMLT GetSearchResults JSON) as ``source``.

    Rows are matched by the source's own id: new ones are added, changed ones updated in place,
    unchanged ones left alone, and rows of this source missing from the file removed. Bad rows
    are skipped and reported; everything else applies in one transaction with one audit row.
    A row rejected this time keeps its previous copy. Raises ``FileProblem`` (a plain-language
    message) when the file as a whole is unusable or has no importable row: nothing is changed then.
    """
    path = Path(path)
    text = _read(path)
    formats_text = _read(Path(formats_path)) if formats_path else None
    return import_meetings_text(
        actor,
        text,
        source=source or path.stem,
        default_zone=default_zone,
        fellowship=fellowship,
        formats_text=formats_text,
        feed_name=path.name,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileProblem(f"There is no file at {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FileProblem(f"This file cannot be read as UTF-8 text ({exc.__class__.__name__}).") from None


def import_meetings_text(
    actor,
    text: str,
    *,
    source: str,
    default_zone: str | None = None,
    fellowship: str | None = None,
    formats_text: str | None = None,
    feed_name: str = "",
) -> ImportReport:
    """``import_meetings`` for text already read (the host's upload page).

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
    try:
        parsed = importers.parse(
            text, default_zone=default_zone, fellowship=fellowship, formats_text=formats_text
        )
    except importers.EmptyList as exc:
        raise FileProblem(str(exc)) from None
    if not parsed.rows:
        raise FileProblem(
            nothing_importable(
                parsed.rejected, source=source, feed_name=" ".join([feed_name, *sorted(parsed.entities)])
            )
        )
    report = ImportReport(
        source=source,
        format=parsed.format,
        rejected=parsed.rejected,
        defaulted_zone=parsed.defaulted_zone,
        time_zone=default_zone or "",
        zone_sources=parsed.zone_sources,
    )
    apply_rows(actor, source, parsed.rows, report)
    return report


def nothing_importable(rejected: list[Rejected], *, source: str = "", feed_name: str = "") -> str:
    """Why a file with rows but none importable changed nothing, and what to do."""
    reasons: dict[str, int] = {}
    for r in rejected:
        reasons[r.reason] = reasons.get(r.reason, 0) + 1
    top = "; ".join(
        f"{count} × {reason}" for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1])[:4]
    )
    message = f"Nothing was changed: none of the {len(rejected)} rows could be imported ({top})."
    if any(r.reason.startswith(importers.NO_FELLOWSHIP) for r in rejected):
        named = importers.fellowship_named(f"{source} {feed_name}")
        if named:
            message += (
                f" The list's name suggests {Fellowship(named).label}: if that is right, import it again "
                f"with the fellowship {named} (--fellowship {named})."
            )
        else:
            message += " Say which fellowship the list is (--fellowship)."
    if any(r.reason.startswith("no time zone") for r in rejected):
        message += " Give a time zone for meetings whose place does not settle one (--time-zone)."
    return message


@transaction.atomic
def apply_rows(actor, source: str, rows: list[dict], report: ImportReport) -> ImportReport:
    existing = {
        m.source_id: m
        for m in Meeting.objects.filter(source=source).only("id", "source_id", *IMPORTED_FIELDS)
    }
    # A row rejected this time keeps its previous good copy (and a multi-day row its copies, "slug@day").
    rejected_ids = {r.source_id for r in report.rejected if r.source_id}
    for source_id in [i for i in existing if i in rejected_ids or i.rpartition("@")[0] in rejected_ids]:
        existing.pop(source_id)
        report.kept += 1
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
        Meeting.objects.filter(id__in=gone[start : start + 500]).delete()
    report.added, report.updated, report.removed = len(to_create), len(to_update), len(gone)
    record_event(
        actor,
        Action.CHANGED,
        kind="meetings_import",
        source=source,
        added=report.added,
        updated=report.updated,
        removed=report.removed,
        rejected=len(report.rejected),
        kept=report.kept,
    )
    logging.getLogger("alongside.import").info(
        "Meetings import %s",
        report.lines()[0],
        extra={
            "added": report.added,
            "updated": report.updated,
            "removed": report.removed,
            "rejected": len(report.rejected),
        },
    )
    return report
