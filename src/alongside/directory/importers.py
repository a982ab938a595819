"""Importing treatment facilities: the US locator's JSON export and CSV lists.

Reading and applying are apart. The readers turn a file into clean rows and a list of
rejected rows (where, why); ``apply_import`` writes one source's rows in a single
transaction: new ids are added, changed rows updated in place, identical rows left alone,
and rows the source no longer lists removed. A broken row never stops the others; a file
that cannot be read at all raises ``ImportFileError`` with a message for people.

Removal needs the whole source: the locator's export comes in pages, so rows are removed
only when every page (1 to ``totalPages``) is given in the same import. Otherwise the
report says why nothing was removed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from alongside.directory import features as feats
from alongside.directory import places

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
class ImportReport:
    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kept: int = 0  # facilities whose row was rejected this time: their previous copy stays

    def rejected_by_reason(self) -> list[tuple[str, int]]:
        """(reason, how many rows), most frequent first: what the host can fix in one go."""
        counts: dict[str, int] = {}
        for r in self.rejected:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        return sorted(counts.items(), key=lambda kv: -kv[1])

    def summary(self) -> str:
        kept = f" ({self.kept} kept their previous copy)" if self.kept else ""
        return (
            f"{self.source}: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.rejected)} rejected{kept}"
        )


@dataclass
class ReadResult:
    rows: dict[str, dict]  # source_ref -> field values
    rejected: list[Rejected]
    complete: bool  # the whole source is here, so missing rows may be removed
    notes: list[str]


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


def _decode(name: str, content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(f"{name}: the file is not UTF-8 text.") from None


def read_locator(files: Iterable[tuple[str, bytes]]) -> ReadResult:
    """One or many pages of the locator's export, as (file name, bytes)."""
    rows: dict[str, dict] = {}
    where_of: dict[str, str] = {}
    rejected: list[Rejected] = []
    pages: set[int] = set()
    total_pages: int | None = None
    unpaged = False
    for name, content in files:
        try:
            data = json.loads(_decode(name, content))
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"{name}: this is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            page_rows = data["rows"]
            try:
                page = int(data.get("page") or 0)
                total = int(data.get("totalPages") or 0)
            except (TypeError, ValueError):
                page, total = 0, 0
            if page and total:
                pages.add(page)
                total_pages = max(total_pages or 0, total)
            else:
                unpaged = True
        elif isinstance(data, list):
            page_rows, page, unpaged = data, 0, True
        else:
            raise ImportFileError(
                f"{name}: this does not look like the treatment locator's export "
                '(expected an object with a list of "rows").'
            )
        for index, raw in enumerate(page_rows, start=1):
            where = f"{name}, page {page}, row {index}" if page else f"{name}, row {index}"
            try:
                ref, values = _locator_row(raw)
            except ValueError as exc:
                label = raw.get("name1") if isinstance(raw, dict) else None
                ref = str(raw.get("frid") or "").strip()[:200] if isinstance(raw, dict) else ""
                rejected.append(Rejected(f"{where}{f' ({label})' if label else ''}", str(exc), ref))
                continue
            if ref in rows:
                if rows[ref] != values:
                    rejected.append(Rejected(where, f"the same frid as {where_of[ref]}, with other details"))
                continue
            rows[ref], where_of[ref] = values, where
    notes = []
    complete = True
    if total_pages:
        missing = sorted(set(range(1, total_pages + 1)) - pages)
        if missing:
            complete = False
            notes.append(
                f"Pages given: {len(pages)} of {total_pages}. Nothing was removed: rows are removed only when "
                "every page of the export is imported together."
            )
    elif not unpaged:
        complete = False
    return ReadResult(rows, rejected, complete, notes)


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


