"""Importing treatment facilities: the US locator's JSON export and CSV lists.

Reading and applying are apart. The readers (``LocatorReader``, ``CsvReader``) stream a file a row
at a time and yield clean rows (``Row``) or rejected rows (``Rejected``: where, why); neither holds
the file or its rows in memory. ``apply_import`` writes one source's rows in a single transaction,
in batches of ``BATCH`` rows: new ids are added, changed rows updated in place, identical rows left
alone, and rows the source no longer lists removed. Each row written or kept is marked with the
import's id (``Facility.seen_in``), so what the source no longer lists is found in the database, not
in a set of every id read. A broken row never stops the others; a file that cannot be read at all
raises ``ImportFileError`` with a message for people, and a file with no importable row changes
nothing (the transaction is rolled back).

Removal needs the whole source: the locator's export comes in pages, so rows are removed
only when every page (1 to ``totalPages``) is given in the same import. Otherwise the
report says why nothing was removed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.utils import timezone

from alongside.core import jsonstream
from alongside.core.imports import ImportTally
from alongside.directory import features as feats
from alongside.directory import places

BATCH = 1000  # rows written per round trip; the memory an import needs is about one batch
PROGRESS_EVERY = 5000  # rows between two progress reports

Progress = Callable[[int, float], None]  # (rows read so far, seconds since the start)

LOCATOR_SOURCE = {
    "key": "findtreatment-gov",
    "label": "FindTreatment.gov (SAMHSA)",
    "url": "https://findtreatment.gov/",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the person importing."""


@dataclass
class Rejected:
    where: str
    reason: str
    ref: str = ""  # the row's id when it could be read: its previous copy is kept

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Row:
    where: str
    ref: str
    values: dict


@dataclass
class ImportReport(ImportTally):
    source: str
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        kept = f" ({self.kept} kept their previous copy)" if self.kept else ""
        return (
            f"{self.source}: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {self.rejected_count} rejected{kept}"
        )


@dataclass
class ReadResult:
    """Rows already read (the demo's sample rows, tests): iterated like a reader."""

    rows: dict[str, dict]  # source_ref -> field values
    rejected: list[Rejected]
    complete: bool  # the whole source is here, so missing rows may be removed
    notes: list[str]

    def __iter__(self) -> Iterator[Row | Rejected]:
        yield from self.rejected
        for ref, values in self.rows.items():
            yield Row(ref, ref, values)


def collect(reader: Iterable[Row | Rejected]) -> ReadResult:
    """Every row of a reader in memory (small files and tests; imports stream instead)."""
    rows: dict[str, dict] = {}
    where_of: dict[str, str] = {}
    rejected: list[Rejected] = []
    for item in reader:
        if isinstance(item, Rejected):
            rejected.append(item)
        elif item.ref in rows:
            if rows[item.ref] != item.values:
                rejected.append(
                    Rejected(item.where, f"the same id as {where_of[item.ref]}, with other details")
                )
        else:
            rows[item.ref], where_of[item.ref] = item.values, item.where
    return ReadResult(rows, rejected, getattr(reader, "complete", True), list(getattr(reader, "notes", [])))


def _binary(content) -> IO[bytes]:
    """A file to read from: bytes are wrapped, an upload gives its underlying file."""
    if isinstance(content, (bytes, bytearray)):
        return io.BytesIO(content)
    return getattr(content, "file", None) or content


