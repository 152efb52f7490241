"""GitLab Code Quality (a JSON array of Code Climate issues): findings shown in merge
requests and pipelines.

Each issue has ``description``, ``check_name``, ``fingerprint``, ``severity`` (info, minor,
major, critical, blocker) and ``location`` (``path`` relative to the repository root,
``lines.begin``/``lines.end``). The fingerprint is the one baselines and SARIF use (rule, file,
resource, attribute; never a line number or a value), so an issue keeps it when code moves.
"""

from __future__ import annotations

import json

from infralint.model import Severity
from infralint.report import Report, message, visible

SEVERITY = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}


def render(report: Report) -> str:
    from infralint.report.sarif import FINGERPRINT_KEY, _fingerprints

    occurrences: dict[str, int] = {}
    issues = [
        {
            "type": "issue",
            "check_name": f.rule_id,
            "description": f"{f.rule_id} {f.rule_name}: {message(f)} ({visible(f.resource)})",
            "categories": ["Security"],
            "severity": SEVERITY[f.severity],
            "fingerprint": _fingerprints(f, report.repo_path(f.path), occurrences)[FINGERPRINT_KEY],
            "location": {
                "path": report.repo_path(f.path),
                "lines": {"begin": f.span.line, "end": max(f.span.end_line, f.span.line)},
            },
        }
        for f in report.active
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
