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
    FACTS = (ManagedDatabase,)   # the fact kinds handed to check, one fact at a time
    READS = (Attachment,)        # further kinds it queries (ctx.facts / ctx.index)
    FORMATS = ("terraform", "cloudformation", "compose")
    CONF = {"web_ports": [int]}  # options: a type, [type] (a list of it) or a tuple of choices
    DEFAULT = {"web_ports": [80, 443]}
    ENABLED = True               # False: runs only when selected by id, name, category or all
    INFRALINT_API = (1,)         # the infralint.api versions it is written for
    ONE_PER_LINE = False         # True: findings of such rules of one category on one line are
                                 # one problem (the most severe is kept)

    def check(ctx, fact):        # yields ctx.finding(...) results
        ...

The module docstring is the rule's user documentation (``infralint explain IL101``).

A failure in ``check`` is attributed to that rule, that fact and its file: it costs a
diagnostic and that fact's findings, nothing else. A rule may read only the kinds it declares.
An older rule whose ``check(ctx)`` takes no fact runs once over the whole scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from infralint.facts.values import Value
from infralint.model import Diagnostic, Finding, Resource, Severity, Span, rule_order

ENTRY_POINT_GROUP = "infralint.rules"
API_VERSION = 1  # of infralint.api; a plugin lists the versions it supports in INFRALINT_API
_ID_RE = re.compile(r"^[A-Z]{1,8}[0-9]{1,5}$")
_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(slots=True)
class Rule:
    id: str
    name: str
    category: str
    severity: Severity  # the severity its findings get (a configured override, else base)
    facts: tuple[str, ...]  # kinds handed to check, one fact at a time
    formats: tuple[str, ...]
    doc: str
    check: Callable[..., Iterable[Finding]]
    source: str = ""  # the distribution / entry point that provided it
    reads: tuple[str, ...] = ()  # further kinds it queries
    per_fact: bool = True  # check(ctx, fact); False: an older check(ctx) run once
    base: Severity | None = None  # the severity the rule declares (escalations are relative)
    conf: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    enabled: bool = True
    one_per_line: bool = False

    def __post_init__(self) -> None:
        if self.base is None:
            self.base = self.severity

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    def section(self, title: str) -> str:
        """The text of a ``## Title`` section of the documentation."""
        match = re.search(
            rf"^##\s*{re.escape(title)}[^\n]*\n(.*?)(?=^##\s|\Z)", self.doc, re.M | re.S
        )
        return match.group(1).strip() if match else ""

    def with_options(self, given: dict[str, Any]) -> Rule:
        """The rule with ``given`` options over its defaults; raises ``ValueError`` naming the
        option when one is unknown or of the wrong type."""
        import dataclasses

        options = dict(self.options)
        for key, value in given.items():
            if key not in self.conf:
                known = ", ".join(sorted(self.conf)) or "none"
                raise ValueError(f"unknown option {key!r} (options of {self.name}: {known})")
            problem = _invalid(value, self.conf[key])
            if problem:
                raise ValueError(f"{key}: {problem} (got {value!r})")
            options[key] = value
        return dataclasses.replace(self, options=options)


def _invalid(value: Any, spec: Any) -> str:
    """Why ``value`` does not fit ``spec`` ("" when it does): a type, ``[type]`` for a list
    of it, or a tuple of allowed values and types."""
    if isinstance(spec, list):
        if not isinstance(value, list):
            return "must be a list"
        return next((f"each item {p}" for p in (_invalid(v, spec[0]) for v in value) if p), "")
    if isinstance(spec, tuple):
        ok = any(_invalid(value, s) == "" if isinstance(s, type) else value == s for s in spec)
        shown = " or ".join(s.__name__ if isinstance(s, type) else repr(s) for s in spec)
        return "" if ok else f"must be {shown}"
    if isinstance(value, bool) and spec is not bool:
        return f"must be {spec.__name__}"
    return "" if isinstance(value, spec) else f"must be {spec.__name__}"


