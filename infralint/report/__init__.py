"""Output formats for findings and diagnostics.

``FORMATS`` is the one table of them: each ``--format`` name maps to the writer that turns a
``Report`` into text. Writers are imported only when they are used, so start-up stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

RULE_URL = "https://github.com/infralint/infralint/blob/main/docs/rules/{id}.md"

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
    rule_url: str | None = None  # hyperlink template for rule pages; None: no links

    @property
    def active(self) -> list:
        """The findings that are not suppressed, in report order."""
        return [f for f in self.findings if not f.suppressed]

    def repo_path(self, path: str) -> str:
        """``path`` relative to the repository root (what CI systems annotate), or to the
        scan root when it is not inside a repository."""
        from infralint.report.sarif import _base

        prefix = _base(self.root, self.repo_root)[1]
        return f"{prefix}/{path}" if prefix else path


def writer(name: str) -> Callable[[Report], str]:
    """The writer of format ``name`` (one of ``FORMATS``)."""
    module, _, function = FORMATS[name].partition(":")
    writer: Any = getattr(importlib.import_module(module), function)
    return writer


def render(name: str, report: Report) -> str:
    return writer(name)(report)