def read_csv(
    name: str, content: bytes, mapping: dict[str, str] | None = None, country: str = ""
) -> ReadResult:
    text = _decode(name, content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise ImportFileError(f"{name}: the file is empty.")
    reader.fieldnames = header
    mapping = dict(mapping or {})
    for ours in CSV_FIELDS:  # columns named like ours need no mapping
        if ours not in mapping and ours in header:
            mapping[ours] = ours
    key_columns = _key_columns(mapping.get("id", ""), header)
    absent = [theirs for ours, theirs in mapping.items() if ours != "id" and theirs not in header]
    absent += [column for column in key_columns if column not in header]
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
    rows: dict[str, dict] = {}
    where_of: dict[str, str] = {}
    rejected: list[Rejected] = []
    try:
        for line_no, raw in enumerate(reader, start=2):
            where = f"{name}, line {line_no}"
            ref = ""
            try:
                ref = _csv_ref(raw, key_columns)
                ref, values = _csv_row(raw, mapping, country, ref)
            except ValueError as exc:
                rejected.append(Rejected(where, str(exc), ref))
                continue
            if ref in rows:
                rejected.append(Rejected(where, f"the same id as {where_of[ref]}"))
                continue
            rows[ref], where_of[ref] = values, where
    except csv.Error as exc:
        raise ImportFileError(f"{name}: the CSV cannot be read ({exc}).") from None
    return ReadResult(rows, rejected, True, [])


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
    source_spec: dict, result: ReadResult, *, actor=None, is_sample: bool = False
) -> ImportReport:
    """Write one source's rows in one transaction; see the module docstring."""
    from alongside.audit.models import Action
    from alongside.audit.services import record_event
    from alongside.directory.models import Facility, FacilitySource

    report = ImportReport(
        source=source_spec.get("label") or source_spec["key"],
        rejected=list(result.rejected),
        notes=list(result.notes),
    )
    if not result.rows:
        raise ImportFileError(nothing_importable(result.rejected))
    with transaction.atomic():
        source, _created = FacilitySource.objects.get_or_create(
            key=source_spec["key"],
            defaults={
                "label": source_spec.get("label") or source_spec["key"],
                "url": source_spec.get("url", ""),
                "is_sample": is_sample,
            },
        )
        existing = {
            row["source_ref"]: row
            for row in Facility.objects.filter(source=source).values(
                "id", "source_ref", *Facility.DATA_FIELDS
            )
        }
        now = timezone.now()
        new, changed = [], []
        for ref, values in result.rows.items():
            old = existing.get(ref)
            if old is None:
                new.append(Facility(source=source, source_ref=ref, updated_at=now, **values))
            elif any(old[f] != values[f] for f in Facility.DATA_FIELDS):
                changed.append(
                    Facility(id=old["id"], source=source, source_ref=ref, updated_at=now, **values)
                )
            else:
                report.unchanged += 1
        Facility.objects.bulk_update(changed, [*Facility.DATA_FIELDS, "updated_at"], batch_size=500)
        Facility.objects.bulk_create(new, batch_size=1000)
        report.added, report.updated = len(new), len(changed)
        if result.complete:
            # A row rejected this time keeps its previous copy: only rows the source no longer lists go.
            rejected_refs = {r.ref for r in result.rejected if r.ref}
            report.kept = sum(1 for ref in existing if ref in rejected_refs and ref not in result.rows)
            gone = [
                old["id"]
                for ref, old in existing.items()
                if ref not in result.rows and ref not in rejected_refs
            ]
            for start in range(0, len(gone), 500):
                Facility.objects.filter(id__in=gone[start : start + 500]).delete()
            report.removed = len(gone)
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
            rejected=len(report.rejected),
            kept=report.kept,
        )
    logging.getLogger("alongside.import").info(
        "Facility import %s",
        report.summary(),
        extra={
            "added": report.added,
            "updated": report.updated,
            "removed": report.removed,
            "rejected": len(report.rejected),
        },
    )
    return report


def nothing_importable(rejected: list[Rejected]) -> str:
    if not rejected:
        return "The file lists no facilities, so nothing was changed."
    reasons: dict[str, int] = {}
    for r in rejected:
        reasons[r.reason] = reasons.get(r.reason, 0) + 1
    top = "; ".join(
        f"{count} × {reason}" for reason, count in sorted(reasons.items(), key=lambda kv: -kv[1])[:4]
    )
    return f"Nothing was changed: none of the {len(rejected)} rows could be imported ({top}). First: {rejected[0]}."


def sniff_format(name: str, content: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".json"):
        return "locator"
    if lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    start = content.lstrip()[:1]
    return "locator" if start in (b"{", b"[") else "csv"


def import_files(
    files: list[tuple[str, bytes]],
    *,
    fmt: str = "",
    source_key: str = "",
    source_label: str = "",
    mapping: dict[str, str] | None = None,
    country: str = "",
    actor=None,
) -> ImportReport:
    """Import a set of files of one format into one source (the command and the upload page)."""
    if not files:
        raise ImportFileError("No file was given.")
    fmt = fmt or sniff_format(*files[0])
    if fmt == "locator":
        spec = dict(LOCATOR_SOURCE)
        if source_key:
            spec.update(key=source_key, label=source_label or source_key)
        return apply_import(spec, read_locator(files), actor=actor)
    if fmt == "csv":
        if len(files) != 1:
            raise ImportFileError("Import one CSV file at a time.")
        name, content = files[0]
        key = source_key or name.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower().replace(" ", "-")[:80]
        spec = {"key": key, "label": source_label or key, "url": ""}
        return apply_import(spec, read_csv(name, content, mapping, country), actor=actor)
    raise ImportFileError(f"Unknown format {fmt!r}: use locator (JSON) or csv.")
