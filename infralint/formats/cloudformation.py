"""The CloudFormation format's graph: each template's resources."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infralint.scan import Build


def build_cloudformation(build: Build) -> None:
    """The CloudFormation format's graph: each template's resources (each document of a YAML
    stream is a template of its own)."""
    from infralint.graph import cloudformation as cfn

    graph, params = build.graph, build.options.cfn_params

    def templates(source: Any, doc: Any) -> list:
        out = []
        for n, part in enumerate(doc.stream()):
            scope = source.path if n == 0 else f"{source.path}#{n + 1}"
            out += cfn.build(source.path, part, graph.diagnostics, params, build.budget, scope)
        return out

    build.each_document("cloudformation", templates)
