"""The plugin rule engine.

A rule is a Python module (or any object) registered under the entry-point group
``infralint.rules``. The built-in rules in ``rules/`` are registered exactly like a third-party
plugin. A rule provides::

    \"\"\"One-line summary.

    ## What it does ... ## Why is this bad? ... ## How to fix ... ## Example ... ## Use instead
    \"\"\"
    ID = "IL101"                 # stable id
    NAME = "public-database"     # kebab-case
    CATEGORY = "public-database"
    SEVERITY = "high"            # critical | high | medium | low | info
    FACTS = ("ManagedDatabase",)  # names of infralint.facts classes it reads
    FORMATS = ("terraform", "cloudformation", "compose")

    def check(ctx):              # yields ctx.finding(...) results
        ...

The module docstring is the rule's user documentation (``infralint explain IL101``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from infralint.model import Diagnostic, Finding, Resource, Severity, Span

ENTRY_POINT_GROUP = "infralint.rules"
_ID_RE = re.compile(r"^[A-Z]{1,8}[0-9]{1,5}$")
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(slots=True)
class Rule:
    id: str
    name: str
    category: str
    severity: Severity
    facts: tuple[str, ...]
    formats: tuple[str, ...]
    doc: str
    check: Callable[[Context], Iterable[Finding]]
    source: str = ""  # the distribution / entry point that provided it

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    def section(self, title: str) -> str:
        """The text of a ``## Title`` section of the documentation."""
        match = re.search(
            rf"^##\s*{re.escape(title)}[^\n]*\n(.*?)(?=^##\s|\Z)", self.doc, re.M | re.S
        )
        return match.group(1).strip() if match else ""


def rule_from(obj: Any, source: str = "") -> Rule:
    """Build a Rule from a rule module (or object with the same attributes)."""
    missing = [a for a in ("ID", "NAME", "CATEGORY", "SEVERITY", "check") if not hasattr(obj, a)]
    if missing:
        raise ValueError(f"rule {source or obj!r} lacks {', '.join(missing)}")
    rule_id, name = str(obj.ID), str(obj.NAME)
    if not _ID_RE.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} must look like IL101")
    if not _NAME_RE.match(name):
        raise ValueError(f"rule name {name!r} must be kebab-case")
    import inspect

    return Rule(
        id=rule_id,
        name=name,
        category=str(obj.CATEGORY),
        severity=Severity.parse(str(obj.SEVERITY)),
        facts=tuple(getattr(obj, "FACTS", ())),
        formats=tuple(getattr(obj, "FORMATS", ())),
        doc=inspect.cleandoc(getattr(obj, "__doc__", "") or ""),
        check=obj.check,
        source=source,
    )


def load_rules(
    diagnostics: list[Diagnostic] | None = None, paths: list[str] | tuple = ()
) -> list[Rule]:
    """Every rule registered under the ``infralint.rules`` entry-point group, and every rule
    module in ``paths`` (``.py`` files, or directories of them: the ``rules_paths`` of the
    configuration), sorted by id.

    A plugin that fails to load becomes a diagnostic (or raises when no list is given)."""
    from functools import partial

    from infralint import dists

    found = [
        (f"{name} = {value}", partial(dists.load, value))
        for name, value in sorted(dists.entry_points(ENTRY_POINT_GROUP))
    ]
    found += [(path, _file_loader(path)) for path in _rule_files(paths)]
    rules: dict[str, Rule] = {}
    for source, load in found:
        try:
            rule = rule_from(load(), source=source)
        except Exception as exc:  # a broken plugin must not take the scan down
            if diagnostics is None:
                raise
            diagnostics.append(
                Diagnostic("", f"rule plugin {source} failed to load: {exc}", stage="load")
            )
            continue
        if rule.id in rules and rules[rule.id].source != rule.source:
            msg = f"rule id {rule.id} registered twice ({rules[rule.id].source}; {rule.source})"
            if diagnostics is None:
                raise ValueError(msg)
            diagnostics.append(Diagnostic("", msg, stage="load"))
            continue
        rules[rule.id] = rule
    return [rules[k] for k in sorted(rules)]


def _rule_files(paths: list[str] | tuple) -> list[str]:
    import os

    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(
                os.path.join(path, n)
                for n in os.listdir(path)
                if n.endswith(".py") and not n.startswith("_")
            )
        else:
            files.append(path)
    return files


def _file_loader(path: str) -> Callable[[], Any]:
    """Import the rule module at ``path`` when called (under a name of its own)."""

    def load() -> Any:
        import hashlib
        import importlib.util
        import sys

        name = "infralint_local_rules._" + hashlib.sha256(path.encode()).hexdigest()[:12]
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{path} is not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module

    return load


