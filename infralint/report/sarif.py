"""SARIF 2.1.0 output, shaped for GitHub code scanning.

What GitHub needs and this module does:

- one run, ``tool.driver`` with every rule: ``shortDescription``, ``fullDescription``, ``help``
  (text and markdown), ``properties["security-severity"]`` as a *string* score;
- result URIs relative to the repository root with ``uriBaseId`` ``%SRCROOT%``;
- ``partialFingerprints`` computed from rule, file, resource and attribute, never from line
  numbers, so an alert survives lines moving above it;
- at most 25,000 results per run: the most severe are kept and a notification says how many
  were cut.

The log is built with ``sarif_om`` objects and written with sorted keys, ``None`` and empty
values dropped, so the same scan always gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infralint.engine import Rule
from infralint.escape import escape, escape_lines, json_safe, uri_path
from infralint.fingerprint import fingerprint
from infralint.model import Diagnostic, Finding, Severity, Span, rule_order
from infralint.paths import keyed
from infralint.report.redact import redact_text

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/infralint/infralint"
RULES_DOC_URI = INFORMATION_URI + "/blob/main/docs/rules"  # one page per rule: IL101.md
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000  # GitHub's limit per run
MAX_TAGS = 10  # GitHub shows no more per rule
FINGERPRINT_KEY = "infralint/v1"
# kept even when empty: an empty results array says "nothing found", a missing one "not run"
# (GitHub rejects a run without it, rule GH1014)
KEEP_EMPTY = {"results"}

SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
NOTIFICATION_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(
    findings: list[Finding],
    diagnostics: list[Diagnostic],
    rules: list[Rule],
    *,
    root: str,
    repo_root: str | None,
    sources: Callable[[str], list[str] | None],
    version: str,
    max_results: int = MAX_RESULTS,
    properties: dict | None = None,
) -> str:
    """The SARIF log of one scan, as JSON text."""
    import sarif_om as om

    base_dir, key = keyed(root, repo_root)
    descriptors = [_rule(om, rule) for rule in sorted(rules, key=lambda r: rule_order(r.id))]
    index = {d.id: i for i, d in enumerate(descriptors)}
    for f in sorted(findings, key=lambda f: rule_order(f.rule_id)):  # rules that were not passed in
        if f.rule_id not in index:
            index[f.rule_id] = len(descriptors)
            descriptors.append(_rule_from_finding(om, f))

    kept, cut = _cap(findings, max_results)
    occurrences: dict[str, int] = {}
    results = [
        _result(om, f, index[f.rule_id], key, sources, occurrences)
        for f in sorted(kept, key=_order)
    ]

    notifications = [
        _notification(om, d, key) for d in sorted(diagnostics, key=Diagnostic.sort_key)
    ]
    if cut:
        notifications.append(
            om.Notification(
                level="warning",
                message=om.Message(
                    text=f"{cut} results were left out: GitHub code scanning accepts "
                    f"at most {max_results} per run; the most severe were kept."
                ),
            )
        )

    driver = om.ToolComponent(
        name="infralint",
        version=version,
        semantic_version=_semver(version),
        information_uri=INFORMATION_URI,
        rules=descriptors,
    )
    run = om.Run(
        tool=om.Tool(driver=driver),
        invocations=[
            om.Invocation(execution_successful=True, tool_execution_notifications=notifications)
        ],
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=_dir_uri(base_dir))},
        column_kind="unicodeCodePoints",
        results=results,
        properties=properties,
    )
    log = om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])
    text = json.dumps(to_json(log), indent=2, sort_keys=True, ensure_ascii=False)
    return json_safe(text) + "\n"


# -- rules ----------------------------------------------------------------------------------


def _rule(om: Any, rule: Rule) -> Any:
    summary = rule.summary
    what = rule.section("What it does")
    tags = _unique(["security", rule.category, *rule.formats])[:MAX_TAGS]
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=escape(summary)),
        full_description=om.MultiformatMessageString(
            text=escape_lines(f"{summary} {what}".strip())
        ),
        help=om.MultiformatMessageString(
            text=escape_lines(_plain(rule.doc) or summary),
            markdown=escape_lines(_markdown(rule.doc) or summary),
        ),
        help_uri=f"{RULES_DOC_URI}/{rule.id}.md",
        default_configuration=om.ReportingConfiguration(level=LEVEL[rule.severity]),
        properties={
            "tags": tags,
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "precision": "high",
        },
    )


def _rule_from_finding(om: Any, f: Finding) -> Any:
    """A descriptor for a finding whose rule was not passed in (GitHub wants one per ruleId)."""
    text = f.rule_name or f.rule_id
    return om.ReportingDescriptor(
        id=f.rule_id,
        name=f.rule_name or None,
        short_description=om.MultiformatMessageString(text=text),
        full_description=om.MultiformatMessageString(text=text),
        help=om.MultiformatMessageString(text=text),
        default_configuration=om.ReportingConfiguration(level=LEVEL[f.severity]),
        properties={
            "tags": _unique(["security", f.category]),
            "security-severity": SECURITY_SEVERITY[f.severity],
            "precision": "high",
        },
    )


def _plain(doc: str) -> str:
    """The documentation as plain text: headings lose their ``##``."""
    return re.sub(r"^#+\s*", "", doc.strip(), flags=re.M)


