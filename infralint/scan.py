"""The pipeline: discover → parse → build the graph → derive facts → run rules.

Every stage is isolated per file (and per rule): one broken input costs one diagnostic.
Parsers and adapters of a format are imported only when a file of that format is present.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from infralint import formats
from infralint.discover import SourceFile, discover
from infralint.engine import Rule, run_rules
from infralint.facts import TextFile
from infralint.graph import Graph
from infralint.limits import Budget, Limits
from infralint.model import Diagnostic, Finding, Resource
from infralint.parse import MAX_DEPTH, MAX_NODES, Document, ParseError


@dataclass
class ScanResult:
    root: str
    findings: list[Finding]
    diagnostics: list[Diagnostic]
    graph: Graph
    files: dict[str, SourceFile]
    skipped: dict[str, int] = field(default_factory=dict)  # files left out, by reason
    scanned: int = 0  # files discovered and read

    def lines(self, path: str) -> list[str] | None:
        source = self.files.get(path)
        return source.lines if source is not None else None


@dataclass
class ScanOptions:
    paths: list[str]
    exclude: list[str] = field(default_factory=list)
    max_bytes: int = 5 * 1024 * 1024
    var_files: list[str] = field(default_factory=list)
    vars: dict[str, str] = field(default_factory=dict)
    cfn_params: dict[str, Any] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)
    respect_gitignore: bool = True  # skip files git ignores (not committed)
    on_files: Callable[[int], None] | None = None  # told how many files were found
    jobs: int = 1  # parse processes (infralint.workers)
    parse_timeout: float | None = 10.0  # seconds per file
    cache_dir: str | None = None  # parse cache (infralint.cache); None: no cache
    limits: Limits = field(default_factory=Limits)


def scan(options: ScanOptions, rules: list[Rule]) -> ScanResult:
    budget = Budget(options.limits)  # what this scan may spend, handed to every stage
    found = discover(
        options.paths,
        options.exclude,
        options.max_bytes,
        gitignore=options.respect_gitignore,
        max_depth=budget.limits.walk_depth,
    )
    if options.on_files is not None:
        options.on_files(len(found.files))
    graph = Graph(found.root)
    graph.diagnostics.extend(found.diagnostics)
    graph.diagnostics.extend(Diagnostic("", p, stage="load") for p in formats.problems())
    files = {f.path: f for f in found.files}
    parsed = _Parsed(options, graph.diagnostics)
    _classify_parsed(found.files, parsed)
    by_kind: dict[str, list[SourceFile]] = defaultdict(list)
    for f in found.files:
        by_kind[f.kind].append(f)
        graph.add_fact(TextFile(f.path, f.text, f.kind))
    try:
        parsed.parse_all(found.files)
        build = Build(graph, by_kind, options, files, parsed, budget)
        for fmt in formats.registry():
            if fmt.build is not None and any(by_kind.get(k) for k in fmt.claimed):
                fmt.build(build)
        _facts(graph)
        findings = run_rules(graph, rules, graph.diagnostics, options.limits.findings_per_rule)
    finally:
        if parsed.store is not None:
            parsed.store.flush()  # the cache entries written while the graph was built
    _redact(findings, graph, files, options)
    diagnostics = sorted(graph.diagnostics, key=Diagnostic.sort_key)
    return ScanResult(
        found.root, findings, diagnostics, graph, files, found.skipped, len(found.files)
    )


@dataclass
class Build:
    """What a format's ``build`` gets: the graph, the scan's files by kind, the options and the
    parsed files, and the steps every format shares."""

    graph: Graph
    by_kind: dict[str, list[SourceFile]]
    options: ScanOptions
    files: dict[str, SourceFile]
    parsed: _Parsed
    budget: Budget  # what this scan may still spend (infralint.limits)

    def add(self, res: Resource) -> None:
        """Add a resource (up to the limit of resources per file)."""
        _add(self.graph, res, self.options.limits.resources_per_file)

    def parse_failed(self, path: str, exc: Exception) -> None:
        _parse_failed(self.graph, path, exc)

    def warn(self, path: str, doc: Any) -> None:
        """The warnings a parsed document carries, as diagnostics."""
        _warn(self.graph, path, doc)

    def each_document(self, kind: str, build: Any) -> None:
        """Parse each YAML/JSON file of ``kind`` and add the resources ``build(source, doc)``
        makes of it (``doc.stream()``: every document of a YAML stream); a failure costs that
        file one diagnostic."""
        _structured(self.graph, self.parsed, self.by_kind.get(kind, []), self.options.limits, build)


def _redact(findings: list[Finding], graph: Graph, files: dict, options: ScanOptions) -> None:
    """Everything the scan produced, through the one redaction (``infralint.report.redact``):
    secrets masked, values given from outside the tree named instead of printed."""
    from infralint.report.redact import origins, protect

    given = origins(options.environ, options.vars, options.cfn_params)

    def text_of(path: str) -> str | None:
        source = files.get(path)
        return source.text if source is not None else None

    protect(findings, graph.diagnostics, graph.unknowns, text_of, given)


# -- parse stage ------------------------------------------------------------------------------
class _Parsed:
    """Parse results by path: every file is parsed once, up front, through the cache and the
    worker pool (``infralint.workers``); ``get`` returns the result or raises its ParseError."""

    def __init__(self, options: ScanOptions, diagnostics: list[Diagnostic]):
        from infralint import cache

        self.options = options
        self.results: dict[str, Any] = {}
        self.store = None
        directory = options.cache_dir
        why = cache.problem(directory) if directory else ""
        if why:
            message = f"the parse cache {directory} is not used: it {why}"
            diagnostics.append(Diagnostic("", message, 0, "warning", "cache"))
            directory = None
        if directory:
            self.store = cache.Cache(directory)

    def parse_all(self, sources: list[SourceFile]) -> None:
        from infralint import workers

        tasks = [
            (s.path, kind, s.text)
            for s in sources
            if (kind := _parse_kind(s))
            and not self.parsed_here(kind)
            and s.path not in self.results
        ]
        if tasks:
            self.results.update(
                workers.parse_all(tasks, self.options.jobs, self.options.parse_timeout, self.store)
            )

    @property
    def custom_limits(self) -> bool:
        """YAML/JSON limits other than the defaults: those files are parsed here, with them
        (the pool and the cache use the defaults)."""
        limits = self.options.limits
        return (limits.yaml_nodes, limits.nesting_depth) != (MAX_NODES, MAX_DEPTH)

    def parsed_here(self, kind: str) -> bool:
        """Parsed in this process with the configured limits (not through the pool and the
        cache, which use the defaults): YAML/JSON under custom limits, HCL under a custom
        nesting depth."""
        if kind == "hcl":
            return self.options.limits.nesting_depth != MAX_DEPTH
        return self.custom_limits

    def get(self, source: SourceFile) -> Any:
        own = formats.parser_of(os.path.basename(source.path).lower())
        if own is not None:
            return own.parse(source)
        kind = _parse_kind(source)
        if kind == "hcl" and self.parsed_here(kind):
            from infralint.parse import hcl
            from infralint.parse.terraform import HclFile

            body = hcl.parse(source.text, self.options.limits.nesting_depth)
            return HclFile(source.path, source.text, body)
        if kind in ("json", "yaml") and self.parsed_here(kind):
            return _load_structured(source, self.options.limits)
        if source.path not in self.results:
            self.parse_all([source])
        value = self.results[source.path]
        if isinstance(value, Exception):
            raise value
        if _parse_kind(source) == "hcl":
            from infralint.parse.terraform import HclFile

            return HclFile(source.path, source.text, value)
        return value


def _classify_parsed(sources: list[SourceFile], parsed: _Parsed) -> None:
    """Text files that may be a template or a compose file although no pattern said so (a
    ``Type`` written as a folded scalar, keys in an unusual style) are classified on their
    parsed document (each format's ``by_document``); the parse is kept for the next stage."""
    from infralint import workers
    from infralint.discover import STRUCTURED_SUFFIXES

    marks = formats.document_marks()
    candidates = [
        s
        for s in sources
        if s.kind == "text"
        and s.path.lower().endswith(STRUCTURED_SUFFIXES)
        and any(mark in s.text for mark in marks)
    ]
    if not candidates:
        return
    tasks = [(s.path, structured_kind(s), s.text) for s in candidates]
    results = workers.parse_all(tasks, 1, parsed.options.parse_timeout, None)
    for source in candidates:
        doc = results.get(source.path)
        parts = doc.stream() if isinstance(doc, Document) else []
        kinds = (formats.document_kind(part.value, source.path) for part in parts)
        kind = next((k for k in kinds if k), "")
        if kind:
            source.kind = kind
            if not parsed.custom_limits:
                parsed.results[source.path] = doc


def structured_kind(source: SourceFile) -> str:
    """json or yaml: a ``.yaml``/``.yml`` file is YAML even in flow style (``{services: ...}``);
    another file is JSON when named so or when it starts with ``{``."""
    lower = source.path.lower()
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if lower.endswith(".json") or source.text.lstrip().startswith("{") else "yaml"


def _parse_kind(source: SourceFile) -> str | None:
    """hcl, json or yaml: how the parse pool parses ``source`` (None: it does not)."""
    fmt = formats.of_kind(source.kind)
    return fmt.parse_kind(source) if fmt is not None and fmt.parse_kind else None


def _parse_failed(graph: Graph, path: str, exc: Exception) -> None:
    if isinstance(exc, ParseError):
        graph.diagnostics.append(Diagnostic(path, exc.message, exc.line, "error", "parse"))
    elif isinstance(exc, RecursionError):
        graph.diagnostics.append(
            Diagnostic(path, "nested too deeply to be read", 0, "error", "parse")
        )
    else:
        graph.diagnostics.append(Diagnostic.failure(path, "parse", exc))


def _add(graph: Graph, res: Resource, limit: int) -> None:
    """Add ``res`` unless its file already has ``limit`` resources (one diagnostic then)."""
    counts = graph.resources_per_file
    counts[res.path] = counts.get(res.path, 0) + 1
    if counts[res.path] <= limit:
        graph.add(res)
    elif counts[res.path] == limit + 1:
        graph.diagnostics.append(
            Diagnostic(
                res.path,
                f"more than {limit:,} resources; the rest of the file is not scanned",
                res.span.line,
                "warning",
                "evaluate",
            )
        )


def _load_structured(source: SourceFile, limits: Limits) -> Any:
    from infralint.parse import json_doc, yaml_doc

    if structured_kind(source) == "json":
        return json_doc.load(source.text, max_depth=limits.nesting_depth)
    return yaml_doc.load(source.text, max_nodes=limits.yaml_nodes, max_depth=limits.nesting_depth)


def _warn(graph: Graph, path: str, doc: Any) -> None:
    for part in doc.stream():
        for line, message in part.warnings:
            graph.diagnostics.append(Diagnostic(path, message, line, "warning", "parse"))


def _structured(
    graph: Graph, parsed: _Parsed, sources: list[SourceFile], limits: Limits, build: Any
) -> None:
    """Parse each YAML/JSON source and add the resources ``build`` makes of it; a failure costs
    that file one diagnostic."""
    for source in sources:
        try:
            doc = parsed.get(source)
        except Exception as exc:
            _parse_failed(graph, source.path, exc)
            continue
        _warn(graph, source.path, doc)
        try:
            for res in build(source, doc):
                _add(graph, res, limits.resources_per_file)
        except Exception as exc:
            graph.diagnostics.append(Diagnostic.failure(source.path, "evaluate", exc))


# -- facts ------------------------------------------------------------------------------------
def _facts(graph: Graph) -> None:
    from infralint.facts import secrets

    adapters = {f.name: f.adapt for f in formats.registry() if f.adapt is not None}
    for res in list(graph.resources.values()):
        adapt = adapters.get(res.format)
        try:
            if adapt is not None:
                adapt(graph, res)
            secrets.adapt(graph, res)
        except Exception as exc:
            graph.diagnostics.append(
                Diagnostic.failure(res.path, "facts", exc, res.span.line, res.address)
            )
