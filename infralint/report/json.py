"""The JSON report (a stable contract: keys are never renamed)."""

from __future__ import annotations

import json
from collections import Counter

from infralint.escape import json_safe
from infralint.model import Diagnostic, Finding, Severity, Unknown
from infralint.report.redact import redact_text


def render(
    findings: list[Finding],
    diagnostics: list[Diagnostic],
    *,
    version: str,
    unknowns: list[Unknown] | None = None,
    files: dict | None = None,
) -> str:
    data = {
        "version": version,
        "findings": [finding(f) for f in findings],
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "level": d.level,
                "stage": d.stage,
                "message": d.message,
            }
            for d in diagnostics
        ],
        "summary": {**summary(findings, diagnostics), **(files or {})},
    }
    if unknowns is not None:
        data["unknowns"] = [
            {
                "path": u.path,
                "line": u.span.line if u.span else 0,
                "expression": u.expr,
                "reason": u.reason,
            }
            for u in unknowns
        ]
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def finding(f: Finding) -> dict:
    return {
        "rule_id": f.rule_id,
        "rule_name": f.rule_name,
        "category": f.category,
        "severity": str(f.severity),
        "path": f.path,
        "start_line": f.span.line,
        "end_line": f.span.end_line,
        "start_column": f.span.col,
        "end_column": f.span.end_col,
        "resource": f.resource,
        "attribute": f.attribute,
        "message": redact_text(f.message, f.redact),
        "suppressed": f.suppressed,
        **({"suppression_reason": f.suppression_reason} if f.suppressed else {}),
    }


def summary(findings: list[Finding], diagnostics: list[Diagnostic]) -> dict:
    active = [f for f in findings if not f.suppressed]
    by_severity = Counter(str(f.severity) for f in active)
    return {
        "findings": len(active),
        "suppressed": len(findings) - len(active),
        "by_severity": {str(s): by_severity.get(str(s), 0) for s in sorted(Severity, reverse=True)},
        "by_category": dict(sorted(Counter(f.category for f in active).items())),
        "diagnostics": len(diagnostics),
    }