def _markdown(doc: str) -> str:
    """The documentation as markdown: the summary line in bold, the sections as they are."""
    summary, _, rest = doc.strip().partition("\n")
    return f"**{summary.strip()}**\n\n{rest.strip()}".strip() if summary else ""


# -- results --------------------------------------------------------------------------------


def _cap(findings: list[Finding], limit: int) -> tuple[list[Finding], int]:
    """The ``limit`` most severe findings (unsuppressed first), and how many were left out."""
    if len(findings) <= limit:
        return list(findings), 0
    ranked = sorted(findings, key=lambda f: (-f.severity, f.suppressed, _order(f)))
    return ranked[:limit], len(findings) - limit


def _order(f: Finding) -> tuple:
    """A total order, so equal-looking findings come out the same way on every run."""
    return (*f.sort_key(), f.attribute, f.message, f.suppressed)


def _result(
    om: Any,
    f: Finding,
    rule_index: int,
    key: Callable[[str], str],
    sources: Callable[[str], list[str] | None],
    occurrences: dict[str, int],
) -> Any:
    repo_path = key(f.path)
    uri = uri_path(repo_path)
    secrets = f.redact
    message = escape(redact_text(f.message or f.rule_name or f.rule_id, secrets))
    region = _region(om, f.span, _snippet(sources(f.path), f.span, secrets))
    resource = escape(f.resource)
    location = om.Location(
        physical_location=om.PhysicalLocation(
            artifact_location=om.ArtifactLocation(uri=uri, uri_base_id=SRCROOT),
            region=region,
        ),
        logical_locations=[
            om.LogicalLocation(name=resource, fully_qualified_name=resource, kind="resource")
        ]
        if f.resource and f.resource != f.path
        else None,
    )
    suppressions = None
    if f.suppressed:
        suppressions = [
            om.Suppression(
                kind="inSource",
                justification=escape(redact_text(f.suppression_reason, secrets)) or None,
            )
        ]
    return om.Result(
        rule_id=f.rule_id,
        rule_index=rule_index,
        level=LEVEL[f.severity],
        message=om.Message(text=message),
        locations=[location],
        partial_fingerprints=_fingerprints(f, repo_path, occurrences),
        suppressions=suppressions,
    )


def _region(om: Any, span: Span, snippet: str | None) -> Any:
    end_line = max(span.end_line, span.line)
    columns = span.end_col > 0 and (end_line > span.line or span.end_col > span.col)
    return om.Region(
        start_line=span.line,
        end_line=end_line,
        start_column=span.col if columns else None,
        end_column=span.end_col if columns else None,
        snippet=om.ArtifactContent(text=snippet) if snippet else None,
    )


