"""Reading meeting lists: Meeting Guide JSON feeds and BMLT ``GetSearchResults`` JSON.

Each reader turns a file's rows into plain dicts of ``Meeting`` field values (``Parsed``), or
a ``Rejected`` row with the reason, without touching the database. ``services.import_meetings``
then applies them in one transaction.

Meeting Guide (spec: the README of code4recovery/spec): only ``name`` and ``slug`` are required;
``day`` is 0-6 with Sunday 0, or a list (one row per day, id ``slug@day``); ``time`` "HH:MM";
online when ``conference_url`` or ``conference_phone`` is present; hybrid when it also has a
street address that is not approximate and not temporarily closed (type ``TC``).

BMLT (OpenAPI ``api-docs-semantic.json`` in bmlt-enabled/bmlt-server): every value is a string;
``weekday_tinyint`` 1-7 with **Sunday 1**; ``start_time`` "HH:MM:SS"; ``duration_time`` "HH:MM:SS";
``venue_type`` 1 in person, 2 virtual, 3 hybrid; otherwise the formats ``VM`` (virtual) and ``HY``
(hybrid) decide. A response may also be a ``{"meetings": [...], "formats": [...]}`` envelope.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from alongside.meetings.models import Attendance, Fellowship, pack_types
from alongside.meetings.schedule import is_valid_zone

MEETING_GUIDE = "meeting-guide"
BMLT = "bmlt"

_TIME = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")

# BMLT format keys (NA world formats) with a Meeting Guide equivalent; the rest are kept as they are.
BMLT_TO_MEETING_GUIDE = {
    "O": "O", "C": "C", "WC": "X", "BEG": "BE", "BE": "BE", "NC": "BE", "W": "W", "M": "M", "Y": "Y",
    "GL": "LGBTQ", "LGBTQ": "LGBTQ", "ES": "S", "SP": "S", "SPK": "SP", "D": "D", "ST": "ST",
    "SD": "D", "LIT": "LIT", "MED": "MED", "CAN": "CAN", "SM": "SM", "NS": "NS", "TC": "TC",
}
BMLT_VIRTUAL, BMLT_HYBRID = "VM", "HY"


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


@dataclass
class Rejected:
    row: int  # 1-based position in the file
    reason: str
    source_id: str = ""


@dataclass
class Parsed:
    rows: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    format: str = ""
    defaulted_zone: int = 0  # rows that had no time zone of their own


class RowProblem(ValueError):
    pass


def load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(f"This file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from exc


def detect(data: Any) -> tuple[str, list]:
    """Which format the decoded JSON is, and its list of rows."""
    if isinstance(data, dict) and isinstance(data.get("meetings"), list):
        return BMLT, data["meetings"]
    if isinstance(data, dict) and ("slug" in data or "name" in data):
        return MEETING_GUIDE, [data]  # a single meeting, like the spec's example.json
    if not isinstance(data, list):
        raise FileProblem("This file is JSON but not a list of meetings (Meeting Guide feed or BMLT GetSearchResults).")
    dicts = [row for row in data if isinstance(row, dict)]
    if not dicts:
        raise FileProblem("This file has no meetings in it.")
    if any("id_bigint" in row or "weekday_tinyint" in row for row in dicts):
        return BMLT, data
    if any("slug" in row for row in dicts):
        return MEETING_GUIDE, data
    raise FileProblem("This file's rows have neither a Meeting Guide 'slug' nor a BMLT 'id_bigint'.")


def parse(text: str, *, default_zone: str, fellowship: str | None = None) -> Parsed:
    fmt, rows = detect(load(text))
    reader = _meeting_guide_row if fmt == MEETING_GUIDE else _bmlt_row
    default_fellowship = fellowship or (Fellowship.AA if fmt == MEETING_GUIDE else Fellowship.NA)
    parsed = Parsed(format=fmt)
    seen: set[str] = set()
    for n, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            parsed.rejected.append(Rejected(n, "not a meeting object"))
            continue
        try:
            produced = reader(raw, default_zone)
        except RowProblem as exc:
            parsed.rejected.append(Rejected(n, str(exc), _raw_id(raw)))
            continue
        for values in produced:
            if values["source_id"] in seen:
                parsed.rejected.append(Rejected(n, "the same id appears earlier in the file", values["source_id"]))
                continue
            seen.add(values["source_id"])
            values.setdefault("fellowship", default_fellowship)
            if values.pop("_defaulted_zone", False):
                parsed.defaulted_zone += 1
            parsed.rows.append(values)
    return parsed


def _raw_id(raw: dict) -> str:
    return str(raw.get("slug", raw.get("id_bigint", "")))[:128]


# --- shared helpers -----------------------------------------------------------------------


def _text(raw: dict, key: str, limit: int = 255) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise RowProblem(f"'{key}' should be text")
    return str(value).strip()[:limit]


def _time(value: Any, key: str) -> time | None:
    if value in (None, ""):
        return None
    match = _TIME.match(str(value))
    if not match:
        raise RowProblem(f"'{key}' is not a time like 19:30 (got {str(value)[:20]!r})")
    return time(int(match[1]), int(match[2]))


def _coordinate(raw: dict, key: str, limit: float) -> float | None:
    value = raw.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RowProblem(f"'{key}' is not a number (got {str(value)[:20]!r})") from None
    if not -limit <= number <= limit or number != number:
        raise RowProblem(f"'{key}' is out of range (got {number})")
    return number


def _web_link(value: str) -> str:
    """Only http(s) links are kept: a feed must not put a javascript: link on our pages."""
    value = (value or "").strip()
    return value[:500] if value.lower().startswith(("https://", "http://")) else ""


def _zone(value: str, default_zone: str) -> tuple[str, bool]:
    value = (value or "").strip()
    if not value:
        return default_zone, True
    if not is_valid_zone(value):
        raise RowProblem(f"unknown time zone {value[:40]!r}")
    return value, False


# --- Meeting Guide ------------------------------------------------------------------------


def _days(value: Any) -> list[int | None]:
    if value in (None, ""):
        return [None]  # by appointment
    values = value if isinstance(value, list) else [value]
    days = []
    for v in values:
        if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit())):
            raise RowProblem(f"'day' should be 0 (Sunday) to 6 (Saturday) (got {str(v)[:20]!r})")
        if not 0 <= int(v) <= 6:
            raise RowProblem(f"'day' should be 0 (Sunday) to 6 (Saturday) (got {v})")
        days.append(int(v))
    return days or [None]


def _updated(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(str(value).strip()[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None  # a malformed timestamp is not worth losing the meeting for


def _meeting_guide_row(raw: dict, default_zone: str) -> list[dict]:
    slug = raw.get("slug")
    if slug in (None, "") or isinstance(slug, (list, dict, bool)):
        raise RowProblem("no 'slug' (the meeting's id)")
    name = _text(raw, "name")
    if not name:
        raise RowProblem("no 'name'")
    days = _days(raw.get("day"))
    start = _time(raw.get("time"), "time")
    end = _time(raw.get("end_time"), "end_time")
    if days != [None] and start is None:
        raise RowProblem("a 'day' but no 'time'")
    zone_name, defaulted = _zone(_text(raw, "timezone", 64), default_zone)
    types = raw.get("types") or []
    if isinstance(types, str):
        types = types.split(",")
    if not isinstance(types, list):
        raise RowProblem("'types' should be a list of codes")
    types = [str(t).strip()[:12] for t in types]
    lat, lon = _coordinate(raw, "latitude", 90), _coordinate(raw, "longitude", 180)
    if (lat is None) != (lon is None):
        raise RowProblem("a latitude without a longitude, or the other way round")

    conference_url = _web_link(_text(raw, "conference_url", 500))
    conference_phone = _text(raw, "conference_phone", 64)
    address = _text(raw, "address")
    formatted = _text(raw, "formatted_address")
    if not address and formatted:
        address = formatted
    approximate = str(raw.get("approximate", "")).lower() == "yes"
    physical = bool(address) and not approximate and "TC" not in types
    online = bool(conference_url or conference_phone) or "ONL" in types
    if online and physical:
        attendance = Attendance.HYBRID
    elif online:
        attendance = Attendance.ONLINE
    else:
        attendance = Attendance.IN_PERSON

    notes = "\n\n".join(n for n in (_text(raw, "notes", 4000), _text(raw, "location_notes", 2000)) if n)
    conference_notes = "\n".join(
        n for n in (_text(raw, "conference_url_notes", 1000), _text(raw, "conference_phone_notes", 1000)) if n
    )
    base = {
        "name": name,
        "time": start,
        "end_time": end,
        "time_zone": zone_name,
        "_defaulted_zone": defaulted,
        "attendance": attendance,
        "location": _text(raw, "location"),
        "address": address,
        "city": _text(raw, "city", 128),
        "region": _text(raw, "state", 64) or _text(raw, "region", 64),
        "postal_code": _text(raw, "postal_code", 16),
        "country": _text(raw, "country", 64),
        "latitude": lat,
        "longitude": lon,
        "conference_url": conference_url,
        "conference_phone": conference_phone,
        "conference_notes": conference_notes,
        "type_codes": pack_types(types),
        "notes": notes,
        "url": _web_link(_text(raw, "url", 500)),
        "updated": _updated(raw.get("updated")),
    }
    slug = str(slug).strip()[:120]
    return [
        {**base, "day": day, "source_id": slug if len(days) == 1 else f"{slug}@{day}"} for day in days
    ]


# --- BMLT ---------------------------------------------------------------------------------


def _bmlt_formats(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def _bmlt_row(raw: dict, default_zone: str) -> list[dict]:
    source_id = _text(raw, "id_bigint", 128)
    if not source_id:
        raise RowProblem("no 'id_bigint' (the meeting's id)")
    if str(raw.get("published", "1")).strip() == "0":
        raise RowProblem("not published on its server")
    weekday = str(raw.get("weekday_tinyint", "")).strip()
    if not weekday.isdigit() or not 1 <= int(weekday) <= 7:
        raise RowProblem(f"'weekday_tinyint' should be 1 (Sunday) to 7 (Saturday) (got {weekday[:20]!r})")
    day = int(weekday) - 1  # BMLT counts Sunday as 1; we count it as 0
    start = _time(raw.get("start_time"), "start_time")
    if start is None:
        raise RowProblem("no 'start_time'")
    end = None
    duration = raw.get("duration_time")
    if duration not in (None, ""):
        match = _TIME.match(str(duration)) or re.match(r"^\s*(\d{1,2}):([0-5]\d)(?::([0-5]\d))?\s*$", str(duration))
        if not match:
            raise RowProblem(f"'duration_time' is not a duration like 01:00:00 (got {str(duration)[:20]!r})")
        length = timedelta(hours=int(match[1]), minutes=int(match[2]))
        end = (datetime.combine(datetime(2000, 1, 1), start) + length).time()
    zone_name, defaulted = _zone(_text(raw, "time_zone", 64), default_zone)
    lat, lon = _coordinate(raw, "latitude", 90), _coordinate(raw, "longitude", 180)
    if lat == 0 and lon == 0:
        lat = lon = None  # BMLT servers use 0,0 for "no location"
    if (lat is None) != (lon is None):
        raise RowProblem("a latitude without a longitude, or the other way round")

    formats = _bmlt_formats(raw.get("formats"))
    keys = {f.upper() for f in formats}
    venue = str(raw.get("venue_type", "")).strip()
    if venue == "2":
        attendance = Attendance.ONLINE
    elif venue == "3":
        attendance = Attendance.HYBRID
    elif venue == "1":
        attendance = Attendance.IN_PERSON
    elif BMLT_HYBRID in keys:
        attendance = Attendance.HYBRID
    elif BMLT_VIRTUAL in keys:
        attendance = Attendance.ONLINE
    else:
        attendance = Attendance.IN_PERSON
    types = [BMLT_TO_MEETING_GUIDE.get(f.upper(), f) for f in formats if f.upper() not in (BMLT_VIRTUAL, BMLT_HYBRID)]

    name = _text(raw, "meeting_name") or "NA meeting"
    notes = "\n\n".join(n for n in (_text(raw, "comments", 4000), _text(raw, "location_info", 1000)) if n)
    return [
        {
            "source_id": source_id,
            "name": name,
            "day": day,
            "time": start,
            "end_time": end,
            "time_zone": zone_name,
            "_defaulted_zone": defaulted,
            "attendance": attendance,
            "location": _text(raw, "location_text"),
            "address": _text(raw, "location_street"),
            "city": _text(raw, "location_municipality", 128),
            "region": _text(raw, "location_province", 64),
            "postal_code": _text(raw, "location_postal_code_1", 16),
            "country": _text(raw, "location_nation", 64),
            "latitude": lat,
            "longitude": lon,
            "conference_url": _web_link(_text(raw, "virtual_meeting_link", 500)),
            "conference_phone": _text(raw, "phone_meeting_number", 64),
            "conference_notes": _text(raw, "virtual_meeting_additional_info", 2000),
            "type_codes": pack_types(types),
            "notes": notes,
            "url": "",
            "updated": None,
        }
    ]
