"""Parsers: one module per input format, each turning text into values with exact spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infralint.model import Span


class ParseError(Exception):
    """The file is not valid for its format; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(slots=True)
class Document:
    """A parsed YAML/JSON document: plain values plus the span of every key path."""

    value: Any
    spans: dict[tuple, Span] = field(default_factory=dict)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    more: list[Document] = field(default_factory=list)  # the documents after it in a YAML stream
    _below: dict[int, dict[tuple, dict[tuple, Span]]] = field(default_factory=dict)

    def stream(self) -> list[Document]:
        """This document and the ones after it in its YAML stream (their spans are lines of
        the same file)."""
        return [self, *self.more]

    def sub_spans(self, prefix: tuple) -> dict[tuple, Span]:
        """The spans below ``prefix``, re-rooted at it (indexed once per prefix length: a
        template asks this for each of its resources)."""
        n = len(prefix)
        index = self._below.get(n)
        if index is None:
            index = self._below[n] = {}
            for p, s in self.spans.items():
                if len(p) > n:
                    index.setdefault(p[:n], {})[p[n:]] = s
        return dict(index.get(prefix, {}))


DUPLICATE = "\x00duplicate"  # a step no real key path has (see ``duplicate_path``)


def duplicate_path(path: tuple, key: object, first_line: int) -> tuple:
    """Where a key written twice in the mapping at ``path`` is recorded among the spans (with
    the span of its repeated writing): below the mapping, so a resource built from it carries
    it; never a real attribute path. ``first_line`` is where the key was first written."""
    return path + (DUPLICATE, str(key), first_line)


# Limits that keep hostile input from costing more than a diagnostic.
MAX_DEPTH = 200  # nesting of YAML / JSON values
MAX_NODES = 1_000_000  # YAML nodes, counting each expansion of an alias