@dataclass
class Context:
    """What a rule's ``check`` receives: the facts of one scan, and a way to report."""

    graph: Any  # infralint.graph.Graph
    rule: Rule | None = None
    findings: list[Finding] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)  # ids of facts the rule failed on
    current: Any = None  # the fact most recently handed to the rule

    def facts(self, kind: type) -> list:
        items = self.graph.facts.get(kind.__name__, [])
        return _Handed(self, [f for f in items if id(f) not in self.skip])

    def resource(self, key: str) -> Resource | None:
        return self.graph.resources.get(key)

    def finding(
        self,
        resource: Resource,
        path: tuple | list = (),
        message: str = "",
        *,
        severity: Severity | str | None = None,
        at_origin: bool = False,
        redact: Iterable[str] = (),
    ) -> Finding:
        """A finding on ``resource`` at the attribute ``path`` (its nearest located parent).

        With ``at_origin`` the finding points where the value was written when it flowed in
        from a variable or parameter default (a committed secret lives there)."""
        path = tuple(path)
        file, span = resource.location(path)
        origin = resource.origins.get(path)
        if origin is not None and at_origin:
            file, span = origin.path, origin.span
        elif origin is not None and origin.span is not None:
            message += f" (value from {origin.via}, {origin.path}:{origin.span.line})"
        if resource.module_call:
            message += f" [via {resource.module_call}]"
        return self.file_finding(
            file,
            span,
            message,
            resource=resource.address,
            attribute=_dotted(path),
            severity=severity,
            redact=redact,
        )

    def file_finding(
        self,
        path: str,
        span: Span,
        message: str,
        *,
        resource: str = "",
        attribute: str = "",
        severity: Severity | str | None = None,
        redact: Iterable[str] = (),
    ) -> Finding:
        rule = self.rule
        assert rule is not None, "findings are made while a rule runs"
        if isinstance(severity, str):
            severity = Severity.parse(severity)
        return Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            category=rule.category,
            severity=rule.severity if severity is None else severity,
            message=message,
            resource=resource or path,
            path=path,
            span=span,
            attribute=attribute,
            redact=tuple(r for r in redact if r),
        )


def _dotted(path: tuple) -> str:
    return "".join(
        f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path)
    )


MAX_RULE_FAILURES = 20  # facts a rule may fail on before it is given up for the scan
MAX_FINDINGS = 1000  # findings of one rule in one file


def run_rules(
    graph: Any,
    rules: list[Rule],
    diagnostics: list[Diagnostic],
    max_findings: int = MAX_FINDINGS,
) -> list[Finding]:
    """Run every rule whose facts exist in the graph. A rule that raises costs a diagnostic
    and the fact it was working on, not its findings on the other facts; a rule reports at
    most ``max_findings`` findings per file."""
    findings: list[Finding] = []
    present = {name for name, items in graph.facts.items() if items}
    for rule in rules:
        if rule.facts and not present.intersection(rule.facts):
            continue
        findings.extend(
            _capped(_run_rule(graph, rule, diagnostics), rule, max_findings, diagnostics)
        )
    return dedupe(findings)


def _run_rule(graph: Any, rule: Rule, diagnostics: list[Diagnostic]) -> list[Finding]:
    """The rule's findings. When it raises, it runs again without the fact it was handed
    last (the one it failed on), up to ``MAX_RULE_FAILURES`` times."""
    skip: set[int] = set()
    while True:
        ctx = Context(graph, rule, skip=skip)
        found: list[Finding] = []
        try:
            for finding in _iterate(rule.check(ctx)):
                found.append(finding)
            return found
        except Exception as exc:
            fact, what = ctx.current, f"rule {rule.id} {rule.name}"
            resource = getattr(fact, "resource", None)
            if resource is not None:
                what += f" on {resource.address}"
            path = resource.path if resource is not None else getattr(fact, "path", "")
            line = resource.span.line if resource is not None else 0
            diagnostics.append(Diagnostic.failure(path, "check", exc, line, what))
            if fact is None or id(fact) in skip or len(skip) >= MAX_RULE_FAILURES:
                return found  # not attributable to one fact (or too many): keep what we have
            skip.add(id(fact))


def _capped(
    findings: list[Finding], rule: Rule, limit: int, diagnostics: list[Diagnostic]
) -> list[Finding]:
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    out: list[Finding] = []
    for path, found in by_path.items():
        if len(found) > limit:
            found = sorted(found, key=Finding.sort_key)
            diagnostics.append(
                Diagnostic(
                    path,
                    f"rule {rule.id} ({rule.name}) found {len(found):,} problems in this file; "
                    f"only the first {limit:,} are reported",
                    found[limit].span.line,
                    "warning",
                    "check",
                )
            )
            found = found[:limit]
        out.extend(found)
    return out


class _Handed(list):
    """The facts of one kind as a rule iterates them, remembering the last one handed out."""

    def __init__(self, ctx: Context, items: list):
        super().__init__(items)
        self.ctx = ctx

    def __iter__(self) -> Iterator:
        for item in list.__iter__(self):
            self.ctx.current = item
            yield item


def _iterate(result: Iterable[Finding] | None) -> Iterator[Finding]:
    yield from result or ()


def dedupe(findings: list[Finding]) -> list[Finding]:
    """One problem, one finding: the same rule at the same place and resource is kept once,
    and two secret detectors hitting the same line keep the most severe."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        # the message names the module call, so one module file used by two root modules keeps
        # a finding per call
        key = (f.rule_id, f.path, f.span.line, f.span.col, f.resource, f.attribute, f.message)
        if f.category == "committed-secret":
            key = (f.category, f.path, f.span.line)
        kept = seen.get(key)
        if kept is None or f.severity > kept.severity:
            seen[key] = f
    return sorted(seen.values(), key=Finding.sort_key)
