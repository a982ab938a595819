"""A small crawler for the privacy tests: reads links and forms out of the app's own HTML,
fills forms the way a member would (a unique marker in every free-text field), and turns
any response (HTML, CSV, iCal, PDF) into searchable text.

Used by ``test_at_rest.py`` (write a marker everywhere a member can type) and by the
content oracle in ``test_authorization_matrix.py`` (read every page as every role).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

# Forms and links the crawler never follows: they end a membership, delete what was just
# written, sign the member out or reach outside the circle.
NOT_FOLLOWED = re.compile(
    r"(^|_)(delete|leave|remove|revoke|change_role|handover|logout|calendar_reset|withdraw_ride|push_subscribe"
    r"|unsubscribe|set_language|deactivate|mark_all_read|generate_recovery|download_recovery)($|_)"
)


@dataclass
class Form:
    method: str
    action: str
    inputs: list[dict] = field(default_factory=list)  # each: tag, type, name, value, attrs, options
    buttons: list[dict] = field(default_factory=list)  # named submit buttons
    plain_submit: bool = False  # a submit button without a name (the form's main action)


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(method=a.get("method", "get").lower(), action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                if a.get("name"):
                    self._form.buttons.append(a)
                else:
                    self._form.plain_submit = True
            elif a.get("name"):
                self._form.inputs.append(
                    {"tag": "input", "type": kind, "name": a["name"], "value": a.get("value", ""), "attrs": a}
                )
        elif tag == "button":
            if a.get("type", "submit") == "submit":
                if a.get("name"):
                    self._form.buttons.append(a)
                else:
                    self._form.plain_submit = True
        elif tag == "textarea" and a.get("name"):
            self._textarea = {
                "tag": "textarea",
                "type": "textarea",
                "name": a["name"],
                "value": "",
                "attrs": a,
            }
            self._form.inputs.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {
                "tag": "select",
                "type": "select",
                "name": a["name"],
                "value": "",
                "attrs": a,
                "options": [],
            }
            self._form.inputs.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "label": ""}
            self._select["options"].append(self._option)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._option is not None:
            self._option["label"] += data


def parse_page(content: str) -> tuple[list[str], list[Form]]:
    parser = _PageParser()
    parser.feed(content)
    return parser.links, parser.forms


def url_name(path: str) -> str | None:
    """``namespace:name`` of an app path, or None when it is not one of ours."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def followable(path: str) -> bool:
    name = url_name(path)
    return bool(name) and not NOT_FOLLOWED.search(name.split(":")[-1])


def local_path(href: str, base: str) -> str | None:
    """The site-relative path of a link, or None for links elsewhere (or to other languages)."""
    href = urldefrag(href)[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "sms:")):
        return None
    parts = urlsplit(href)
    if parts.scheme and parts.netloc not in ("testserver", "localhost"):
        return None
    path = parts.path or urlsplit(base).path
    if re.match(r"^/(es|fr)/", path):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


