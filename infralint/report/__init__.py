"""Output formats for findings and diagnostics.

``FORMATS`` is the one table of them: each ``--format`` name maps to the writer that turns a
``Report`` into text. Writers are imported only when they are used, so start-up stays light.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RULE_URL = "https://github.com/infralint/infralint/blob/main/docs/rules/{id}.md"

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

FORMATS = {
    "text": "infralint.report.terminal:render",
    "json": "infralint.report.adapters:render_json",
    "sarif": "infralint.report.adapters:render_sarif",
    "github": "infralint.report.github:render",
    "junit": "infralint.report.junit:render",
    "gitlab": "infralint.report.gitlab:render",
    "markdown": "infralint.report.markdown:render",
    "html": "infralint.report.html:render",
}


@dataclass
class Report:
    """Everything a writer may need from one scan (paths are relative to ``root``)."""

    findings: list
    diagnostics: list
    rules: list
    root: str
    repo_root: str | None
    sources: Callable[[str], list[str] | None]
    version: str
    unknowns: list | None = None  # set by --show-unknown
    color: bool = False
    quiet: bool = False
    verbose: bool = False
    statistics: bool = False
    rule_url: str = RULE_URL  # a rule's page, ``{id}`` standing for its id
    hyperlinks: bool = False  # the text format links each finding to its rule's page
    files: dict = field(default_factory=dict)  # files_scanned and files_skipped by reason
    shown_path: Callable[[str], str] = str  # how people read a path (report.text)

    def rule_page(self, rule_id: str) -> str:
        return self.rule_url.replace("{id}", rule_id)

    @property
    def active(self) -> list:
        """The findings that are not suppressed, in report order."""
        return [f for f in self.findings if not f.suppressed]

    def repo_path(self, path: str) -> str:
        """``path`` relative to the repository root (what CI systems annotate), or to the
        scan root when it is not inside a repository."""
        from infralint.escape import decoded
        from infralint.paths import keyed

        return decoded(keyed(self.root, self.repo_root)[1](path))


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` without raw control characters (each shown as ``\\xNN``/``\\uNNNN``): the
    scanned tree must not drive a terminal, break a log line or an XML document."""
    text = _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)
    return text if keep_newlines else text.replace("\t", " ").replace("\n", " ")


def message(f) -> str:
    """A finding's message as every report shows it: secrets masked, controls escaped."""
    from infralint.report.redact import redact_text

    return visible(redact_text(f.message, f.redact))


def snippet(report: Report, f) -> list[tuple[int, str]]:
    """(number, text) of the finding's lines (at most ``text.CONTEXT_LINES``), secrets
    masked."""
    from infralint.report.redact import redact_text
    from infralint.report.text import CONTEXT_LINES

    lines = report.sources(f.path) or []
    last = min(max(f.span.end_line, f.span.line), f.span.line + CONTEXT_LINES - 1, len(lines))
    return [
        (n, visible(redact_text(lines[n - 1].rstrip("\r\n"), f.redact)).expandtabs(4))
        for n in range(max(f.span.line, 1), last + 1)
    ]


def writer(name: str) -> Callable[[Report], str]:
    """The writer of format ``name`` (one of ``FORMATS``)."""
    module, _, function = FORMATS[name].partition(":")
    writer: Any = getattr(importlib.import_module(module), function)
    return writer


def render(name: str, report: Report) -> str:
    return writer(name)(report)
