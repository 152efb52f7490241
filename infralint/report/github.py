"""GitHub Actions workflow commands: each finding annotates its lines in the pull request and
the job's summary, without code scanning.

``::error file=PATH,line=9,endLine=9,col=3,endColumn=41,title=IL101 public-database::message``
with ``file`` relative to the repository root (the workspace), as GitHub expects.
"""

from __future__ import annotations

from infralint.model import Severity
from infralint.report import Report, message, visible

COMMAND = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def render(report: Report) -> str:
    lines = [_finding(report, f) for f in report.active]
    lines += [
        _command(
            d.level,
            {
                "file": report.repo_path(d.path) if d.path else "",
                "line": d.line or "",
                "title": "infralint",
            },
            d.message,
        )
        for d in report.diagnostics
        if d.level in ("error", "warning")
    ]
    return "".join(line + "\n" for line in lines)


def _finding(report: Report, f) -> str:
    span = f.span
    properties = {
        "file": report.repo_path(f.path),
        "line": span.line,
        "endLine": max(span.end_line, span.line),
    }
    if span.end_line == span.line and span.end_col > span.col:
        properties.update(col=span.col, endColumn=span.end_col)
    properties["title"] = f"{f.rule_id} {f.rule_name}"
    return _command(COMMAND[f.severity], properties, f"{message(f)} ({visible(f.resource)})")


def _command(name: str, properties: dict, text: str) -> str:
    fields = ",".join(f"{k}={_property(str(v))}" for k, v in properties.items() if v != "")
    return f"::{name} {fields}::{_data(text)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
