"""The CloudFormation format's graph: each template's resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infralint.scan import Build


def build_cloudformation(build: Build) -> None:
    """The CloudFormation format's graph: each template's resources."""
    from infralint.graph import cloudformation as cfn

    graph, params = build.graph, build.options.cfn_params
    build.each_document(
        "cloudformation",
        lambda source, doc: cfn.build(source.path, doc, graph.diagnostics, params, build.budget),
    )