def _text(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise ValueError("a text field holds a list or an object")
    return str(value).strip()[:limit]


def _coordinate(value, name: str, bound: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not math.isfinite(number) or not -bound <= number <= bound:
        raise ValueError(f"{name} {value!r} is out of range")
    return round(number, 7)


# --- The US locator's JSON export ------------------------------------------------------------


def _locator_row(row) -> tuple[str, dict]:
    if not isinstance(row, dict):
        raise ValueError("the row is not an object")
    ref = _text(row.get("frid"), 200)
    if not ref:
        raise ValueError("no frid (the locator's id)")
    name = _text(row.get("name1"), 300)
    if not name:
        raise ValueError("no name (name1)")
    services_in = row.get("services") or []
    if not isinstance(services_in, list):
        raise ValueError("services is not a list")
    services: list[list[str]] = []
    for item in services_in:
        if not isinstance(item, dict):
            raise ValueError("a service is not an object")
        code = _text(item.get("f2"), 20)
        for value in _text(item.get("f3"), 5000).split(";"):
            if value.strip():
                services.append([code, " ".join(value.split())])
    mask, languages = feats.locator_features([(c, v) for c, v in services])
    street = ", ".join(p for p in (_text(row.get("street1"), 200), _text(row.get("street2"), 200)) if p)
    return ref, {
        "name": name,
        "name2": _text(row.get("name2"), 300),
        "street": street,
        "city": _text(row.get("city"), 120),
        "region": _text(row.get("state"), 60),
        "postal_code": _text(row.get("zip"), 20),
        "country": "US",
        "phone": _text(row.get("phone"), 60),
        "intake_phone": _text(row.get("intake1"), 60) or _text(row.get("hotline1"), 60),
        "website": _text(row.get("website"), 500),
        "latitude": _coordinate(row.get("latitude"), "latitude", 90),
        "longitude": _coordinate(row.get("longitude"), "longitude", 180),
        "features": mask,
        "languages": feats.encode_languages(languages),
        "services": services,
    }


class LocatorReader:
    """One or many pages of the locator's export, as (file name, bytes or binary file), read a row at
    a time. After iterating, ``complete`` says whether every page was given and ``notes`` why not."""

    def __init__(self, files: Iterable[tuple[str, object]]):
        self.files = files
        self.complete, self.notes = True, []

    def __iter__(self) -> Iterator[Row | Rejected]:
        pages: set[int] = set()
        total_pages = 0
        unpaged = False
        for name, content in self.files:
            envelope: dict = {}
            index = 0
            try:
                for index, raw in enumerate(  # noqa: B007 (index is read after the loop)
                    jsonstream.iter_list(_binary(content), name, envelope, ("rows",)), start=1
                ):
                    page = envelope.get("page")  # known when it comes before the rows, as in the export
                    where = f"{name}, page {page}, row {index}" if page else f"{name}, row {index}"
                    try:
                        ref, values = _locator_row(raw)
                    except ValueError as exc:
                        label = raw.get("name1") if isinstance(raw, dict) else None
                        ref = str(raw.get("frid") or "").strip()[:200] if isinstance(raw, dict) else ""
                        yield Rejected(f"{where}{f' ({label})' if label else ''}", str(exc), ref)
                        continue
                    yield Row(where, ref, values)
            except jsonstream.StreamError as exc:
                raise ImportFileError(str(exc)) from None
            if not (envelope.get("_list") or envelope.get("_key")):
                raise ImportFileError(
                    f"{name}: this does not look like the treatment locator's export "
                    '(expected an object with a list of "rows").'
                )
            try:
                page, total = int(envelope.get("page") or 0), int(envelope.get("totalPages") or 0)
            except (TypeError, ValueError):
                page, total = 0, 0
            if page and total:
                pages.add(page)
                total_pages = max(total_pages, total)
            else:
                unpaged = True
        self.complete, self.notes = True, []
        if total_pages:
            missing = sorted(set(range(1, total_pages + 1)) - pages)
            if missing:
                self.complete = False
                self.notes.append(
                    f"Pages given: {len(pages)} of {total_pages}. Nothing was removed: rows are removed only "
                    "when every page of the export is imported together."
                )
        elif not unpaged:
            self.complete = False


def read_locator(files: Iterable[tuple[str, object]]) -> ReadResult:
    """The locator reader's rows in memory (tests and small files; imports stream)."""
    return collect(LocatorReader(files))


# --- CSV with a column mapping ------------------------------------------------------------------

CSV_FIELDS = (
    "id",
    "name",
    "name2",
    "street",
    "city",
    "region",
    "postal_code",
    "country",
    "phone",
    "intake_phone",
    "website",
    "latitude",
    "longitude",
    "services",
    "languages",
)
YES = {"1", "y", "yes", "true", "oui", "si", "sí", "x"}


def parse_mapping(text: str) -> dict[str, str]:
    """``field=Column`` pairs, one a line or separated by commas. Fields are ours (see
    ``CSV_FIELDS``) or a feature key (a yes/no column, e.g. ``buprenorphine=Offers Suboxone``)."""
    mapping: dict[str, str] = {}
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        ours, sep, theirs = part.partition("=")
        ours = ours.strip().lower()
        if not sep or not theirs.strip():
            raise ImportFileError(f"The column mapping {part.strip()!r} should look like name=Their column.")
        if ours not in CSV_FIELDS and ours not in feats.FEATURES:
            raise ImportFileError(
                f"The column mapping names {ours!r}, which is not one of: {', '.join(CSV_FIELDS)}, "
                f"or a filter ({', '.join(feats.FEATURES)})."
            )
        mapping[ours] = theirs.strip()
    return mapping


class CsvReader:
    """A CSV file with a column mapping, read a row at a time (see ``parse_mapping``)."""

    complete = True
    notes: list[str] = []

    def __init__(self, name: str, content, mapping: dict[str, str] | None = None, country: str = ""):
        self.name, self.country = name, country
        self.text = io.TextIOWrapper(_binary(content), encoding="utf-8-sig", newline="")
        try:
            sample = self.text.read(4096)
            self.text.seek(0)
        except UnicodeDecodeError:
            raise ImportFileError(f"{name}: the file is not UTF-8 text.") from None
        try:
            self.dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            self.dialect = csv.excel
        self.reader = csv.DictReader(self.text, dialect=self.dialect)
        try:
            header = [h.strip() for h in (self.reader.fieldnames or [])]
        except UnicodeDecodeError:
            raise ImportFileError(f"{name}: the file is not UTF-8 text.") from None
        if not header:
            raise ImportFileError(f"{name}: the file is empty.")
        self.reader.fieldnames = header
        mapping = dict(mapping or {})
        for ours in CSV_FIELDS:  # columns named like ours need no mapping
            if ours not in mapping and ours in header:
                mapping[ours] = ours
        self.key_columns = _key_columns(mapping.get("id", ""), header)
        absent = [theirs for ours, theirs in mapping.items() if ours != "id" and theirs not in header]
        absent += [column for column in self.key_columns if column not in header]
        if absent:
            raise ImportFileError(
                f"{name}: the mapping names columns the file does not have: {', '.join(absent)}. "
                f"Its columns are: {', '.join(header)}."
            )
        if "id" not in mapping:
            raise ImportFileError(
                f"{name}: no column for 'id'; add a mapping such as id=Their column, or, when no column is an id, "
                "a key made of several columns that together tell the rows apart, such as id=Name+Street+Postal code."
            )
        if "name" not in mapping:
            raise ImportFileError(f"{name}: no column for 'name'; add a mapping such as name=Their column.")
        self.mapping = mapping

    def __iter__(self) -> Iterator[Row | Rejected]:
        try:
            for line_no, raw in enumerate(self.reader, start=2):
                where = f"{self.name}, line {line_no}"
                ref = ""
                try:
                    ref = _csv_ref(raw, self.key_columns)
                    ref, values = _csv_row(raw, self.mapping, self.country, ref)
                except ValueError as exc:
                    yield Rejected(where, str(exc), ref)
                    continue
                yield Row(where, ref, values)
        except csv.Error as exc:
            raise ImportFileError(f"{self.name}: the CSV cannot be read ({exc}).") from None
        except UnicodeDecodeError:
            raise ImportFileError(f"{self.name}: the file is not UTF-8 text.") from None


def read_csv(name: str, content, mapping: dict[str, str] | None = None, country: str = "") -> ReadResult:
    """The CSV reader's rows in memory (tests and small files; imports stream)."""
    return collect(CsvReader(name, content, mapping, country))


def _key_columns(theirs: str, header: list[str]) -> list[str]:
    """The id column, or the columns of a composite key ("Name+Street+Postal code")."""
    if not theirs or theirs in header or "+" not in theirs:
        return [theirs] if theirs else []
    return [column.strip() for column in theirs.split("+") if column.strip()]


def _csv_ref(raw: dict, key_columns: list[str]) -> str:
    """The row's id: one column as it is, or a composite key's values (spacing and case evened out,
    so a re-export that only changes those keeps the same id). Longer than the column holds: hashed."""
    if len(key_columns) == 1:
        ref = _text(raw.get(key_columns[0]), 10_000)
        if not ref:
            raise ValueError("no id")
    else:
        parts = [" ".join(_text(raw.get(column), 1000).split()).casefold() for column in key_columns]
        empty = [column for column, part in zip(key_columns, parts, strict=True) if not part]
        if empty:
            raise ValueError(f"the key column {empty[0]!r} is empty")
        ref = " | ".join(parts)
    return ref if len(ref) <= 200 else "sha256:" + hashlib.sha256(ref.encode()).hexdigest()


def _csv_row(raw: dict, mapping: dict[str, str], default_country: str, ref: str) -> tuple[str, dict]:
    def get(ours: str, limit: int = 300) -> str:
        column = mapping.get(ours)
        return _text(raw.get(column), limit) if column else ""

    name = get("name")
    if not name:
        raise ValueError("no name")
    mask, languages = feats.words_to_features(get("services", 5000))
    for key in feats.FEATURES:
        if key in mapping and get(key).lower() in YES:
            mask |= feats.FEATURES[key].bit
    for word in get("languages", 500).replace(",", ";").split(";"):
        code = feats.language_code(word) if word.strip() else None
        if code:
            languages.append(code)
    country = (get("country", 2) or default_country or "").upper()
    postal = get("postal_code", 20)
    if get("latitude") or get("longitude"):
        lat = _coordinate(get("latitude"), "latitude", 90)
        lon = _coordinate(get("longitude"), "longitude", 180)
    else:
        place = places.postal_point(postal, country) if postal else None
        if place is None:
            raise ValueError("no coordinates, and no postal code we can place")
        lat, lon = place.latitude, place.longitude
        country = country or place.country
    return ref, {
        "name": name,
        "name2": get("name2"),
        "street": get("street"),
        "city": get("city", 120),
        "region": get("region", 60),
        "postal_code": postal,
        "country": country or "US",
        "phone": get("phone", 60),
        "intake_phone": get("intake_phone", 60),
        "website": get("website", 500),
        "latitude": lat,
        "longitude": lon,
        "features": mask,
        "languages": feats.encode_languages(languages),
        "services": [],
    }


# --- Applying ------------------------------------------------------------------------------------


def apply_import(
    source_spec: dict,
    reader: Iterable[Row | Rejected],
    *,
    actor=None,
    is_sample: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write one source's rows in one transaction, a batch at a time; see the module docstring.
    ``reader`` is a ``LocatorReader``, a ``CsvReader`` or a ``ReadResult``."""
    from alongside.audit.models import Action
    from alongside.audit.services import record_event
    from alongside.directory.models import Facility, FacilitySource

    report = ImportReport(source=source_spec.get("label") or source_spec["key"])
    started = time.monotonic()
    mark = uuid.uuid4().hex
    with transaction.atomic():
        source, _created = FacilitySource.objects.get_or_create(
            key=source_spec["key"],
            defaults={
                "label": source_spec.get("label") or source_spec["key"],
                "url": source_spec.get("url", ""),
                "is_sample": is_sample,
            },
        )
        now = timezone.now()
        batch: dict[str, Row] = {}
        rejected_refs: list[str] = []

        def flush() -> None:
            _write_batch(Facility, source, batch, rejected_refs, mark, now, report)
            batch.clear()
            rejected_refs.clear()

        for item in reader:
            report.rows_read += 1
            if isinstance(item, Rejected):
                report.reject(item)
                if item.ref:
                    rejected_refs.append(item.ref)
            elif item.ref in batch:
                if batch[item.ref].values != item.values:
                    report.reject(
                        Rejected(item.where, f"the same id as {batch[item.ref].where}, with other details")
                    )
            else:
                batch[item.ref] = item
            if len(batch) >= BATCH or len(rejected_refs) >= BATCH:
                flush()
            if progress is not None and report.rows_read % PROGRESS_EVERY == 0:
                progress(report.rows_read, time.monotonic() - started)
        flush()
        if progress is not None:
            progress(report.rows_read, time.monotonic() - started)
        report.notes = list(getattr(reader, "notes", []))
        if not (report.added or report.updated or report.unchanged):
            raise ImportFileError(nothing_importable(report))  # rolls back: nothing changes
        if getattr(reader, "complete", True):
            # A row rejected this time was marked too, so it keeps its previous copy.
            gone = Facility.objects.filter(source=source).exclude(seen_in=mark)
            report.removed = gone.count()
            gone.delete()
        source.imported_at = now
        source.save(update_fields=["imported_at"])
        record_event(
            actor,
            Action.CHANGED,
            target=source,
            added=report.added,
            updated=report.updated,
            unchanged=report.unchanged,
            removed=report.removed,
            rejected=report.rejected_count,
            kept=report.kept,
        )
    report.finish(started, "Facility import", report.summary())
    return report


def _write_batch(
    Facility, source, batch: dict[str, Row], rejected_refs: list[str], mark, now, report
) -> None:  # noqa: N803
    """Add, update or mark one batch of rows; then mark the previous copies of rejected rows (kept)."""
    fields = Facility.DATA_FIELDS
    existing = {
        row["source_ref"]: row
        for row in Facility.objects.filter(source=source, source_ref__in=list(batch)).values(
            "id", "source_ref", "seen_in", *fields
        )
    }
    new, changed, unchanged = [], [], []
    for ref, row in batch.items():
        old = existing.get(ref)
        if old is None:
            new.append(Facility(source=source, source_ref=ref, updated_at=now, seen_in=mark, **row.values))
        elif old["seen_in"] == mark:  # listed earlier in this import, in another batch
            if any(old[f] != row.values[f] for f in fields):
                report.reject(Rejected(row.where, "the same id as an earlier row, with other details"))
        elif any(old[f] != row.values[f] for f in fields):
            changed.append(
                Facility(
                    id=old["id"], source=source, source_ref=ref, updated_at=now, seen_in=mark, **row.values
                )
            )
        else:
            unchanged.append(old["id"])
    Facility.objects.bulk_create(new, batch_size=BATCH)
    Facility.objects.bulk_update(changed, [*fields, "updated_at", "seen_in"], batch_size=500)
    Facility.objects.filter(id__in=unchanged).update(seen_in=mark)
    report.added += len(new)
    report.updated += len(changed)
    report.unchanged += len(unchanged)
    if rejected_refs:
        report.kept += (
            Facility.objects.filter(source=source, source_ref__in=set(rejected_refs))
            .exclude(seen_in=mark)
            .update(seen_in=mark)
        )


def nothing_importable(report: ImportReport) -> str:
    if not report.rejected_count:
        return "The file lists no facilities, so nothing was changed."
    top = "; ".join(f"{count} × {reason}" for reason, count in report.rejected_by_reason()[:4])
    return (
        f"Nothing was changed: none of the {report.rejected_count} rows could be imported ({top}). "
        f"First: {report.rejected[0]}."
    )


def sniff_format(name: str, content: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".json"):
        return "locator"
    if lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    start = content.lstrip()[:1]
    return "locator" if start in (b"{", b"[") else "csv"


def import_files(
    files: list[tuple[str, object]],
    *,
    fmt: str = "",
    source_key: str = "",
    source_label: str = "",
    mapping: dict[str, str] | None = None,
    country: str = "",
    actor=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a set of files of one format into one source (the command, the upload page and its
    background job). Files are (name, bytes or binary file); files are read a row at a time."""
    if not files:
        raise ImportFileError("No file was given.")
    if not fmt:
        name, content = files[0]
        head = content[:64] if isinstance(content, (bytes, bytearray)) else b""
        fmt = sniff_format(name, head)
    if fmt == "locator":
        spec = dict(LOCATOR_SOURCE)
        if source_key:
            spec.update(key=source_key, label=source_label or source_key)
        return apply_import(spec, LocatorReader(files), actor=actor, progress=progress)
    if fmt == "csv":
        if len(files) != 1:
            raise ImportFileError("Import one CSV file at a time.")
        name, content = files[0]
        key = source_key or name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower().replace(" ", "-")[:80]
        spec = {"key": key, "label": source_label or key, "url": ""}
        return apply_import(spec, CsvReader(name, content, mapping, country), actor=actor, progress=progress)
    raise ImportFileError(f"Unknown format {fmt!r}: use locator (JSON) or csv.")
