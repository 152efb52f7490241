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

from infralint.discover import SourceFile, discover, read_source
from infralint.engine import Rule, run_rules
from infralint.facts import TextFile
from infralint.graph import Graph
from infralint.limits import Budget, Limits
from infralint.model import Diagnostic, Finding, Resource, Span
from infralint.parse import MAX_DEPTH, MAX_NODES, ParseError


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
    import gc

    # A scan builds many small objects that live until it ends (parse trees, values) and
    # hardly any cycles: the cycle collector would walk them again and again for nothing (a
    # third of the time on a large repository, for no memory saved).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _scan(options, rules)
    finally:
        if enabled:
            gc.enable()


def _scan(options: ScanOptions, rules: list[Rule]) -> ScanResult:
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
    files = {f.path: f for f in found.files}
    parsed = _Parsed(options, graph.diagnostics)
    _classify_parsed(found.files, parsed)
    by_kind: dict[str, list[SourceFile]] = defaultdict(list)
    for f in found.files:
        by_kind[f.kind].append(f)
        graph.add_fact(TextFile(f.path, f.text, f.kind))
    try:
        parsed.parse_all(found.files)
        if by_kind.get("terraform") or by_kind.get("tfvars"):
            _terraform(graph, by_kind, options, files, parsed, budget)
        if by_kind.get("cloudformation"):
            _cloudformation(graph, by_kind["cloudformation"], options, parsed, budget)
        if by_kind.get("compose"):
            _compose(graph, by_kind["compose"], files, parsed, options)
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
        if source.kind == "terraform" and source.path.endswith(".tf.json"):
            from infralint.parse import terraform_json

            return terraform_json.parse(source.text, source.path)
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
    parsed document (``discover.document_kind``); the parse is kept for the next stage."""
    from infralint import workers
    from infralint.discover import STRUCTURED_SUFFIXES, document_kind

    candidates = [
        s
        for s in sources
        if s.kind == "text"
        and s.path.lower().endswith(STRUCTURED_SUFFIXES)
        and ("Resources" in s.text or "services" in s.text)
    ]
    if not candidates:
        return
    tasks = [(s.path, _structured_kind(s), s.text) for s in candidates]
    results = workers.parse_all(tasks, 1, parsed.options.parse_timeout, None)
    for source in candidates:
        doc = results.get(source.path)
        kind = document_kind(getattr(doc, "value", None), source.path)
        if kind:
            source.kind = kind
            if not parsed.custom_limits:
                parsed.results[source.path] = doc


def _structured_kind(source: SourceFile) -> str:
    """json or yaml: a ``.yaml``/``.yml`` file is YAML even in flow style (``{services: ...}``);
    another file is JSON when named so or when it starts with ``{``."""
    lower = source.path.lower()
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if lower.endswith(".json") or source.text.lstrip().startswith("{") else "yaml"


def _parse_kind(source: SourceFile) -> str | None:
    """hcl, json or yaml: how ``source`` is parsed (None: it is not)."""
    if source.kind == "terraform":
        return None if source.path.endswith(".tf.json") else "hcl"
    if source.kind == "tfvars":
        return "json" if source.path.endswith(".json") else "hcl"
    if source.kind in ("cloudformation", "compose"):
        return _structured_kind(source)
    return None


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
    counts = graph.__dict__.setdefault("_resources_per_file", {})
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

    if _structured_kind(source) == "json":
        return json_doc.load(source.text, max_depth=limits.nesting_depth)
    return yaml_doc.load(source.text, max_nodes=limits.yaml_nodes, max_depth=limits.nesting_depth)


def _warn(graph: Graph, path: str, doc: Any) -> None:
    for line, message in doc.warnings:
        graph.diagnostics.append(Diagnostic(path, message, line, "warning", "parse"))


# -- Terraform --------------------------------------------------------------------------------
def _terraform(
    graph: Graph,
    by_kind: dict,
    options: ScanOptions,
    files: dict,
    parsed_files: _Parsed,
    budget: Budget,
) -> None:
    from infralint.graph import terraform as tf

    parsed: dict[str, list] = defaultdict(list)
    tfvars: dict[str, list] = defaultdict(list)

    def hcl(source: SourceFile) -> Any:
        """The parsed file; the syntax errors it recovered from become diagnostics."""
        f = parsed_files.get(source)
        body = f.body if hasattr(f, "body") else None
        for issue in getattr(body, "issues", ()):
            message = issue.message
            if issue.level == "error":
                message = f"invalid HCL: {message} (column {issue.column}); the block is skipped"
            diagnostic = Diagnostic(source.path, message, issue.line, issue.level, "parse")
            graph.diagnostics.append(diagnostic)
        return f

    for source in by_kind.get("terraform", []):
        try:
            parsed[_dir(source.path)].append(hcl(source))
        except Exception as exc:
            _parse_failed(graph, source.path, exc)
    for source in by_kind.get("tfvars", []):
        try:
            tfvars[_dir(source.path)].append(_tfvars(source, hcl, budget))
        except Exception as exc:
            _parse_failed(graph, source.path, exc)
    for var_file in options.var_files:
        source = _var_file(graph, var_file, options.max_bytes)
        if source is None:
            continue
        try:
            extra = _tfvars(source, hcl, budget)
        except Exception as exc:
            _parse_failed(graph, var_file, exc)
            continue
        for directory in parsed:
            tfvars[directory].append(extra)

    config = tf.TerraformConfig(options.var_files, options.vars, options.environ)

    max_bytes = options.max_bytes

    def read(directory: str) -> list:
        out: list = []
        full = os.path.join(graph.root, directory)
        if not os.path.isdir(full):
            return out
        if not _inside_root(full, graph.root):
            graph.diagnostics.append(
                Diagnostic(directory, "module outside the scan root is not read", 0, "info", "read")
            )
            return out
        try:
            names = sorted(os.listdir(full))
        except OSError as exc:  # the calling module is still scanned
            message = f"module directory cannot be read: {exc.strerror or exc}"
            graph.diagnostics.append(Diagnostic(directory, message, 0, "warning", "read"))
            return out
        for name in names:
            if name.endswith((".tf", ".tf.json")):
                rel = f"{directory}/{name}" if directory != "." else name
                path = os.path.join(full, name)
                source = read_source(path, rel, graph.diagnostics, max_bytes, graph.root)
                if source is None:
                    continue
                try:
                    out.append(hcl(source))
                    files.setdefault(rel, source)
                except Exception as exc:
                    _parse_failed(graph, rel, exc)
        return out

    loader = tf.ModuleLoader(graph.root, parsed, graph.diagnostics, config, read, budget)
    called = tf.called_directories(parsed)
    for directory in sorted(parsed):
        if directory in called:
            continue
        try:
            inputs = tf.root_inputs(directory, tfvars.get(directory, []), config)
            for res in loader.root_resources(directory, inputs):
                _add(graph, res, options.limits.resources_per_file)
        except Exception as exc:
            graph.diagnostics.append(Diagnostic.failure(directory, "evaluate", exc, what="module"))
    graph.unknowns.extend(loader.unknowns)


def _tfvars(source: SourceFile, get: Any, budget: Budget) -> tuple[str, dict, dict[tuple, Span]]:
    if source.path.endswith(".json"):
        doc = get(source)
        values = doc.value if isinstance(doc.value, dict) else {}
        return source.path, values, doc.spans
    from infralint.graph.hcl_eval import Evaluator

    parsed = get(source)

    def no_names(root: str, steps: list) -> tuple[Any, int]:
        raise KeyError(root)

    ev = Evaluator(no_names, source.path, source.text, budget)
    values = {n: ev.evaluate(a.expr) for n, a in parsed.body.attributes.items()}
    spans = {(n,): a.span for n, a in parsed.body.attributes.items()}
    return source.path, values, spans


def _inside_root(path: str, root: str) -> bool:
    from infralint.files import inside

    return inside(os.path.realpath(path), os.path.realpath(root))


def _dir(path: str) -> str:
    directory = os.path.dirname(path)
    return directory or "."


def _var_file(graph: Graph, path: str, max_bytes: int) -> SourceFile | None:
    """A ``--var-file`` (or configured var file): read like the scanned files, inside the
    repository holding the scan root (the scan root outside git), else a diagnostic."""
    from infralint.discover import repo_root

    boundary = repo_root(graph.root) or graph.root
    full = os.path.abspath(path)
    source = read_source(full, path, graph.diagnostics, max_bytes, boundary)
    return SourceFile(path, full, "tfvars", source.text) if source is not None else None


# -- CloudFormation and compose -----------------------------------------------------------
def _cloudformation(
    graph: Graph, sources: list[SourceFile], options: ScanOptions, parsed: _Parsed, budget: Budget
) -> None:
    from infralint.graph import cloudformation as cfn

    _structured(
        graph,
        parsed,
        sources,
        options.limits,
        lambda source, doc: cfn.build(
            source.path, doc, graph.diagnostics, options.cfn_params, budget
        ),
    )


def _compose(
    graph: Graph, sources: list[SourceFile], files: dict, parsed: _Parsed, options: ScanOptions
) -> None:
    """Compose projects: a base file with its override, ``extends`` and ``include`` files."""
    from infralint.graph import compose

    docs: dict[str, Any] = {}

    def load(path: str) -> Any:
        if path not in docs:
            docs[path] = None
            source = files.get(path)
            if source is None:
                full = os.path.join(graph.root, path)
                read = read_source(full, path, graph.diagnostics, options.max_bytes, graph.root)
                if read is None:
                    return None
                source = files[path] = SourceFile(path, full, "compose", read.text)
            try:
                docs[path] = parsed.get(source)
                _warn(graph, path, docs[path])
            except Exception as exc:
                _parse_failed(graph, path, exc)
        return docs[path]

    for group in compose.projects([s.path for s in sources], graph.root, load):
        try:
            project = compose.Project(group, graph.root, load, graph.diagnostics, options.max_bytes)
            for res in project.resources():
                _add(graph, res, options.limits.resources_per_file)
        except Exception as exc:
            graph.diagnostics.append(Diagnostic.failure(group[0], "evaluate", exc))


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

    adapters: dict[str, Any] = {}
    for res in list(graph.resources.values()):
        adapter = adapters.get(res.format)
        if adapter is None:
            import importlib

            adapter = adapters[res.format] = importlib.import_module(
                f"infralint.facts.{res.format}"
            )
        try:
            adapter.adapt(graph, res)
            secrets.adapt(graph, res)
        except Exception as exc:
            graph.diagnostics.append(
                Diagnostic.failure(res.path, "facts", exc, res.span.line, res.address)
            )
