"""JSON with exact spans: a small recursive-descent reader over the stdlib's string and number
scanners (``json.decoder.scanstring`` is the C-accelerated one), recording the span of every key
path and warning on duplicate keys."""

from __future__ import annotations

import bisect
import json.decoder
import re
from typing import Any

from infralint.model import Span
from infralint.parse import MAX_DEPTH, Document, ParseError, duplicate_path

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_scanstring = json.decoder.scanstring


def load(text: str, max_depth: int = MAX_DEPTH, top_pairs: bool = False) -> Document:
    """``top_pairs``: a top-level object is read as its list of (key, value) members, repeated
    keys included; the spans of member ``i`` are under the path ``(i,)``."""
    reader = _Reader(text)
    reader.max_depth = max_depth
    reader.top_pairs = top_pairs
    doc = Document(None)
    reader.doc = doc
    pos = reader.skip(0)
    doc.value, pos = reader.value(pos, (), 0)
    if reader.skip(pos) != len(text):
        raise ParseError("extra data after the JSON value", reader.line(pos))
    return doc


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.doc: Document
        self.max_depth = MAX_DEPTH
        self.top_pairs = False
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, pos: int) -> int:
        return bisect.bisect_right(self.newlines, pos - 1) + 1 if pos else 1

    def where(self, start: int, end: int) -> Span:
        """Span from ``start`` to ``end`` (exclusive) as lines and columns."""
        line, end_line = self.line(start), self.line(max(end - 1, start))
        col = start - (self.newlines[line - 2] if line > 1 else -1)
        end_col = end - (self.newlines[end_line - 2] if end_line > 1 else -1)
        return Span(line, end_line, col, end_col)

    def skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def fail(self, message: str, pos: int) -> ParseError:
        return ParseError(f"invalid JSON: {message}", self.line(pos))

    def value(self, pos: int, path: tuple, depth: int) -> tuple[Any, int]:
        if depth > self.max_depth:
            raise self.fail(f"nested deeper than {self.max_depth} levels", pos)
        text = self.text
        ch = text[pos : pos + 1]
        if ch == "{":
            return self.obj(pos + 1, path, depth)
        if ch == "[":
            return self.array(pos + 1, path, depth)
        if ch == '"':
            try:
                return _scanstring(text, pos + 1, True)
            except ValueError as exc:
                raise self.fail(str(exc).split(":")[0], pos) from None
        for word, val in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, pos):
                return val, pos + len(word)
        match = _NUMBER.match(text, pos)
        if match and match.end() > pos:
            num = match.group()
            return (float(num) if match.group(1) or match.group(2) else int(num)), match.end()
        raise self.fail("expected a value", pos)

    def obj(self, pos: int, path: tuple, depth: int) -> tuple[Any, int]:
        out: dict = {}
        pairs: list | None = [] if depth == 0 and self.top_pairs else None
        text = self.text
        pos = self.skip(pos)
        if text[pos : pos + 1] == "}":
            return (out if pairs is None else pairs), pos + 1
        while True:
            if text[pos : pos + 1] != '"':
                raise self.fail("expected a string key", pos)
            key_start = pos
            try:
                key, pos = _scanstring(text, pos + 1, True)
            except ValueError as exc:
                raise self.fail(str(exc).split(":")[0], pos) from None
            pos = self.skip(pos)
            if text[pos : pos + 1] != ":":
                raise self.fail("expected ':'", pos)
            pos = self.skip(pos + 1)
            repeated = key in out and pairs is None
            if repeated:
                self.doc.warnings.append(
                    (self.line(key_start), f"duplicate key {key!r}; the last one wins")
                )
            member = path + (key if pairs is None else len(pairs),)
            first = self.doc.spans[member].line if repeated else 0
            out[key], end = self.value(pos, member, depth + 1)
            if pairs is not None:
                pairs.append((key, out[key]))
            self.doc.spans[member] = self.where(key_start, end)
            if repeated:
                self.doc.spans[duplicate_path(path, key, first)] = self.doc.spans[member]
            pos = self.skip(end)
            ch = text[pos : pos + 1]
            if ch == "}":
                return (out if pairs is None else pairs), pos + 1
            if ch != ",":
                raise self.fail("expected ',' or '}'", pos)
            pos = self.skip(pos + 1)

    def array(self, pos: int, path: tuple, depth: int) -> tuple[list, int]:
        out: list = []
        text = self.text
        pos = self.skip(pos)
        if text[pos : pos + 1] == "]":
            return out, pos + 1
        while True:
            start = pos
            item, end = self.value(pos, path + (len(out),), depth + 1)
            self.doc.spans[path + (len(out),)] = self.where(start, end)
            out.append(item)
            pos = self.skip(end)
            ch = text[pos : pos + 1]
            if ch == "]":
                return out, pos + 1
            if ch != ",":
                raise self.fail("expected ',' or ']'", pos)
            pos = self.skip(pos + 1)
