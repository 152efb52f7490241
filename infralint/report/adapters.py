"""The JSON and SARIF writers, called with a ``Report``."""

from __future__ import annotations

from infralint.report import Report


def render_json(report: Report) -> str:
    from infralint.report import json

    return json.render(
        report.findings,
        report.diagnostics,
        version=report.version,
        unknowns=report.unknowns,
        files=report.files,
    )


def render_sarif(report: Report) -> str:
    from infralint.report import sarif

    return sarif.render(
        report.findings,
        report.diagnostics,
        report.rules,
        root=report.root,
        repo_root=report.repo_root,
        sources=report.sources,
        version=report.version,
        properties=report.files,
    )