def _snippet(lines: list[str] | None, span: Span, secrets: tuple[str, ...]) -> str | None:
    """The whole lines of the region, secrets masked. Masking runs on the full text of the
    lines, so a secret is never cut in a way that hides it from the mask."""
    if not lines or span.line < 1 or span.line > len(lines):
        return None
    chosen = lines[span.line - 1 : max(span.end_line, span.line)]
    return escape_lines(redact_text("\n".join(line.rstrip("\r\n") for line in chosen), secrets))


def _fingerprints(f: Finding, path: str, occurrences: dict[str, int]) -> dict[str, str]:
    """Fingerprints from what identifies the problem, not from where its lines are.

    ``primaryLocationLineHash`` is given too: only the upload action fills it in when it is
    missing, and then from the line text, so an upload through the API would duplicate alerts.
    Two findings that share rule, file, resource and attribute are told apart by their order,
    as GitHub's own ``hash:occurrence`` format does. The hash is the one baselines use
    (``infralint.fingerprint``)."""
    digest = fingerprint(f, path)
    occurrences[digest] = n = occurrences.get(digest, 0) + 1
    return {FINGERPRINT_KEY: f"{digest}:{n}", "primaryLocationLineHash": f"{digest[:16]}:{n}"}


# -- diagnostics ----------------------------------------------------------------------------


def _notification(om: Any, d: Diagnostic, key: Callable[[str], str]) -> Any:
    locations = None
    if d.path:
        region = om.Region(start_line=d.line) if d.line > 0 else None
        locations = [
            om.Location(
                physical_location=om.PhysicalLocation(
                    artifact_location=om.ArtifactLocation(
                        uri=uri_path(key(d.path)), uri_base_id=SRCROOT
                    ),
                    region=region,
                )
            )
        ]
    text = escape(f"{d.stage}: {d.message}" if d.stage else d.message)
    return om.Notification(
        level=NOTIFICATION_LEVEL.get(d.level, "warning"),
        message=om.Message(text=text),
        locations=locations,
    )


# -- paths ----------------------------------------------------------------------------------


def _dir_uri(path: str) -> str:
    uri = Path(os.path.abspath(path)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


# -- serialisation --------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """Plain JSON data from sarif_om objects: SARIF's property names, ``None`` and empty values
    dropped, and a property left at its SARIF default dropped too (``kind: "fail"``,
    ``rank: -1``), except ``level``, whose absence means something else on a result, and
    ``results``, whose absence means something else than an empty list."""
    import attr

    if attr.has(type(value)):
        out = {}
        for a in attr.fields(type(value)):
            item = getattr(value, a.name)
            if a.name != "level" and _is_default(a, item):
                continue
            name = a.metadata.get("schema_property_name", a.name)
            item = to_json(item)
            if not _empty(item) or (name in KEEP_EMPTY and item is not None):
                out[name] = item
        return out
    if isinstance(value, dict):
        out = {str(k): to_json(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if not _empty(v)}
    if isinstance(value, list | tuple):
        return [v for v in (to_json(v) for v in value) if not _empty(v)]
    return value


def _is_default(a: Any, value: Any) -> bool:
    import attr

    default = a.default
    if isinstance(default, attr.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return default is not attr.NOTHING and default is not None and value == default


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and len(value) == 0)


def _unique(items: list[str]) -> list[str]:
    return [x for i, x in enumerate(items) if x and x not in items[:i]]


def _semver(version: str) -> str | None:
    """``version`` as semantic version 2.0 (PEP 440 ``1.2.dev3`` becomes ``1.2.0-dev3``)."""
    m = re.match(
        r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[.-]?([0-9A-Za-z.-]+?))?(?:\+([0-9A-Za-z.-]+))?$",
        version.strip(),
    )
    if not m:
        return None
    major, minor, patch, pre, build = m.groups()
    text = f"{int(major)}.{int(minor)}.{int(patch or 0)}"
    if pre:
        text += "-" + pre.strip(".-")
    if build:
        text += "+" + build
    return text