def kind_name(kind: Any) -> str:
    """The name of a fact kind given as its class or its name."""
    return kind if isinstance(kind, str) else kind.__name__


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
    supported = tuple(getattr(obj, "INFRALINT_API", (API_VERSION,)))
    if API_VERSION not in supported:
        wanted = ", ".join(map(str, supported)) or "none"
        raise ValueError(
            f"rule {rule_id} is written for infralint API {wanted}; this infralint provides "
            f"API {API_VERSION}"
        )
    import inspect

    conf = dict(getattr(obj, "CONF", {}))
    default = dict(getattr(obj, "DEFAULT", {}))
    if set(conf) != set(default):
        raise ValueError(f"rule {rule_id}: CONF and DEFAULT must name the same options")
    rule = Rule(
        id=rule_id,
        name=name,
        category=str(obj.CATEGORY),
        severity=Severity.parse(str(obj.SEVERITY)),
        facts=tuple(map(kind_name, getattr(obj, "FACTS", ()))),
        formats=tuple(getattr(obj, "FORMATS", ())),
        doc=inspect.cleandoc(getattr(obj, "__doc__", "") or ""),
        check=obj.check,
        source=source,
        reads=tuple(map(kind_name, getattr(obj, "READS", ()))),
        per_fact=_takes_fact(obj.check),
        conf=conf,
        enabled=bool(getattr(obj, "ENABLED", True)),
        one_per_line=bool(getattr(obj, "ONE_PER_LINE", False)),
    )
    rule.options = default
    rule.with_options(default)  # the defaults must fit their own CONF
    return rule


def _takes_fact(check: Callable) -> bool:
    import inspect

    try:
        params = inspect.signature(check).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2


