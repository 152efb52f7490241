"""Markdown: a summary table and the findings, for ``$GITHUB_STEP_SUMMARY`` and pull-request
comments. Everything taken from the scanned tree is escaped, so a file cannot inject markup,
links or images into the page."""

from __future__ import annotations

import re
from collections import Counter

from infralint.model import Severity
from infralint.report import Report, message, visible

# what could start markup in a table cell (an underscore inside a word cannot)
_SPECIAL = re.compile(r"([\\`*\[\]<>|~$]|(?<!\w)_|_(?!\w))")


def render(report: Report) -> str:
    active = report.active
    out = ["## infralint", ""]
    if not active:
        out.append("No problems found.")
    else:
        counts = Counter(f.severity for f in active)
        out += ["| Severity | Findings |", "|---|---:|"]
        out += [f"| {s} | {counts[s]} |" for s in sorted(Severity, reverse=True) if counts[s]]
        out += [f"| **total** | **{len(active)}** |", ""]
        out += ["| Severity | Rule | Location | Resource | Message |", "|---|---|---|---|---|"]
        out += [_row(report, f) for f in sorted(active, key=_order)]
    suppressed = len(report.findings) - len(active)
    notes = [f"{suppressed} suppressed"] if suppressed else []
    errors = sum(1 for d in report.diagnostics if d.level == "error")
    if errors:
        notes.append(f"{errors} file{'s' if errors != 1 else ''} could not be read or parsed")
    if notes:
        out += ["", "_" + "; ".join(notes) + "._"]
    out.append("")
    return "\n".join(out) + "\n"


def _order(f) -> tuple:
    return (-f.severity, *f.sort_key())


def _row(report: Report, f) -> str:
    rule = f"[{f.rule_id}]({report.rule_page(f.rule_id)}) {escape(f.rule_name)}"
    where = escape(f"{report.repo_path(f.path)}:{f.span.line}")
    cells = (str(f.severity), rule, where, escape(f.resource), escape(message(f)))
    return "| " + " | ".join(cells) + " |"


def escape(text: str) -> str:
    """Plain text inside a table cell: markup characters escaped, HTML entities neutral."""
    return _SPECIAL.sub(r"\\\1", visible(text)).replace("&", "&amp;")
