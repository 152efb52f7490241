"""The text report: one block per finding, ruff/cargo style, and a summary line.

Paths are shown as ``shown_path`` gives them (the command line: relative to the working
directory); every text from the scanned tree is escaped (``infralint.escape``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from infralint.escape import escape
from infralint.model import Diagnostic, Finding, Severity, Unknown
from infralint.report.redact import redact_text

_COLORS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[1;33m",
    Severity.LOW: "\033[1;34m",
    Severity.INFO: "\033[2m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
CONTEXT_LINES = 3


def render(
    findings: list[Finding],
    diagnostics: list[Diagnostic],
    *,
    sources: Callable[[str], list[str] | None],
    color: bool = False,
    show_source: bool = True,
    unknowns: list[Unknown] | None = None,
    link: Callable[[Finding], str] | None = None,  # what ends a finding's line (report.terminal)
    shown_path: Callable[[str], str] = str,
    scanned: str = "",
) -> str:
    out: list[str] = []

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    def where(path: str) -> str:
        return escape(shown_path(path)) if path else ""

    for f in findings:
        if f.suppressed:
            continue
        sev = paint(f"[{f.severity}]", _COLORS[f.severity])
        location = paint(f"{where(f.path)}:{f.span.line}:{f.span.col}:", _BOLD)
        message = escape(redact_text(f.message, f.redact))
        resource = f" ({escape(f.resource)})" if f.resource and f.resource != f.path else ""
        out.append(f"{location} {f.rule_id} {sev} {message}{resource}" + (link(f) if link else ""))
        if show_source:
            out.extend(_excerpt(sources(f.path), f, paint))
    for d in diagnostics:
        place = f"{where(d.path)}:{d.line}" if d.line else (where(d.path) or "infralint")
        out.append(f"{paint(place + ':', _BOLD)} {d.level}: {escape(d.message)}")
    if unknowns:
        out.append("")
        out.append("Values that could not be evaluated (rules did not judge them):")
        for u in unknowns:
            line = u.span.line if u.span else 0
            expr = f" `{escape(u.expr)}`" if u.expr else ""
            out.append(f"  {where(u.path)}:{line}:{expr} {escape(u.reason)}")
    if scanned:
        out.append(scanned)
    out.append(_summary(findings, diagnostics))
    return "\n".join(out) + "\n"


def _shown_line(text: str, secrets: tuple[str, ...]) -> str:
    """A source line as printed: secrets masked, controls escaped, tabs expanded."""
    return escape(redact_text(text, secrets), keep_tabs=True).expandtabs(4)


def _excerpt(lines: list[str] | None, f: Finding, paint: Callable) -> list[str]:
    if not lines or f.span.line < 1 or f.span.line > len(lines):
        return []
    last = min(f.span.end_line, f.span.line + CONTEXT_LINES - 1, len(lines))
    width = len(str(last))
    out = []
    for number in range(f.span.line, last + 1):
        text = _shown_line(lines[number - 1].rstrip(), f.redact)
        out.append(paint(f"  {number:>{width}} | ", _DIM) + text)
    if f.span.line == f.span.end_line and f.span.end_col > f.span.col:
        # columns as printed: after masking, escaping and tab expansion
        line = lines[f.span.line - 1].rstrip()
        start = len(_shown_line(line[: f.span.col - 1], f.redact))
        end = len(_shown_line(line[: f.span.end_col - 1], f.redact))
        end = min(end, len(_shown_line(line, f.redact)))
        out.append(
            paint(f"  {'':>{width}} | ", _DIM)
            + " " * start
            + paint("^" * max(end - start, 1), _COLORS[f.severity])
        )
    elif f.span.end_line > last:
        out.append(paint(f"  {'':>{width}} | …", _DIM))
    return out


def _summary(findings: list[Finding], diagnostics: list[Diagnostic]) -> str:
    active = [f for f in findings if not f.suppressed]
    counts = Counter(f.severity for f in active)
    parts = [f"{counts[s]} {s}" for s in sorted(Severity, reverse=True) if counts[s]]
    text = f"Found {len(active)} problem{'s' if len(active) != 1 else ''}"
    if parts:
        text += f" ({', '.join(parts)})"
    suppressed = len(findings) - len(active)
    if suppressed:
        text += f", {suppressed} suppressed"
    errors = sum(1 for d in diagnostics if d.level == "error")
    if diagnostics:
        text += f"; {len(diagnostics)} diagnostic{'s' if len(diagnostics) != 1 else ''}"
        if errors:
            text += f" ({errors} error{'s' if errors != 1 else ''})"
    return text + "."