def load_rules(
    diagnostics: list[Diagnostic] | None = None, paths: list[str] | tuple = ()
) -> list[Rule]:
    """Every rule registered under the ``infralint.rules`` entry-point group, and every rule
    module in ``paths`` (``.py`` files, or directories of them: the ``rules_paths`` of the
    configuration), sorted by id.

    A plugin that fails to load becomes a diagnostic (or raises when no list is given)."""
    from infralint.plugins import entry_points

    points = sorted({(ep.name, ep.value): ep for ep in entry_points(ENTRY_POINT_GROUP)}.items())
    found: list[tuple[str, Callable[[], Any]]] = [
        (f"{name} = {value}", ep.load) for (name, value), ep in points
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
    return [rules[k] for k in sorted(rules, key=rule_order)]


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


class UndeclaredFact(LookupError):
    """A rule asked for a fact kind it does not declare in ``FACTS`` or ``READS``."""


@dataclass
class Context:
    """What a rule's ``check`` receives besides the fact: the facts of one scan, typed
    memoised queries over them, a cache shared by the rules of the scan, the rule's options,
    and a way to report."""

    graph: Any  # infralint.graph.Graph
    rule: Rule | None = None
    cache: dict = field(default_factory=dict)  # per scan, shared by every rule

    @property
    def options(self) -> dict[str, Any]:
        """The rule's options: its ``DEFAULT`` with the configured ``[rules.<name>]`` over it."""
        return self.rule.options if self.rule is not None else {}

    def facts(self, kind: Any) -> list:
        """Every fact of ``kind`` (a fact class or its name) the rule declares."""
        return self.graph.facts.get(self._declared(kind), [])

    def index(self, kind: Any, by: str) -> dict[Any, list]:
        """The facts of ``kind`` grouped by the attribute ``by`` (dotted: ``"resource.key"``),
        computed once per scan."""
        name = self._declared(kind)
        return self.memo(("index", name, by), lambda: _grouped(self.graph.facts.get(name, []), by))

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per scan for ``key`` (shared by every rule of the scan)."""
        try:
            return self.cache[key]
        except KeyError:
            value = self.cache[key] = compute()
            return value

    def resource(self, key: str) -> Resource | None:
        return self.graph.resources.get(key)

    def _declared(self, kind: Any) -> str:
        name = kind_name(kind)
        rule = self.rule
        if rule is not None and name not in rule.facts and name not in rule.reads:
            raise UndeclaredFact(f"{name} is not among the FACTS or READS of rule {rule.id}")
        return name

    def finding(
        self,
        resource: Resource,
        path: tuple | list | Value = (),
        message: str = "",
        *,
        severity: Severity | str | None = None,
        at_origin: bool = False,
        redact: Iterable[str] = (),
    ) -> Finding:
        """A finding on ``resource`` at the attribute ``path`` (its nearest located parent), or
        where a fact's ``Value`` is written.

        With ``at_origin`` the finding points where the value was written when it flowed in
        from a variable or parameter default (a committed secret lives there)."""
        written = path.span if isinstance(path, Value) else None
        path = tuple(path.path if isinstance(path, Value) else path)
        file, span = resource.location(path) if written is None else (resource.path, written)
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
        """A finding at ``span`` of ``path``. A ``severity`` given here is a step up or down
        from the rule's declared severity, and keeps that step under a configured override."""
        rule = self.rule
        assert rule is not None, "findings are made while a rule runs"
        return Finding(
            rule_id=rule.id,
            rule_name=rule.name,
            category=rule.category,
            severity=_escalated(rule, severity),
            message=message,
            resource=resource or path,
            path=path,
            span=span,
            attribute=attribute,
            redact=tuple(r for r in redact if r),
        )


def _escalated(rule: Rule, severity: Severity | str | None) -> Severity:
    if severity is None:
        return rule.severity
    if isinstance(severity, str):
        severity = Severity.parse(severity)
    if rule.base is None or rule.base == rule.severity:
        return severity
    step = int(severity) - int(rule.base)
    return Severity(min(max(int(rule.severity) + step, 0), len(Severity) - 1))


def _grouped(facts: list, by: str) -> dict[Any, list]:
    names = by.split(".")
    out: dict[Any, list] = {}
    for fact in facts:
        key = fact
        for name in names:
            key = getattr(key, name)
        out.setdefault(key, []).append(fact)
    return out


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
    """Run every rule on the facts of its kinds. A rule that raises on a fact costs a
    diagnostic naming the rule, the fact and its file, and that fact's findings; a rule
    reports at most ``max_findings`` findings per file."""
    findings: list[Finding] = []
    cache: dict = {}
    for rule in rules:
        ctx = Context(graph, rule, cache)
        run = _run_per_fact if rule.per_fact else _run_whole
        findings.extend(_capped(run(ctx, rule, diagnostics), rule, max_findings, diagnostics))
    return dedupe(findings, {r.id for r in rules if r.one_per_line})


def _run_per_fact(ctx: Context, rule: Rule, diagnostics: list[Diagnostic]) -> list[Finding]:
    found: list[Finding] = []
    failures = 0
    for kind in rule.facts:
        for fact in ctx.graph.facts.get(kind, ()):
            try:
                found.extend(list(_iterate(rule.check(ctx, fact))))
            except Exception as exc:
                diagnostics.append(_failure(rule, fact, exc))
                failures += 1
                if failures >= MAX_RULE_FAILURES:
                    return found  # too many: the rule is given up for this scan
    return found


def _run_whole(ctx: Context, rule: Rule, diagnostics: list[Diagnostic]) -> list[Finding]:
    """An older rule, ``check(ctx)``: run once; a failure keeps what it found before."""
    present = {name for name, items in ctx.graph.facts.items() if items}
    if rule.facts and not present.intersection(rule.facts):
        return []
    found: list[Finding] = []
    try:
        found.extend(_iterate(rule.check(ctx)))
    except Exception as exc:
        diagnostics.append(_failure(rule, None, exc))
    return found


def _failure(rule: Rule, fact: Any, exc: Exception) -> Diagnostic:
    """The diagnostic of ``rule`` raising ``exc`` on ``fact``: the rule, the fact, its file."""
    what = f"rule {rule.id} {rule.name}"
    resource = getattr(fact, "resource", None)
    if resource is not None:
        what += f" on {type(fact).__name__} of {resource.address}"
        return Diagnostic.failure(resource.path, "check", exc, resource.span.line, what)
    if fact is not None:
        what += f" on {type(fact).__name__}"
    return Diagnostic.failure(str(getattr(fact, "path", "")), "check", exc, 0, what)


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


def _iterate(result: Iterable[Finding] | None) -> Iterator[Finding]:
    yield from result or ()


def dedupe(findings: list[Finding], one_per_line: set[str] | frozenset = frozenset()) -> list:
    """One problem, one finding: the same rule at the same place and resource is kept once,
    and findings of ``one_per_line`` rules of one category on one line keep the most severe
    (two secret detectors hitting the same line)."""
    seen: dict[tuple, Finding] = {}
    for f in findings:
        # the message names the module call, so one module file used by two root modules keeps
        # a finding per call
        key = (f.rule_id, f.path, f.span.line, f.span.col, f.resource, f.attribute, f.message)
        if f.rule_id in one_per_line:
            key = (f.category, f.path, f.span.line)
        kept = seen.get(key)
        if kept is None or f.severity > kept.severity:
            seen[key] = f
    return sorted(seen.values(), key=Finding.sort_key)
