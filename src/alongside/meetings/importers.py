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

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from alongside.core import jsonstream
from alongside.meetings import zones
from alongside.meetings.models import Attendance, Fellowship, pack_types
from alongside.meetings.type_labels import NA_WORLD_FORMATS, all_labels

MEETING_GUIDE = "meeting-guide"
BMLT = "bmlt"

_TIME = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")
# "8:00 PM", "8 pm", "08:00:00 a.m.": the 12-hour clock some sites export.
_TIME_12 = re.compile(r"^\s*(1[0-2]|0?[1-9])(?::([0-5]\d))?(?::([0-5]\d))?\s*([ap])\.?\s*m\.?\s*$", re.I)
_DAY_NAMES = {
    name: n
    for n, names in enumerate(
        (
            ("sunday", "sun", "domingo", "dimanche"),
            ("monday", "mon", "lunes", "lundi"),
            ("tuesday", "tue", "tues", "martes", "mardi"),
            ("wednesday", "wed", "miércoles", "miercoles", "mercredi"),
            ("thursday", "thu", "thurs", "jueves", "jeudi"),
            ("friday", "fri", "viernes", "vendredi"),
            ("saturday", "sat", "sábado", "sabado", "samedi"),
        )
    )
    for name in names
}
# Ids longer than this are refused with a reason rather than cut (a cut id can collide with another).
MAX_ID_LENGTH = 1000

# BMLT formats by their NA world id (the ``world_id`` of the formats envelope or GetFormats): those
# with a Meeting Guide equivalent take its code, so one filter and one label list serve both.
# The rest are labelled in type_labels.NA_WORLD_FORMATS (which cites the published list of world ids
# this was checked against); a format with no world id we know is shown by the server's own name.
# GL ("Gay/Lesbian") has no exact Meeting Guide code and is shown as LGBTQ.
WORLD_ID_TO_MEETING_GUIDE = {
    "OPEN": "O",
    "CLOSED": "C",
    "BEG": "BE",
    "WCHR": "X",
    "W": "W",
    "M": "M",
    "Y": "Y",
    "GL": "LGBTQ",
    "SPK": "SP",
    "DISC": "D",
    "STEP": "ST",
    "TRAD": "TR",
    "LIT": "LIT",
    "MED": "MED",
    "CAN": "CAN",
    "SMOK": "SM",
    "TC": "TC",
    "CW": "CF",
}
# The world ids VM and HYBR, and BMLT's reserved server keys VM and HY (read when no formats list came).
WORLD_VIRTUAL, WORLD_HYBRID = {"VM"}, {"HY", "HYBR"}
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
    defaulted_zone: int = 0  # rows that took the host's zone
    zone_sources: dict[str, int] = field(default_factory=dict)  # how each row's zone was found
    # The spec's ``entity`` and ``entity_website_url`` (the service body publishing the list): they can
    # suggest the list's fellowship to the host, who confirms it.
    entities: set[str] = field(default_factory=set)


class RowProblem(ValueError):
    pass


class EmptyList(FileProblem):
    """A well-formed answer that lists no meeting (an empty BMLT search, an empty feed)."""


NO_FELLOWSHIP = "no fellowship"