class Markers:
    """Unique, recognisable strings: one per field filled, remembered with where they went."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.written: dict[str, str] = {}  # marker -> "url_name field"

    def new(self, where: str, limit: int | None = None) -> str:
        marker = f"{self.prefix}{len(self.written):04d}"
        if limit is not None and limit < len(marker):
            raise ValueError(f"{where}: a field of {limit} characters cannot hold a marker")
        self.written[marker] = where
        return marker


def fill(form: Form, markers: Markers, where: str, today: dt.date, attempt: int = 0) -> dict:
    """The data a member would submit: a marker in every free-text field, the chosen (or
    first real) choice in every list, every box ticked, optional dates and numbers left
    empty, required ones in range. A second ``attempt`` uses dates ahead and larger numbers
    (an expiry date, a duration)."""
    data: dict[str, list[str]] = {}
    radios_done: set[str] = set()
    when = today - dt.timedelta(days=1) if attempt == 0 else today + dt.timedelta(days=30)
    for item in form.inputs:
        name, kind, attrs, value = item["name"], item["type"], item["attrs"], item["value"]
        limit = int(attrs["maxlength"]) if attrs.get("maxlength", "").isdigit() else None
        required = "required" in attrs
        if attempt and kind in ("date", "datetime-local", "number"):
            value, required = "", required or bool(value)  # the retry chooses its own
        if kind == "hidden":
            data.setdefault(name, []).append(value)
        elif kind in ("text", "search", "tel", "textarea"):
            data.setdefault(name, []).append(markers.new(f"{where} {name}", limit))
        elif kind == "url":
            data.setdefault(name, []).append(f"https://{markers.new(f'{where} {name}')}.example.org/")
        elif kind == "email":
            # A member's own sign-in address stays in clear (it is looked up), so no marker goes
            # there. An empty one inside a formset (people to invite, next to a name) is an address
            # typed about someone else, kept encrypted: it gets a valid address made of a marker.
            if not value and "-" in name:
                value = f"{markers.new(f'{where} {name}')}@example.invalid"
            data.setdefault(name, []).append(value)
        elif kind == "number":
            if value:
                data.setdefault(name, []).append(value)
            elif required or attempt:
                low = max(float(attrs.get("min") or 0), 1 if attempt == 0 else 10)
                high = float(attrs["max"]) if attrs.get("max") else None
                number = low if high is None else min(low, high)
                data.setdefault(name, []).append(str(int(number)) if number == int(number) else str(number))
        elif kind == "date":
            if value or required:
                data.setdefault(name, []).append(value or when.isoformat())
        elif kind == "datetime-local":
            if value or required:
                data.setdefault(name, []).append(value or f"{when.isoformat()}T10:00")
        elif kind == "time":
            if value or required:
                data.setdefault(name, []).append(value or "09:00")
        elif kind == "checkbox":
            data.setdefault(name, []).append(value or "on")
        elif kind == "radio":
            if name not in radios_done:
                radios_done.add(name)
                data.setdefault(name, []).append(value)
        elif kind == "select":
            options = [o for o in item["options"] if o["value"]]
            chosen = [o for o in options if o["selected"]] or options[:1]
            if chosen:
                data.setdefault(name, []).append(chosen[0]["value"])
        elif kind == "range":
            data.setdefault(name, []).append(attrs.get("min") or "0")
    if form.buttons and not form.plain_submit:
        button = form.buttons[0]
        data.setdefault(button["name"], []).append(button.get("value", ""))
    return data


def refused(response) -> bool:
    """A form answered with its errors (or a server error) rather than a redirect."""
    if response.status_code == 302:
        return False
    return response.status_code != 200 or b'class="errorlist' in response.content


def response_text(response) -> str:
    """What a reader of this response can read: page text with attribute values, CSV, iCal,
    or the text of a PDF."""
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    kind = response.get("Content-Type", "")
    if "pdf" in kind or content.startswith(b"%PDF"):
        try:
            import io

            from pypdf import PdfReader  # a test dependency; the fallback reads fpdf2's own output
        except ImportError:
            return pdf_text(content)
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    text = content.decode("utf-8", "replace")
    return html.unescape(text)


_STREAM = re.compile(rb"<<(.*?)>>\s*stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF made by fpdf2: its content streams, with glyph codes mapped back
    to characters through the fonts' ToUnicode maps (enough for the app's own PDFs)."""
    streams = []
    for header, body in _STREAM.findall(content):
        if b"FlateDecode" in header:
            try:
                body = zlib.decompress(body)
            except zlib.error:
                continue
        streams.append(body)
    to_unicode: dict[int, str] = {}
    for body in streams:
        if b"beginbfchar" in body or b"beginbfrange" in body:
            for src, dst in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", _between(body, b"beginbfchar", b"endbfchar")
            ):
                to_unicode[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
            for low, high, dst in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                _between(body, b"beginbfrange", b"endbfrange"),
            ):
                start = int(dst, 16)
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    to_unicode[code] = chr(start + offset)
    pieces = []
    for body in streams:
        if b"BT" not in body:
            continue
        for literal in re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", body, re.S):
            pieces.append(literal.decode("latin-1"))
        for hexa in re.findall(rb"<([0-9A-Fa-f]{4,})>", body):
            codes = [int(hexa[i : i + 4], 16) for i in range(0, len(hexa), 4)]
            pieces.append("".join(to_unicode.get(code, "") for code in codes))
        for array in re.findall(rb"\[(.*?)\]\s*TJ", body, re.S):
            for literal in re.findall(rb"\((.*?)(?<!\\)\)", array, re.S):
                pieces.append(literal.decode("latin-1"))
        pieces.append("\n")
    return "".join(pieces)


def _between(body: bytes, start: bytes, end: bytes) -> bytes:
    return b"\n".join(re.findall(re.escape(start) + rb"(.*?)" + re.escape(end), body, re.S))
