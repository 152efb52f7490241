"""The pipeline: discover → parse → build the graph → derive facts → run rules.

Every stage is isolated per file (and per rule): one broken input costs one diagnostic.
Parsers and adapters of a format are imported only when a file of that format is present.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from infralint.discover import SourceFile, discover, read_source
from infralint.engine import MAX_FINDINGS, Rule, run_rules
from infralint.facts import TextFile
from infralint.graph import Graph
from infralint.model import Diagnostic, Finding, Resource, Span
from infralint.parse import MAX_DEPTH, MAX_INSTANCES, MAX_NODES, MAX_STEPS, ParseError


@dataclass
class Limits:
    """What one file may cost before it is cut short with a diagnostic."""

    yaml_nodes: int = MAX_NODES  # YAML nodes after alias expansion
    nesting_depth: int = MAX_DEPTH  # nesting of YAML / JSON values
    resources_per_file: int = 10_000
    eval_steps: int = MAX_STEPS  # expression evaluation steps per Terraform root module
    instances: int = MAX_INSTANCES  # count / for_each / dynamic expansion
    findings_per_rule: int = MAX_FINDINGS  # findings of one rule in one file


@dataclass
class ScanResult:
    root: str
    findings: list[Finding]
    diagnostics: list[Diagnostic]
    graph: Graph
    files: dict[str, SourceFile]

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
    limits: Limits = field(default_factory=Limits)


def scan(options: ScanOptions, rules: list[Rule]) -> ScanResult:
    found = discover(options.paths, options.exclude, options.max_bytes)
    graph = Graph(found.root)
    graph.diagnostics.extend(found.diagnostics)
    files = {f.path: f for f in found.files}
    by_kind: dict[str, list[SourceFile]] = defaultdict(list)
    for f in found.files:
        by_kind[f.kind].append(f)
        graph.add_fact(TextFile(f.path, f.text, f.kind))
    if by_kind.get("terraform") or by_kind.get("tfvars"):
        _terraform(graph, by_kind, options, files)
    if by_kind.get("cloudformation"):
        _cloudformation(graph, by_kind["cloudformation"], options)
    if by_kind.get("compose"):
        _compose(graph, by_kind["compose"], options)
    _facts(graph)
    findings = run_rules(graph, rules, graph.diagnostics, options.limits.findings_per_rule)
    diagnostics = sorted(graph.diagnostics, key=Diagnostic.sort_key)
    return ScanResult(found.root, findings, diagnostics, graph, files)


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

    stripped = source.text.lstrip()
    if source.path.endswith(".json") or stripped.startswith("{"):
        return json_doc.load(source.text, max_depth=limits.nesting_depth)
    return yaml_doc.load(source.text, max_nodes=limits.yaml_nodes, max_depth=limits.nesting_depth)


def _warn(graph: Graph, path: str, doc: Any) -> None:
    for line, message in doc.warnings:
        graph.diagnostics.append(Diagnostic(path, message, line, "warning", "parse"))


# -- Terraform --------------------------------------------------------------------------------
def _terraform(graph: Graph, by_kind: dict, options: ScanOptions, files: dict) -> None:
    from infralint.graph import terraform as tf
    from infralint.parse import terraform as hcl

    parsed: dict[str, list] = defaultdict(list)
    tfvars: dict[str, list] = defaultdict(list)
    for source in by_kind.get("terraform", []):
        if source.path.endswith(".tf.json"):
            graph.diagnostics.append(
                Diagnostic(
                    source.path, "Terraform JSON files are not evaluated yet", 0, "info", "parse"
                )
            )
            continue
        try:
            parsed[_dir(source.path)].append(hcl.parse(source.text, source.path))
        except Exception as exc:
            _parse_failed(graph, source.path, exc)
    for source in by_kind.get("tfvars", []):
        try:
            tfvars[_dir(source.path)].append(_tfvars(source))
        except Exception as exc:
            _parse_failed(graph, source.path, exc)
    for var_file in options.var_files:
        try:
            extra = _tfvars(SourceFile(var_file, var_file, "tfvars", _read(var_file)))
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
        for name in sorted(os.listdir(full)):
            if name.endswith(".tf"):
                rel = f"{directory}/{name}" if directory != "." else name
                source = read_source(os.path.join(full, name), rel, graph.diagnostics, max_bytes)
                if source is None or not _inside_root(source.abspath, graph.root):
                    continue
                try:
                    out.append(hcl.parse(source.text, rel))
                    files.setdefault(rel, SourceFile(rel, source.abspath, "terraform", source.text))
                except Exception as exc:
                    _parse_failed(graph, rel, exc)
        return out

    loader = tf.ModuleLoader(graph.root, parsed, graph.diagnostics, config, read)
    loader.max_steps, loader.max_instances = options.limits.eval_steps, options.limits.instances
    called = _called_directories(parsed)
    for directory in sorted(parsed):
        if directory in called:
            continue
        loader.steps[0] = 0  # each root module has its own evaluation budget
        try:
            inputs = tf.root_inputs(directory, tfvars.get(directory, []), config)
            module = tf.Module(loader, directory, parsed[directory], inputs)
            for res in module.resources():
                _add(graph, res, options.limits.resources_per_file)
        except Exception as exc:
            graph.diagnostics.append(Diagnostic.failure(directory, "evaluate", exc, what="module"))
        if loader.steps[0] > loader.max_steps:
            graph.diagnostics.append(
                Diagnostic(
                    directory,
                    f"evaluation stopped after {loader.max_steps:,} steps; "
                    "the values left are unknown",
                    0,
                    "warning",
                    "evaluate",
                )
            )
    graph.unknowns.extend(loader.unknowns)


def _called_directories(parsed: dict[str, list]) -> set[str]:
    """Directories some scanned module calls with a local ``source``: they are evaluated
    through their calls (with inputs), not on their own."""
    called = set()
    for directory, hcl_files in parsed.items():
        for f in hcl_files:
            for block in f.body.blocks_of("module"):
                source = block.body.attributes.get("source")
                text = str(getattr(source.expr, "children", [""])[0]) if source else ""
                text = text.strip('"')
                if text.startswith(("./", "../")):
                    called.add(os.path.normpath(os.path.join(directory, text)).replace(os.sep, "/"))
    return called


def _tfvars(source: SourceFile) -> tuple[str, dict, dict[tuple, Span]]:
    if source.path.endswith(".json"):
        from infralint.parse import json_doc

        doc = json_doc.load(source.text)
        values = doc.value if isinstance(doc.value, dict) else {}
        return source.path, values, doc.spans
    from infralint.graph.hcl_eval import Evaluator
    from infralint.parse import terraform as hcl

    parsed = hcl.parse(source.text, source.path)

    def no_names(root: str, steps: list) -> tuple[Any, int]:
        raise KeyError(root)

    ev = Evaluator(no_names, source.path, source.text)
    values = {n: ev.evaluate(a.expr) for n, a in parsed.body.attributes.items()}
    spans = {(n,): a.span for n, a in parsed.body.attributes.items()}
    return source.path, values, spans


def _inside_root(path: str, root: str) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _dir(path: str) -> str:
    directory = os.path.dirname(path)
    return directory or "."


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# -- CloudFormation and compose -----------------------------------------------------------
def _cloudformation(graph: Graph, sources: list[SourceFile], options: ScanOptions) -> None:
    from infralint.graph import cloudformation as cfn

    _structured(
        graph,
        sources,
        options.limits,
        lambda source, doc: cfn.build(source.path, doc, graph.diagnostics, options.cfn_params),
    )


def _compose(graph: Graph, sources: list[SourceFile], options: ScanOptions) -> None:
    from infralint.graph import compose

    _structured(
        graph,
        sources,
        options.limits,
        lambda source, doc: compose.build(
            source.path, doc, compose.env_for(source.abspath), graph.diagnostics
        ),
    )


def _structured(graph: Graph, sources: list[SourceFile], limits: Limits, build: Any) -> None:
    """Parse each YAML/JSON source and add the resources ``build`` makes of it; a failure costs
    that file one diagnostic."""
    for source in sources:
        try:
            doc = _load_structured(source, limits)
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
