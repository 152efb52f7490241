"""The compose format's graph: compose projects (a base file with its override, ``extends``
and ``include`` files) and their services."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from infralint.discover import SourceFile, read_source
from infralint.model import Diagnostic

if TYPE_CHECKING:
    from infralint.scan import Build


def build_compose(build: Build) -> None:
    """Compose projects: a base file with its override, ``extends`` and ``include`` files."""
    from infralint.graph import compose

    graph, files, parsed, options = build.graph, build.files, build.parsed, build.options
    sources = build.by_kind["compose"]
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
                build.warn(path, docs[path])
            except Exception as exc:
                build.parse_failed(path, exc)
        return docs[path]

    for group in compose.projects([s.path for s in sources], graph.root, load):
        try:
            project = compose.Project(
                group, graph.root, load, graph.diagnostics, options.max_bytes, build.budget
            )
            for res in project.resources():
                build.add(res)
        except Exception as exc:
            graph.diagnostics.append(Diagnostic.failure(group[0], "evaluate", exc))