def load(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            f"This file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from exc


NOT_A_LIST = "This file is JSON but not a list of meetings (Meeting Guide feed or BMLT GetSearchResults)."
EMPTY_BMLT = (
    "The BMLT server's answer lists no meetings (its search found none), so nothing "
    "was changed. Check the query's service bodies, days or place."
)
EMPTY_LIST = "This list has no meetings in it (an empty list), so nothing was changed."


def _row_format(row: dict) -> str:
    if "id_bigint" in row or "weekday_tinyint" in row:
        return BMLT
    if "slug" in row:
        return MEETING_GUIDE
    return ""


@dataclass
class Produced:
    row: int  # 1-based position in the file
    values: list[dict[str, Any]]  # one per day for a Meeting Guide row listing several days


class MeetingReader:
    """A Meeting Guide feed or a BMLT ``GetSearchResults`` answer read a meeting at a time from a binary
    file (``core.jsonstream``): it yields ``Produced`` rows and ``Rejected`` ones, never the whole file.

    The shape is found as the file is read: a top-level list is Meeting Guide or BMLT by its first
    meeting's keys; an object with ``meetings`` is a BMLT envelope, whose ``formats`` are read first
    (in a first pass that skips the meetings, as the formats may come after them); an object with a
    ``slug`` or ``name`` is one meeting, like the spec's example. ``parsed`` holds the format, how each
    row's zone was found and the publishing entities once the rows are read."""

    def __init__(
        self,
        fileobj,
        name: str = "",
        *,
        default_zone: str | None,
        fellowship: str | None = None,
        formats_text: str | None = None,
    ):
        self.file, self.name = fileobj, name or "the file"
        self.default_zone, self.fellowship = default_zone, fellowship
        self.extra_formats = bmlt_formats_by_key(load(formats_text)) if formats_text else {}
        self.parsed = Parsed()
        self.rows_read = 0

    def _stream(self, envelope: dict, *, skip: bool = False):
        try:
            yield from jsonstream.iter_list(self.file, self.name, envelope, ("meetings",), skip=skip)
        except jsonstream.StreamError as exc:
            message = str(exc).split(": ", 1)[-1]
            if "not UTF-8" in message:
                raise FileProblem("This file cannot be read as UTF-8 text.") from None
            raise FileProblem(
                message[:1].upper() + message[1:].replace("this is not", "This file is not", 1)
            ) from None

    def _starts_with_object(self) -> bool:
        position = self.file.tell()
        head = self.file.read(4096)
        self.file.seek(position)
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text[:1] == b"{"

    def __iter__(self) -> Iterator[Produced | Rejected]:
        formats: dict[str, dict[str, str]] = {}
        if self._starts_with_object():
            first: dict = {}
            for _item in self._stream(first, skip=True):
                pass
            self.file.seek(0)
            formats = bmlt_formats_by_key(first.get("formats"))
        formats.update(self.extra_formats)
        envelope: dict = {}
        pending: list[tuple[int, Any]] = []  # rows read before the format is known (usually none)
        fmt = ""
        n = 0
        for n, raw in enumerate(self._stream(envelope), start=1):
            self.rows_read = n
            if not fmt:
                fmt = (
                    BMLT
                    if envelope.get("_key") == "meetings"
                    else (_row_format(raw) if isinstance(raw, dict) else "")
                )
                if not fmt:
                    pending.append((n, raw))
                    continue
                self._start(fmt, formats)
                for early_n, early in pending:
                    yield self._read(early_n, early)
                pending.clear()
            yield self._read(n, raw)
        if not envelope.get("_list") and not envelope.get("_key"):
            meeting = {k: v for k, v in envelope.items() if not k.startswith("_")}
            if "slug" in meeting or "name" in meeting:  # a single meeting, like the spec's example.json
                self.rows_read = 1
                self._start(MEETING_GUIDE, formats)
                yield self._read(1, meeting)
                return
            raise FileProblem(NOT_A_LIST)
        if n == 0:
            raise EmptyList(EMPTY_BMLT if envelope.get("_key") == "meetings" else EMPTY_LIST)
        if not fmt:
            if any(isinstance(raw, dict) for _n, raw in pending):
                raise FileProblem(
                    "This file's rows have neither a Meeting Guide 'slug' nor a BMLT 'id_bigint'."
                )
            raise FileProblem("This file has no meetings in it.")

    def _start(self, fmt: str, formats: dict) -> None:
        self.parsed.format = fmt
        if fmt == BMLT:
            self.reader = lambda raw: _bmlt_row(raw, formats)
            self.default_fellowship = self.fellowship or Fellowship.NA  # BMLT is NA's own meeting list server
        else:
            self.reader = _meeting_guide_row
            self.default_fellowship = self.fellowship

    def _read(self, n: int, raw: Any) -> Produced | Rejected:
        parsed = self.parsed
        if not isinstance(raw, dict):
            return Rejected(n, "not a meeting object")
        if len(parsed.entities) < 20:
            parsed.entities.update(
                str(raw.get(k))[:200] for k in ("entity", "entity_website_url") if raw.get(k)
            )
        try:
            produced = self.reader(raw)
            for values in produced:
                _place_zone(values, self.default_zone)
                if not values.get("fellowship"):
                    if not self.default_fellowship:
                        raise RowProblem(
                            f"{NO_FELLOWSHIP}: the row does not say, and none was given for the list"
                        )
                    values["fellowship"] = self.default_fellowship
        except RowProblem as exc:
            return Rejected(n, str(exc), _raw_id(raw))
        for values in produced:
            how = values.pop("_zone_from")
            parsed.zone_sources[how] = parsed.zone_sources.get(how, 0) + 1
            if how == zones.HOST_DEFAULT:
                parsed.defaulted_zone += 1
        return Produced(n, produced)


def parse(
    text: str, *, default_zone: str | None, fellowship: str | None = None, formats_text: str | None = None
) -> Parsed:
    """Every row of a meeting list in memory (tests and small files; imports stream with
    ``MeetingReader``). ``default_zone`` is the host's zone for rows whose place does not settle one
    (None: refuse them); ``fellowship`` the host's word for rows that do not name theirs;
    ``formats_text`` an optional BMLT ``GetFormats`` response."""
    reader = MeetingReader(
        io.BytesIO(text.encode("utf-8")),
        default_zone=default_zone,
        fellowship=fellowship,
        formats_text=formats_text,
    )
    parsed = reader.parsed
    seen: set[str] = set()
    for item in reader:
        if isinstance(item, Rejected):
            parsed.rejected.append(item)
            continue
        for values in item.values:
            if values["source_id"] in seen:
                parsed.rejected.append(
                    Rejected(item.row, "the same id appears earlier in the file", values["source_id"])
                )
                continue
            seen.add(values["source_id"])
            parsed.rows.append(values)
    return parsed


def _place_zone(values: dict, default_zone: str | None) -> None:
    """Fill coordinates from the postal code (offline) and the zone from the row's place."""
    placed = False
    if values["latitude"] is None and values["postal_code"] and values["attendance"] != Attendance.ONLINE:
        point = zones._postal_point(values["postal_code"], zones.country_code(values["country"]))
        if point is not None:
            values["latitude"], values["longitude"] = round(point.latitude, 6), round(point.longitude, 6)
            placed = True
    try:
        values["time_zone"], values["_zone_from"] = zones.resolve(
            own=values.pop("_own_zone"),
            latitude=values["latitude"],
            longitude=values["longitude"],
            postal_code=values["postal_code"],
            region=values["region"],
            country=values["country"],
            default=default_zone,
        )
    except zones.NoZone as exc:
        raise RowProblem(str(exc)) from None
    if placed and values["_zone_from"] == zones.COORDINATES:
        values["_zone_from"] = zones.POSTAL_CODE


def _raw_id(raw: dict) -> str:
    return str(raw.get("slug", raw.get("id_bigint", "")))[:MAX_ID_LENGTH]


# --- shared helpers -----------------------------------------------------------------------


def _text(raw: dict, key: str, limit: int = 255) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise RowProblem(f"'{key}' should be text")
    return str(value).strip()[:limit]


def _time(value: Any, key: str) -> time | None:
    """24-hour "19:30" or "19:30:00", or the 12-hour "7:30 PM"; seconds are dropped."""
    if value in (None, ""):
        return None
    match = _TIME.match(str(value))
    if match:
        return time(int(match[1]), int(match[2]))
    match = _TIME_12.match(str(value))
    if match:
        hour = int(match[1]) % 12 + (12 if match[4].lower() == "p" else 0)
        return time(hour, int(match[2] or 0))
    raise RowProblem(f"'{key}' is not a time like 19:30 or 7:30 PM (got {str(value)[:20]!r})")


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


def _source_id(value: Any, key: str) -> str:
    if value in (None, "") or isinstance(value, (list, dict, bool)):
        raise RowProblem(f"no '{key}' (the meeting's id)")
    value = str(value).strip()
    if len(value) > MAX_ID_LENGTH:
        raise RowProblem(f"the id is longer than {MAX_ID_LENGTH} characters")
    return value


# --- Meeting Guide ------------------------------------------------------------------------


def _days(value: Any) -> list[int | None]:
    if value in (None, ""):
        return [None]  # by appointment
    values = value if isinstance(value, list) else [value]
    days = []
    for v in values:
        if isinstance(v, str) and v.strip().lower().rstrip(".") in _DAY_NAMES:
            days.append(_DAY_NAMES[v.strip().lower().rstrip(".")])
            continue
        if isinstance(v, bool) or not (isinstance(v, int) or (isinstance(v, str) and v.strip().isdigit())):
            raise RowProblem(f"'day' should be 0 (Sunday) to 6 (Saturday) (got {str(v)[:20]!r})")
        if not 0 <= int(v) <= 6:
            raise RowProblem(f"'day' should be 0 (Sunday) to 6 (Saturday) (got {v})")
        days.append(int(v))
    return list(dict.fromkeys(days)) or [None]


def _updated(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(str(value).strip()[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None  # a malformed timestamp is not worth losing the meeting for


_US_ADDRESS = re.compile(
    r"^(?P<street>.*?),\s*(?P<city>[^,]+),\s*(?P<region>[A-Z]{2})\s+(?P<postal>\d{5})(?:-\d{4})?"
    r"(?:,\s*(?P<country>USA|US|United States))?\s*$"
)
_CA_ADDRESS = re.compile(
    r"^(?P<street>.*?),\s*(?P<city>[^,]+),\s*(?P<region>[A-Z]{2})\s+(?P<postal>[A-Z]\d[A-Z] ?\d[A-Z]\d)"
    r"(?:,\s*(?P<country>Canada|CA))?\s*$",
    re.I,
)


def split_formatted_address(value: str) -> dict[str, str]:
    """Street, city, region, postal code and country from a one-line US or Canadian address
    ("10 Main St, Philadelphia, PA 19103, USA"); {} when the line is in another shape."""
    for pattern, country in ((_US_ADDRESS, "US"), (_CA_ADDRESS, "CA")):
        match = pattern.match(value or "")
        if match:
            return {
                "address": match["street"].strip(),
                "city": match["city"].strip(),
                "region": match["region"].upper(),
                "postal_code": match["postal"].upper(),
                "country": country,
            }
    return {}


def _type_codes(raw_types: list) -> tuple[list[str], bool]:
    """Codes in the spec's spelling (TSML exports some in lower case) and whether ``ONL`` (online) was
    among them; ``ONL`` is not kept as a type because the attendance says it."""
    known = {code.upper(): code for code in all_labels()}
    codes, online = [], False
    for value in raw_types:
        code = str(value).strip()[:12]
        if not code:
            continue
        if code.upper() == "ONL":
            online = True
            continue
        codes.append(known.get(code.upper(), code.upper()))
    return codes, online


_FELLOWSHIP_WORDS = (
    ("nar-anon", Fellowship.NAR_ANON),
    ("naranon", Fellowship.NAR_ANON),
    ("al-anon", Fellowship.AL_ANON),
    ("alanon", Fellowship.AL_ANON),
    ("alateen", Fellowship.AL_ANON),
    ("families anonymous", Fellowship.FAMILIES_ANONYMOUS),
    ("smart recovery family", Fellowship.SMART_FAMILY),
    ("smart recovery", Fellowship.SMART),
    ("narcotics anonymous", Fellowship.NA),
    ("alcoholics anonymous", Fellowship.AA),
)


# Type codes that say which fellowship a meeting is, where a feed lists several. From the type lists of
# the code4recovery 12 Step Meeting List plugin (the software behind most Meeting Guide feeds), program
# "al-anon": only Al-Anon's list has "AA" ("Concurrent with AA Meeting": an Al-Anon family group meeting
# at the same time and place as an AA one). Codes that mean one thing for AA and another for Al-Anon
# ("Y": Young People / Alateen, "POA": Proof of Attendance / Parents of Alcoholics) say nothing here.
FELLOWSHIP_BY_TYPE = {"AA": Fellowship.AL_ANON}


def fellowship_from_types(codes: list[str]) -> str:
    for code in codes:
        if code in FELLOWSHIP_BY_TYPE:
            return FELLOWSHIP_BY_TYPE[code]
    return ""


def fellowship_named(text: str) -> str:
    """The fellowship a name or URL plainly names ("Al-Anon", "alanon.example.org"), or ""."""
    text = (text or "").lower().replace("_", "-")
    for word, fellowship in _FELLOWSHIP_WORDS:
        if word in text or word.replace(" ", "-") in text or word.replace(" ", "") in text:
            return fellowship
    return ""


def _meeting_guide_row(raw: dict) -> list[dict]:
    slug = _source_id(raw.get("slug"), "slug")
    name = _text(raw, "name")
    if not name:
        raise RowProblem("no 'name'")
    days = _days(raw.get("day"))
    start = _time(raw.get("time"), "time")
    end = _time(raw.get("end_time"), "end_time")
    if days != [None] and start is None:
        raise RowProblem("a 'day' but no 'time'")
    types = raw.get("types") or []
    if isinstance(types, str):
        types = types.split(",")
    if not isinstance(types, list):
        raise RowProblem("'types' should be a list of codes")
    types, onl = _type_codes(types)
    lat, lon = _coordinate(raw, "latitude", 90), _coordinate(raw, "longitude", 180)
    if (lat is None) != (lon is None):
        raise RowProblem("a latitude without a longitude, or the other way round")

    conference_url = _web_link(_text(raw, "conference_url", 500))
    conference_phone = _text(raw, "conference_phone", 64)
    address = _text(raw, "address")
    place = {
        "address": address,
        "city": _text(raw, "city", 128),
        "region": _text(raw, "state", 64),
        "postal_code": _text(raw, "postal_code", 16),
        "country": _text(raw, "country", 64),
    }
    # A one-line address alone (many exports): its parts, above all the postal code, place the row.
    # The spec's ``region`` is a neighbourhood or district, not the state, so it is not the region.
    for key, value in split_formatted_address(_text(raw, "formatted_address")).items():
        place[key] = place[key] or value
    if not place["address"]:
        place["address"] = _text(raw, "formatted_address")
    approximate = str(raw.get("approximate", "")).lower() == "yes"
    closed = "TC" in types
    option = _text(raw, "attendance_option", 20).lower().replace("-", "_")
    online = bool(conference_url or conference_phone) or onl
    physical = bool(place["address"]) and not approximate and not closed
    if option == "inactive":
        attendance = Attendance.CLOSED
    elif option in ("online", "hybrid", "in_person"):
        attendance = option
    elif online and physical:
        attendance = Attendance.HYBRID
    elif online:
        attendance = Attendance.ONLINE
    elif closed:
        attendance = Attendance.CLOSED
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
        "_own_zone": _text(raw, "timezone", 64),
        "attendance": attendance,
        "location": _text(raw, "location"),
        **place,
        "latitude": lat,
        "longitude": lon,
        "conference_url": conference_url,
        "conference_phone": conference_phone,
        "conference_notes": conference_notes,
        "type_codes": pack_types(types),
        "format_names": "",
        "notes": notes,
        "url": _web_link(_text(raw, "url", 500)),
        "updated": _updated(raw.get("updated")),
    }
    # The row's own word first, then what its types say; the host's word for the list comes last.
    named = fellowship_named(_text(raw, "fellowship", 64)) or fellowship_from_types(types)
    if named:
        base["fellowship"] = named
    return [{**base, "day": day, "source_id": slug if len(days) == 1 else f"{slug}@{day}"} for day in days]


# --- BMLT ---------------------------------------------------------------------------------


def bmlt_formats_by_key(value: Any) -> dict[str, dict[str, str]]:
    """{server key: {"world_id": ..., "name": ...}} from a formats envelope or a GetFormats response
    (a list of objects with ``key_string``, ``name_string`` and ``world_id``)."""
    if isinstance(value, dict):
        value = value.get("formats")
    found: dict[str, dict[str, str]] = {}
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict) or not str(item.get("key_string", "")).strip():
            continue
        key = str(item["key_string"]).strip()
        entry = {
            "world_id": str(item.get("world_id") or "").strip().upper(),
            "name": str(item.get("name_string") or "").strip()[:80],
            "id": str(item.get("id") or "").strip(),
        }
        if key not in found or (item.get("lang") or "en") == "en":
            found[key] = entry
    return found


def _bmlt_formats(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(",") if v.strip()]


def _bmlt_row(raw: dict, formats: dict[str, dict[str, str]]) -> list[dict]:
    source_id = _source_id(raw.get("id_bigint"), "id_bigint")
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
        match = re.match(r"^\s*(\d{1,2}):([0-5]\d)(?::([0-5]\d))?\s*$", str(duration))
        if not match:
            raise RowProblem(f"'duration_time' is not a duration like 01:00:00 (got {str(duration)[:20]!r})")
        length = timedelta(hours=int(match[1]), minutes=int(match[2]))
        end = (datetime.combine(datetime(2000, 1, 1), start) + length).time()
    lat, lon = _coordinate(raw, "latitude", 90), _coordinate(raw, "longitude", 180)
    if lat == 0 and lon == 0:
        lat = lon = None  # BMLT servers use 0,0 for "no location"
    if (lat is None) != (lon is None):
        raise RowProblem("a latitude without a longitude, or the other way round")

    types, names, world_ids = [], [], set()
    for key in _bmlt_formats(raw.get("formats")):
        known = formats.get(key, {})
        world_id = known.get("world_id", "")
        # Without any formats list, only the virtual and hybrid keys are read (venue_type usually
        # says it anyway); every other key is shown as the server wrote it.
        marker = world_id or ("" if formats else key.upper())
        if marker in WORLD_VIRTUAL or marker in WORLD_HYBRID:
            world_ids.add(marker)
            continue
        if world_id in WORLD_ID_TO_MEETING_GUIDE:
            types.append(WORLD_ID_TO_MEETING_GUIDE[world_id])
        elif world_id in NA_WORLD_FORMATS:
            types.append(f"NA-{world_id}")
        elif known.get("name"):
            names.append(known["name"])  # the server's own name: never a guess from its local key
        else:
            names.append(key[:40])
    venue = str(raw.get("venue_type", "")).strip()
    if venue == "2":
        attendance = Attendance.ONLINE
    elif venue == "3":
        attendance = Attendance.HYBRID
    elif venue == "1":
        attendance = Attendance.IN_PERSON
    elif world_ids & WORLD_HYBRID:
        attendance = Attendance.HYBRID
    elif world_ids & WORLD_VIRTUAL:
        attendance = Attendance.ONLINE
    else:
        attendance = Attendance.IN_PERSON
    if "TC" in types and attendance == Attendance.IN_PERSON:
        attendance = Attendance.CLOSED

    name = _text(raw, "meeting_name") or "NA meeting"
    notes = "\n\n".join(n for n in (_text(raw, "comments", 4000), _text(raw, "location_info", 1000)) if n)
    return [
        {
            "source_id": source_id,
            "name": name,
            "day": day,
            "time": start,
            "end_time": end,
            "_own_zone": _text(raw, "time_zone", 64),
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
            "format_names": "\n".join(dict.fromkeys(names))[:500],
            "notes": notes,
            "url": "",
            "updated": None,
        }
    ]
