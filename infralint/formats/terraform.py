"""The Terraform format's graph: each root module with its ``.tfvars`` (and ``--var-file``s),
the modules it calls (read from their directories) and the resources they make."""

from __future__ import annotations

import os
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from infralint.discover import SourceFile, read_source
from infralint.model import Diagnostic, Span

if TYPE_CHECKING:
    from infralint.graph import Graph
    from infralint.limits import Budget
    from infralint.scan import Build


def build_terraform(build: Build) -> None:
    """The Terraform format's graph: every root module with its tfvars and modules."""
    from infralint.graph import terraform as tf

    graph, by_kind, options, files = build.graph, build.by_kind, build.options, build.files
    parsed_files = build.parsed
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
            build.parse_failed(source.path, exc)
    for source in by_kind.get("tfvars", []):
        try:
            tfvars[_dir(source.path)].append(_tfvars(source, hcl, build.budget))
        except Exception as exc:
            build.parse_failed(source.path, exc)
    for var_file in options.var_files:
        source = _var_file(graph, var_file, options.max_bytes)
        if source is None:
            continue
        try:
            extra = _tfvars(source, hcl, build.budget)
        except Exception as exc:
            build.parse_failed(var_file, exc)
            continue
        for directory in parsed:
            tfvars[directory].append(extra)

    config = tf.TerraformConfig(vars=options.vars, environ=options.environ)

    max_bytes = options.max_bytes

    def read(directory: str) -> list:
        out: list = []
        full = os.path.join(graph.root, directory)
        if os.path.isdir(full) and not _inside_root(full, graph.root):
            graph.diagnostics.append(
                Diagnostic(directory, "module outside the scan root is not read", 0, "info", "read")
            )
            return out
        names = sorted(os.listdir(full))  # OSError: the caller says which call it costs
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
                    build.parse_failed(rel, exc)
        return out

    loader = tf.ModuleLoader(graph.root, parsed, graph.diagnostics, read, build.budget)
    called = tf.called_directories(parsed)
    for directory in sorted(parsed):
        if directory in called:
            continue
        try:
            inputs = tf.root_inputs(directory, tfvars.get(directory, []), config)
            for res in loader.root_resources(directory, inputs):
                build.add(res)
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
    """A ``--var-file`` (or a var file of a configuration, which ``infralint.trust`` keeps
    inside its repository): named explicitly, so it may lie anywhere, but it is read like the
    scanned files (a regular file, at most ``max_bytes``, never inside ``.git``), else a
    diagnostic."""
    full = os.path.abspath(path)
    rel = os.path.relpath(full, graph.root).replace(os.sep, "/")
    source = read_source(full, rel, graph.diagnostics, max_bytes, os.path.dirname(full))
    return SourceFile(rel, full, "tfvars", source.text) if source is not None else None
