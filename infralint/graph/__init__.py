"""The resource graph: every resource of every format, the references between them, and the
normalised facts the rules read."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from infralint.model import Diagnostic, Ref, Resource, Unknown

_INDEX = re.compile(r"\[[^\]]*\]$")


@dataclass
class Graph:
    root: str
    resources: dict[str, Resource] = field(default_factory=dict)  # key -> resource
    facts: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    _by_address: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _referrers: dict[str, list[Resource]] | None = None

    def add(self, res: Resource) -> None:
        self.resources[res.key] = res
        base = _INDEX.sub("", res.address)
        self._by_address.setdefault((res.scope, base), []).append(res.key)
        self._referrers = None

    def add_fact(self, fact: Any) -> None:
        self.facts[type(fact).__name__].append(fact)

    def add_facts(self, facts: list) -> None:
        for fact in facts:
            self.add_fact(fact)

    def find(self, scope: str, address: str) -> list[Resource]:
        """Resources of ``scope`` at ``address`` (every instance of a counted resource)."""
        keys = self._by_address.get((scope, _INDEX.sub("", address)), [])
        return [self.resources[k] for k in keys]

    def target(self, res: Resource, value: Any) -> str:
        """The graph key of the resource a reference value points at ("" when unknown)."""
        if isinstance(value, Ref):
            found = self.find(res.scope, value.address)
            return found[0].key if found else ""
        return ""

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
