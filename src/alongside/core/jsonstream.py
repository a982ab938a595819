"""Reading a large JSON file one list item at a time, so a whole-country export (hundreds of
megabytes) never sits in memory as one string and one tree.

No third-party parser: the standard library's ``JSONDecoder.raw_decode`` reads one value at a time
from a buffer refilled in ``CHUNK``-sized pieces. The list streamed is either the top-level list or
the list under one of ``list_keys`` of a top-level object; the object's other (small) values land in
``envelope`` whatever their order. Used by the directory's and the meetings' importers.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import IO

CHUNK = 1 << 20
WHITESPACE = " \t\n\r"


class StreamError(ValueError):
    """The file is not readable JSON of the expected shape; the message is for people."""


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
            raise StreamError(f"{self.name}: the file is not UTF-8 text.") from None
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
        raise StreamError(
            f"{self.name}: this is not valid JSON (near character {self.consumed + self.pos}: {why})."
        )


def iter_list(
    fileobj: IO[bytes], name: str, envelope: dict, list_keys: tuple[str, ...] = (), *, skip: bool = False
) -> Iterator:
    """Yield the items of the top-level list, or of the list under one of ``list_keys``.

    ``envelope`` receives the object's other keys, plus ``_list`` (top-level list) or ``_key`` (the
    key whose list was streamed). With ``skip`` the items are read and dropped (a first pass that
    only wants the envelope). Raises ``StreamError``; a file with neither shape raises it with
    ``envelope`` still holding what was read, so the caller can say what it expected."""
    stream = _Stream(fileobj, name)
    first = stream.peek()
    if first == "[":
        envelope["_list"] = True
        for item in stream.items():
            if not skip:
                yield item
    elif first == "{":
        stream.pos += 1
        if stream.peek() == "}":
            stream.pos += 1
        else:
            while True:
                key = stream.value()
                stream.expect(":")
                if key in list_keys and "_key" not in envelope and stream.peek() == "[":
                    envelope["_key"] = key
                    for item in stream.items():
                        if not skip:
                            yield item
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
