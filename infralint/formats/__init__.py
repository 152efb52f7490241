"""The format registry: one ``Format`` object per input format, registered under the
entry-point group ``infralint.formats`` (the built-in ones exactly like a plugin's).

A format declares how its files are recognised (by name, then by content), how they are parsed
(the shared parse pool's ``hcl``/``json``/``yaml``, or a parser of its own), how their resources
are built into the graph, how those resources become facts, and how comments are written (for
``infralint:ignore``). ``infralint.scan`` iterates the registry; adding a format is one package
and one entry point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

ENTRY_POINT_GROUP = "infralint.formats"
TEXT = "text"  # the kind of a file no format claims (scanned for secrets only)


@dataclass(frozen=True)
class Format:
    name: str  # also ``Resource.format`` of the resources it builds
    kinds: tuple[str, ...] = ()  # the file kinds it claims (default: its name)
    by_name: Callable[[str], str] | None = None  # lower-case file name -> kind, or ""
    by_content: Callable[[str, str], str] | None = None  # (lower name, text) -> kind, or ""
    parse_kind: Callable[[Any], str | None] | None = None  # source -> hcl | json | yaml | None
    parse: Callable[[Any], Any] | None = None  # source -> document, when not the parse pool's
    # a YAML/JSON file no name or content pattern claimed, judged on its parsed value:
    # (value, path) -> kind, or ""; tried only on files holding one of ``document_marks``
    by_document: Callable[[object, str], str] | None = None
    document_marks: tuple[str, ...] = ()
    build: Callable[[Any], None] | None = None  # adds its files' resources (``scan.Build``)
    adapt: Callable[[Any, Any], None] | None = None  # (graph, resource) -> adds facts
    comments: Callable[[str], tuple[str, ...]] | tuple[str, ...] = ("#",)  # comment openers
    order: int = 100  # detection order: lower first

    @property
    def claimed(self) -> tuple[str, ...]:
        return self.kinds or (self.name,)

    def comment_markers(self, path: str) -> tuple[str, ...]:
        """What opens a comment in ``path`` (empty: the file has no comments)."""
        return self.comments(path) if callable(self.comments) else tuple(self.comments)


def registry() -> tuple[Format, ...]:
    """Every registered format, in detection order."""
    return _load()[0]


def document_kind(value: object, path: str) -> str:
    """The kind of a parsed document that no name or content pattern claimed (``by_document``
    of the first format that recognises it), or ""."""
    for fmt in registry():
        if fmt.by_document is not None:
            kind = fmt.by_document(value, path)
            if kind:
                return kind
    return ""


def document_marks() -> tuple[str, ...]:
    """Text one of which a file must hold to be judged on its parsed document."""
    return tuple(m for fmt in registry() for m in fmt.document_marks)


def problems() -> tuple[str, ...]:
    """Why registered formats could not be loaded (each is left out)."""
    return _load()[1]


@cache
def _load() -> tuple[tuple[Format, ...], tuple[str, ...]]:
    """The installed formats (they do not change while a process runs) and load problems."""
    from infralint.plugins import entry_points

    formats: dict[str, Format] = {}
    failed: list[str] = []
    for ep in sorted(entry_points(ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            fmt = ep.load()
        except Exception as exc:  # a broken plugin must not take the scan down
            failed.append(f"format plugin {ep.name} = {ep.value} failed to load: {exc}")
            continue
        if not isinstance(fmt, Format):
            failed.append(f"format plugin {ep.name} = {ep.value} is not an infralint Format")
            continue
        formats.setdefault(fmt.name, fmt)
    ordered = tuple(sorted(formats.values(), key=lambda f: (f.order, f.name)))
    return ordered, tuple(failed)


def kind_by_name(lower: str) -> str:
    """The kind of a file from its lower-case name alone ("" when the name does not say)."""
    for fmt in registry():
        kind = fmt.by_name(lower) if fmt.by_name else ""
        if kind:
            return kind
    return ""


def kind_by_content(lower: str, text: str) -> str:
    """The kind of a file from its name and content (``text`` when no format claims it)."""
    for fmt in registry():
        kind = fmt.by_content(lower, text) if fmt.by_content else ""
        if kind:
            return kind
    return TEXT


def of_kind(kind: str) -> Format | None:
    """The format that claims files of ``kind``."""
    return next((f for f in registry() if kind in f.claimed), None)


def parser_of(lower: str) -> Format | None:
    """The format with a parser of its own for a file of this lower-case name."""
    return next((f for f in registry() if f.parse and f.by_name and f.by_name(lower)), None)


def comment_markers(kind: str, path: str) -> tuple[str, ...]:
    """What opens a comment in ``path`` of ``kind`` (``#`` for a file no format claims)."""
    fmt = of_kind(kind)
    return fmt.comment_markers(path) if fmt is not None else ("#",)
