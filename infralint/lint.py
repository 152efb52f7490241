"""The library pipeline around a scan: the rules a configuration selects, then the scan, then
suppressions, the baseline and redaction. ``infralint.api.lint`` and the CLI both use it, so
anyone embedding infralint gets the findings the command line would report."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from infralint.engine import Rule
    from infralint.scan import ScanResult


def configured(rule: Rule, cfg: Any) -> Rule:
    """``rule`` with its configured severity (a finding's escalation step is kept) and its
    ``[rules.<name>]`` options; raises ``ValueError`` naming a bad option."""
    import dataclasses

    from infralint import config as configuration

    try:
        rule = rule.with_options(configuration.options_for(rule, cfg))
    except ValueError as exc:
        raise ValueError(f"[rules.{rule.name}] {exc}") from None
    return dataclasses.replace(rule, severity=configuration.severity_for(rule, cfg))


def selected_rules(
    available: list[Rule], cfg: Any, select: list[str] | None = None, ignore: Iterable[str] = ()
) -> list[Rule]:
    """The rules that run under ``cfg`` (``select`` replaces its ``select``, ``ignore`` adds
    to its ``ignore``), configured."""
    from infralint import config as configuration
    from infralint.selectors import ignored

    ignore = list(ignore)
    return [
        configured(r, cfg)
        for r in available
        if configuration.selected(r, cfg, select) and not ignored(r, ignore)
    ]


def suppress(result: ScanResult, rules: list[Rule], require_reason: bool, report_unused: bool):
    """Apply inline and CloudFormation-metadata suppressions to the findings; the diagnostics
    they cause."""
    from datetime import date

    from infralint import suppress as suppressions
    from infralint.formats import TEXT, comment_markers

    commented = {
        p: (s.lines, comment_markers(s.kind, p))
        for p, s in result.files.items()
        if s.kind != TEXT or suppressions.MARK in s.text
    }
    blocks: dict[str, list] = {}
    metadata = []
    for res in result.graph.resources.values():
        blocks.setdefault(res.path, []).append((res.span.line, res.span.end_line, res.address))
        meta = res.meta.get("Metadata")
        if isinstance(meta, dict) and "infralint" in meta:
            span = res.meta.get("spans", {}).get("Metadata", res.span)
            metadata.append((res.path, span.line, res.address, meta))
    found = suppressions.collect(commented, blocks, metadata)
    if not found:
        return []
    return suppressions.apply(
        result.findings,
        found,
        {r.id: r for r in rules},
        today=date.today(),
        require_reason=require_reason,
        report_unused=report_unused,
    )


def keep_named(result: ScanResult, paths: list[str]) -> None:
    """With files named on the command line (pre-commit's changed files), only what is located
    in them or in a named directory is reported; sibling files were read for their values."""
    from infralint.paths import named_filter

    named = named_filter(paths, result.root)
    if named is not None:
        result.findings = [f for f in result.findings if named(f.path)]
        result.diagnostics = [
            d for d in result.diagnostics if d.path not in result.files or named(d.path)
        ]


def repo_key(root: str, paths: Iterable[str]) -> object:
    """A finding's path inside the repository (baselines; see ``infralint.paths.keyed``)."""
    from infralint.paths import keyed, repository

    return keyed(root, repository(root, list(paths)))[1]


def apply_baseline(result: ScanResult, baseline: str, paths: Iterable[str]) -> None:
    """Keep only the findings the baseline file does not know; raises ``ValueError`` when the
    file cannot be used."""
    from infralint import baseline as baselines

    known = baselines.load(baseline)
    result.findings = baselines.filter_new(result.findings, known, repo_key(result.root, paths))


def redact(result: ScanResult) -> None:
    """Mask every secret known in a file wherever that file is quoted (see report.redact)."""
    from infralint.report.redact import protect

    def text_of(path: str) -> str | None:
        source = result.files.get(path)
        return source.text if source is not None else None

    protect(result.findings, result.diagnostics, result.graph.unknowns, text_of)
