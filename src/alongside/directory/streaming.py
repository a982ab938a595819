"""Reading the treatment locator's JSON export a row at a time, so a very large file (the whole
US directory is hundreds of megabytes) never has to sit in memory as one string and one tree.

No third-party parser: the standard library's ``JSONDecoder.raw_decode`` reads one value at a
time from a buffer refilled in 1 MB chunks. Only the top-level ``rows`` list (or a top-level list)
is streamed; the envelope's small values (``page``, ``totalPages``) are kept whatever their order.
The rows then go through the importer's own row reader and ``apply_import``, unchanged.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from alongside.directory import importers
from alongside.directory.importers import ImportFileError, ReadResult, Rejected

CHUNK = 1 << 20
PROGRESS_EVERY = 5000
WHITESPACE = " \t\n\r"

Progress = Callable[[int, float], None]  # (rows read so far, seconds since the start)


class _Stream:
    def __init__(self, fileobj: IO[bytes], name: str):
        self.file, self.name = fileobj, name
        self.text_decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.json = json.JSONDecoder()
        self.buf, self.pos, self.eof, self.consumed = "", 0, False, 0

    def _fill(self) -> None:
        data = self.file.read(CHUNK)
        self.eof = not data
        try:
            text = self.text_decoder.decode(data, final=self.eof)
        except UnicodeDecodeError:
            raise ImportFileError(f"{self.name}: the file is not UTF-8 text.") from None
        self.consumed += self.pos
        self.buf, self.pos = self.buf[self.pos :] + text, 0

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos] if self.pos < len(self.buf) else ""
            self._fill()

    def expect(self, char: str) -> None:
        if self.peek() != char:
            self.fail(f"expected {char!r}")
        self.pos += 1

    def value(self):
        self.peek()
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    self.fail(exc.msg)
                self._fill()
                continue
            if end == len(self.buf) and not self.eof:  # a number may go on in the next chunk
                self._fill()
                continue
            self.pos = end
            return value

    def items(self) -> Iterator:
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                self.pos -= 1
                self.fail("expected ',' or ']'")

    def fail(self, why: str):
        raise ImportFileError(
            f"{self.name}: this is not valid JSON (near character {self.consumed + self.pos}: {why})."
        )


def iter_locator_rows(fileobj: IO[bytes], name: str, envelope: dict) -> Iterator:
    """Yield the rows of one export page; ``envelope`` receives the page's other keys."""
    stream = _Stream(fileobj, name)
    first = stream.peek()
    if first == "[":
        envelope["_list"] = True
        yield from stream.items()
    elif first == "{":
        stream.pos += 1
        if stream.peek() == "}":
            stream.pos += 1
        else:
            while True:
                key = stream.value()
                stream.expect(":")
                if key == "rows" and stream.peek() == "[":
                    envelope["_rows"] = True
                    yield from stream.items()
                else:
                    envelope[key] = stream.value()
                char = stream.peek()
                stream.pos += 1
                if char == "}":
                    break
                if char != ",":
                    stream.pos -= 1
                    stream.fail("expected ',' or '}'")
    else:
        stream.fail("expected an object or a list")
    if stream.peek() != "":
        stream.fail("extra data after the end")
    if not (envelope.get("_list") or envelope.get("_rows")):
        raise ImportFileError(
            f'{name}: this does not look like the treatment locator\'s export (expected an object with a list of "rows").'
        )


def read_locator_stream(
    files: Iterable[tuple[str, IO[bytes]]], progress: Progress | None = None
) -> ReadResult:
    """``importers.read_locator`` for open files, a row at a time, with the same checks and report."""
    rows: dict[str, dict] = {}
    where_of: dict[str, str] = {}
    rejected: list[Rejected] = []
    pages: set[int] = set()
    total_pages = 0
    unpaged = False
    count, started = 0, time.monotonic()
    for name, fileobj in files:
        envelope: dict = {}
        for index, raw in enumerate(iter_locator_rows(fileobj, name, envelope), start=1):
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count, time.monotonic() - started)
            where = f"{name}, row {index}"
            try:
                ref, values = importers._locator_row(raw)
            except ValueError as exc:
                label = raw.get("name1") if isinstance(raw, dict) else None
                rejected.append(Rejected(f"{where}{f' ({label})' if label else ''}", str(exc)))
                continue
            if ref in rows:
                if rows[ref] != values:
                    rejected.append(Rejected(where, f"the same frid as {where_of[ref]}, with other details"))
                continue
            rows[ref], where_of[ref] = values, where
        try:
            page, total = int(envelope.get("page") or 0), int(envelope.get("totalPages") or 0)
        except (TypeError, ValueError):
            page, total = 0, 0
        if page and total:
            pages.add(page)
            total_pages = max(total_pages, total)
        else:
            unpaged = True
    if progress is not None:
        progress(count, time.monotonic() - started)
    notes, complete = [], True
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


def import_locator_stream(
    files: Iterable[tuple[str, IO[bytes]]],
    *,
    source_key: str = "",
    source_label: str = "",
    actor=None,
    progress: Progress | None = None,
):
    """``importers.import_files`` for the locator format, streaming; returns (report, rows read, seconds)."""
    spec = dict(importers.LOCATOR_SOURCE)
    if source_key:
        spec.update(key=source_key, label=source_label or source_key)
    seen = {"rows": 0}

    def counting(count: int, elapsed: float) -> None:
        seen["rows"] = count
        if progress is not None:
            progress(count, elapsed)

    started = time.monotonic()
    result = read_locator_stream(files, counting)
    report = importers.apply_import(spec, result, actor=actor)
    return report, seen["rows"], time.monotonic() - started
