"""The text format as people read it: ``--quiet``, ``--statistics``, folded info
diagnostics, and links to rule pages on terminals that show hyperlinks. The findings themselves
are written by ``report.text``."""

from __future__ import annotations

import os
import re
from collections import Counter

from infralint.model import Diagnostic, Finding, rule_order
from infralint.report import Report
from infralint.report import text as plain

# Info diagnostics that come by the hundred in real repositories, and the one line that
# stands for all of them (shown each with -v).
FOLDED = (
    (
        re.compile(r"remote module .* is not scanned"),
        "remote modules not downloaded: run `terraform init` to scan them",
    ),
    (re.compile(r"module source is not known"), "modules whose source is not known not scanned"),
    (re.compile(r"module source .* is outside the scanned tree"), "modules outside the scan root"),
    (re.compile(r"^module outside the scan root"), "modules outside the scan root"),
    (re.compile(r"transform .* is not expanded"), "CloudFormation transforms not expanded"),
    (re.compile(r"Fn::ForEach is not expanded"), "Fn::ForEach blocks not expanded"),
    (re.compile(r"^include .* is not read"), "compose includes not read"),
    (re.compile(r"^skipped: "), "files skipped"),
)


def render(report: Report) -> str:
    diagnostics = report.diagnostics
    if report.quiet:
        diagnostics = [d for d in diagnostics if d.level != "info"]
    elif not report.verbose:
        diagnostics = fold(diagnostics)
    if report.statistics:
        out = statistics(report.findings)
        if not report.quiet:
            out += plain._summary(report.findings, report.diagnostics) + "\n"
        return out
    text = plain.render(
        report.findings,
        diagnostics,
        sources=report.sources,
        color=report.color,
        unknowns=report.unknowns,
        link=_linker(report) if report.hyperlinks else None,
        shown_path=report.shown_path,
        scanned="" if report.quiet else scanned_line(report.files),
    )
    if report.quiet:  # its last line is the summary
        text = text[: text.rstrip("\n").rfind("\n") + 1]
    return text


def scanned_line(files: dict) -> str:
    """``Scanned N files (M gitignored, ...).``: a scan of nothing must not look clean."""
    if not files:
        return ""
    count = files["files_scanned"]
    line = f"Scanned {count} file{'s' if count != 1 else ''}"
    skipped = [f"{n} {why}" for why, n in files["files_skipped"].items() if n]
    if skipped:
        line += f" ({', '.join(skipped)})"
    return line + "."


def fold(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Info diagnostics of one kind (``FOLDED``), when there are several, as one line with
    their count, where the first of them stood."""
    kinds = [_kind(d) for d in diagnostics]
    counts = Counter(k for k in kinds if k is not None)
    out, seen = [], set()
    for d, kind in zip(diagnostics, kinds, strict=True):
        if kind is None or counts[kind] == 1:
            out.append(d)
        elif kind not in seen:
            seen.add(kind)
            message = f"{counts[kind]:,} {kind} (-v lists each)"
            out.append(Diagnostic("", message, level="info", stage=d.stage))
    return out


def _kind(d: Diagnostic) -> str | None:
    if d.level != "info":
        return None
    return next((summary for pattern, summary in FOLDED if pattern.search(d.message)), None)


def statistics(findings: list[Finding]) -> str:
    """Findings counted per rule, most frequent first (like ``ruff --statistics``)."""
    counts = Counter(
        (f.rule_id, f.rule_name, f"[{f.severity}]") for f in findings if not f.suppressed
    )
    rows = [
        (str(n), *rule)
        for rule, n in sorted(counts.items(), key=lambda r: (-r[1], rule_order(r[0][0])))
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)] if rows else []
    return "".join(
        f"{n:>{widths[0]}}  {rule_id:<{widths[1]}}  {name:<{widths[2]}}  {severity}\n"
        for n, rule_id, name, severity in rows
    )


def _linker(report: Report):
    def link(f: Finding) -> str:
        url = report.rule_page(f.rule_id)
        return f" \033]8;;{url}\033\\{f.rule_id} docs\033]8;;\033\\"

    return link


def hyperlinks(stream, environ=os.environ) -> bool:
    """Whether ``stream`` is a terminal known to show OSC 8 hyperlinks (``FORCE_HYPERLINK``
    decides when set: 1 on, 0 off). Terminals that do not know them may print the escape
    codes, so the answer is no unless the terminal says who it is."""
    forced = environ.get("FORCE_HYPERLINK")
    if forced is not None and forced != "":
        return forced != "0"
    try:
        if not stream.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    if environ.get("TERM") == "dumb" or environ.get("CI"):
        return False
    if environ.get("WT_SESSION") or environ.get("KONSOLE_VERSION") or environ.get("DOMTERM"):
        return True
    if environ.get("TERM_PROGRAM") in {"iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper"}:
        return True
    if environ.get("TERM") in {"xterm-kitty", "alacritty", "foot", "xterm-ghostty", "wezterm"}:
        return True
    vte = environ.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= 5000
