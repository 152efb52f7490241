"""The resource graph: every resource of every format, the references between them, and the
normalised facts the rules read."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from infralint.facts.values import Value
from infralint.model import Choice, Diagnostic, Ref, Resource, Unknown

# Facts whose unknown values are normal and not worth listing (a password given at deploy time
# is good practice, not a gap in the analysis).
_UNKNOWN_EXEMPT = {"SecretValue", "TextFile"}

_INDEX = re.compile(r"\[[^\]]*\]$")


def node(scope: str, address: str) -> str:
    """The key naming every instance of the resource at ``address`` of ``scope`` (its instance
    index dropped): what a reference to it names."""
    return f"{scope}::{_INDEX.sub('', address)}"


_PLAIN = (str, int, float, bool, type(None), Ref)  # values that hold no Unknown


@dataclass
class Graph:
    root: str
    resources: dict[str, Resource] = field(default_factory=dict)  # key -> resource
    facts: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    resources_per_file: dict[str, int] = field(default_factory=dict)  # offered, kept or not
    projects: dict[str, Any] = field(default_factory=dict)  # scope -> its facts.project.Project
    _by_address: dict[str, list[str]] = field(default_factory=dict)  # node -> resource keys
    _unknown_seen: set = field(default_factory=set)
    _referrers: dict[str, list[Resource]] | None = None

    def add(self, res: Resource) -> None:
        self.resources[res.key] = res
        self._by_address.setdefault(node(res.scope, res.address), []).append(res.key)
        self._referrers = None

    def add_fact(self, fact: Any) -> None:
        self.facts[type(fact).__name__].append(fact)
        resource = getattr(fact, "resource", None)
        if isinstance(resource, Resource) and type(fact).__name__ not in _UNKNOWN_EXEMPT:
            self._note_unknowns(fact, resource, getattr(fact, "path", ()), 0)

    def _note_unknowns(self, value: Any, res: Resource, path: tuple, depth: int) -> None:
        """Record every Unknown a fact carries: the facts are what rules read, so these are the
        values a rule needed and could not judge (``--show-unknown``)."""
        if depth > 8:
            return
        if isinstance(value, Value):  # a fact field: only its value can be unknown
            if not isinstance(value.value, _PLAIN):
                self._note_unknowns(value.value, res, value.path or path, depth + 1)
        elif isinstance(value, Unknown):
            self.note_unknown(value, res, path)
        elif isinstance(value, _PLAIN):
            return
        elif isinstance(value, Choice):
            for option in value.options:
                self._note_unknowns(option, res, path, depth + 1)
        elif isinstance(value, list | tuple) and not isinstance(value, Choice):
            for item in value:
                self._note_unknowns(item, res, path, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                self._note_unknowns(item, res, path, depth + 1)
        elif is_dataclass(value) and not isinstance(value, type):
            where = getattr(value, "path", path)
            where = where if isinstance(where, tuple) else path
            for f in fields(value):
                if f.name in ("resource", "path") or f.name.endswith("_path"):
                    continue
                self._note_unknowns(getattr(value, f.name), res, where, depth + 1)

    def note_unknown(self, value: Unknown, res: Resource | None = None, path: tuple = ()) -> None:
        """List ``value`` among the unknowns, located at its own expression or else at the
        attribute ``path`` of ``res``; each place and reason is listed once."""
        file, span, expr = value.path, value.span, value.expr
        if (not file or span is None) and res is not None:
            file, span = res.location(path)
        if not expr and res is not None:
            expr = self._source_line(file, span) or ".".join(str(p) for p in path)
        key = (file, span.line if span else 0, value.reason)
        if key in self._unknown_seen:
            return
        self._unknown_seen.add(key)
        self.unknowns.append(Unknown(value.reason, expr, file, span))

    def _source_line(self, file: str, span: Any) -> str:
        if span is None or not span.line:
            return ""
        for text_file in self.facts.get("TextFile", []):
            if text_file.path == file:
                from infralint.lines import split_lines

                lines = split_lines(text_file.text)
                if 0 < span.line <= len(lines):
                    return lines[span.line - 1].strip()
        return ""

    def add_facts(self, facts: list) -> None:
        for fact in facts:
            self.add_fact(fact)

    def find(self, scope: str, address: str) -> list[Resource]:
        """Resources of ``scope`` at ``address`` (every instance of a counted resource)."""
        keys = self._by_address.get(node(scope, address), [])
        return [self.resources[k] for k in keys]

    def target(self, res: Resource, value: Any) -> str:
        """The graph key of the resource a reference value points at ("" when unknown)."""
        if isinstance(value, Ref):
            found = self.find(res.scope, value.address)
            return found[0].key if found else ""
        return ""

    def referenced(self, res: Resource) -> list[Resource]:
        """Resources ``res`` refers to."""
        return [t for address in sorted(res.refs) for t in self.find(res.scope, address)]

    def referrers(self, res: Resource) -> list[Resource]:
        """Resources that refer to ``res``."""
        if self._referrers is None:
            index: dict[str, list[Resource]] = defaultdict(list)
            for other in self.resources.values():
                for address in other.refs:
                    for target in self.find(other.scope, address):
                        index[target.key].append(other)
            self._referrers = index
        return self._referrers.get(res.key, [])
