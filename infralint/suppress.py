"""Inline suppressions: findings the user has looked at and accepted, with a reason.

In Terraform/HCL (``#`` or ``//`` comments) and YAML (``#`` comments)::

    # infralint:ignore IL101 reason="reporting replica, reachable by design" until=2026-12-31
    resource "aws_db_instance" "replica" {
      publicly_accessible = true  # infralint:ignore public-database reason='see ADR-12'
    }

- After ``infralint:ignore`` come one or more rule ids, rule names or categories, separated by
  commas (``IL101,IL102``), or ``all``.
- ``reason="..."`` (or ``reason='...'``) says why; it is required unless the configuration sets
  ``require_reason = false``.
- ``until=YYYY-MM-DD`` makes the suppression lapse after that day; an expired suppression no
  longer suppresses and is reported.

Where a comment applies:

- written after code on a line: to findings that start on that line;
- on a line of its own: to findings that start on the next line that is neither blank nor a
  comment (several comment lines in a row all apply to that line);
- on, or right above, the first line of a resource block: to every finding inside the block.

In CloudFormation, a resource's ``Metadata`` applies to every finding of that resource::

    Database:
      Type: AWS::RDS::DBInstance
      Metadata:
        infralint:
          ignore:
            - id: IL101            # or a list: [IL101, IL401]
              reason: reporting replica
              until: 2026-12-31

A suppression that cannot be read, has no reason (when one is required) or has expired does
not suppress anything and becomes a diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from infralint.engine import Rule
from infralint.model import Diagnostic, Finding

MARK = "infralint:"
STAGE = "suppress"

_IDS = re.compile(r"\s*(?P<ids>[\w.-]+(?:\s*,\s*[\w.-]+)*)")
_OPTION = re.compile(r"\s*(?P<key>\w+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>\S+))")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Suppression:
    path: str
    line: int  # where the suppression is written (comment line, or the Metadata key)
    ids: tuple[str, ...]
    reason: str
    until: date | None
    scope: str  # "line" | "block" | "resource"
    used: bool = False
    start: int = 0  # first line covered ("line" and "block" scopes; 0: nothing)
    end: int = 0  # last line covered
    resource: str = ""  # the resource address ("block" and "resource" scopes)
    error: str = ""  # why the suppression is malformed; a malformed one never suppresses

    def covers(self, f: Finding) -> bool:
        """True when ``f`` lies where this suppression applies (rule ids aside)."""
        if f.path != self.path:
            return False
        if self.scope == "resource":
            return f.resource == self.resource
        return self.start > 0 and self.start <= f.span.line <= self.end


# -- collecting -----------------------------------------------------------------------------


def collect(
    files: dict[str, tuple[list[str], tuple[str, ...]]],
    blocks: dict[str, list[tuple[int, int, str]]],
    cfn_metadata: list[tuple[str, int, str, Any]],
) -> list[Suppression]:
    """Every suppression written in ``files`` (path -> source lines and what opens a comment
    there, as the file's format declares) and in CloudFormation
    ``cfn_metadata`` entries (path, line of the ``Metadata`` key, resource address, value).

    ``blocks`` gives, per path, the ``(start_line, end_line, address)`` of each resource block,
    so that a comment on or above a block's first line covers the whole block."""
    found: list[Suppression] = []
    for path in sorted(files):
        lines, markers = files[path]
        found.extend(_from_comments(path, lines, markers, blocks.get(path, [])))
    for path, line, address, value in cfn_metadata:
        found.extend(_from_metadata(path, line, address, value))
    return found


def _from_comments(
    path: str, lines: list[str], markers: tuple[str, ...], blocks: list[tuple[int, int, str]]
) -> list[Suppression]:
    if not markers:
        return []
    directive = _directive(markers)
    starts: dict[int, tuple[int, int, str]] = {}
    for start, end, address in sorted(blocks, key=lambda b: (b[0], -b[1])):
        starts.setdefault(start, (start, end, address))  # the outermost block on a line
    out: list[Suppression] = []
    for index, text in enumerate(lines):
        if MARK not in text:  # the cheap test: most lines never reach a regex
            continue
        match = directive.search(text)
        if match is None:
            continue
        number = index + 1
        code = text[: match.start(1)].strip()
        own_line = not code or _is_comment(code, markers)
        target = _next_code_line(lines, index + 1, markers) if own_line else number
        s = _parse(path, number, match.group("word"), match.group("rest"))
        block = starts.get(target)
        if block is not None:
            s.scope, s.start, s.end, s.resource = "block", block[0], block[1], block[2]
        elif target:
            s.scope, s.start, s.end = "line", target, target
        out.append(s)
    return out


@cache
def _directive(markers: tuple[str, ...]) -> re.Pattern:
    """A directive opens its comment: "# infralint:ignore", "// infralint:ignore", "/* ...".
    Where a language has ``//`` comments one may follow code directly; elsewhere (YAML, where
    ``#`` inside a value is not a comment) it follows a space or starts the line."""
    opener = "|".join(re.escape(m) for m in markers)
    before = "" if "//" in markers else r"(?:^|(?<=\s))"
    return re.compile(rf"{before}({opener})\s*infralint:(?P<word>[\w-]*)(?P<rest>.*)$")


def _is_comment(text: str, markers: tuple[str, ...]) -> bool:
    continued = ("*",) if "/*" in markers else ()  # the inside of a /* ... */ block
    return text.lstrip().startswith(markers + continued)


def _next_code_line(lines: list[str], index: int, markers: tuple[str, ...]) -> int:
    """The 1-based number of the first line from ``index`` on that is code, 0 if none."""
    for i in range(index, len(lines)):
        text = lines[i].strip()
        if text and not _is_comment(text, markers):
            return i + 1
    return 0


def _parse(path: str, line: int, word: str, rest: str) -> Suppression:
    """A suppression from the text after ``infralint:`` in a comment."""
    s = Suppression(path, line, (), "", None, "line")
    if word != "ignore":
        s.error = f"unknown directive 'infralint:{word}' (expected 'infralint:ignore')"
        return s
    rest = rest.strip()
    if rest.endswith("*/"):
        rest = rest[:-2].rstrip()
    ids = _IDS.match(rest)
    if ids is None or re.match(r"\s*=", rest[ids.end() :]):
        s.error = "infralint:ignore names no rule (write e.g. 'infralint:ignore IL101')"
        return s
    s.ids = tuple(part.strip() for part in ids.group("ids").split(","))
    pos = ids.end()
    options: dict[str, str] = {}
    while pos < len(rest):
        option = _OPTION.match(rest, pos)
        if option is None:
            leftover = rest[pos:].strip()
            if leftover:
                s.error = (
                    f"unexpected text {leftover!r} in suppression "
                    '(write reason="..." and until=YYYY-MM-DD)'
                )
                return s
            break
        value = next(v for v in option.group("dq", "sq", "bare") if v is not None)
        options[option.group("key")] = value
        pos = option.end()
    unknown = sorted(set(options) - {"reason", "until"})
    if unknown:
        s.error = f"unknown option {unknown[0]!r} in suppression (expected reason, until)"
        return s
    s.reason = options.get("reason", "").strip()
    if "until" in options:
        s.until, s.error = _date(options["until"])
    return s


def _date(value: Any) -> tuple[date | None, str]:
    if isinstance(value, datetime):
        return value.date(), ""
    if isinstance(value, date):
        return value, ""
    text = str(value).strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text), ""
    except ValueError:
        return None, f"invalid until date {text!r} (expected YYYY-MM-DD)"


def _from_metadata(path: str, line: int, address: str, value: Any) -> list[Suppression]:
    """Suppressions from a CloudFormation resource's ``Metadata: {infralint: {ignore: [...]}}``."""
    if not isinstance(value, dict) or "infralint" not in value:
        return []

    def bad(message: str) -> list[Suppression]:
        return [
            Suppression(
                path,
                line,
                (),
                "",
                None,
                "resource",
                resource=address,
                error=f"Metadata.infralint of {address}: {message}",
            )
        ]

    section = value["infralint"]
    if not isinstance(section, dict) or set(section) - {"ignore"}:
        return bad("expected a mapping with the single key 'ignore'")
    entries = section.get("ignore") or []
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list):
        return bad("'ignore' must be a list of {id, reason, until} entries")
    out: list[Suppression] = []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"id": entry}
        if not isinstance(entry, dict):
            out.extend(bad("each 'ignore' entry must be a mapping with id, reason, until"))
            continue
        unknown = sorted(set(entry) - {"id", "reason", "until"})
        ids = entry.get("id")
        ids = ids if isinstance(ids, list) else [ids]
        if unknown:
            out.extend(bad(f"unknown key {unknown[0]!r} (expected id, reason, until)"))
            continue
        if not ids or not all(isinstance(i, str) and i.strip() for i in ids):
            out.extend(bad("each 'ignore' entry needs an 'id' (a rule id, name or category)"))
            continue
        reason = entry.get("reason")
        s = Suppression(
            path,
            line,
            tuple(i.strip() for i in ids),
            reason.strip() if isinstance(reason, str) else "",
            None,
            "resource",
            resource=address,
        )
        if entry.get("until") is not None:
            s.until, error = _date(entry["until"])
            if error:
                s.error = f"Metadata.infralint of {address}: {error}"
        out.append(s)
    return out


# -- applying -------------------------------------------------------------------------------


def apply(
    findings: list[Finding],
    suppressions: list[Suppression],
    rules: dict[str, Rule] | None,
    *,
    today: date,
    require_reason: bool = True,
    report_unused: bool = False,
) -> list[Diagnostic]:
    """Mark the findings that a valid suppression covers (``suppressed``, ``suppression_reason``;
    they stay in the list) and return diagnostics for suppressions that are malformed, lack a
    reason, have expired or (with ``report_unused``) matched nothing.

    ``rules`` (id -> Rule) lets suppressions name rules and categories; without it only rule
    ids and ``all`` match."""
    diagnostics: list[Diagnostic] = []
    active: dict[str, list[Suppression]] = {}
    for s in suppressions:
        problem = _problem(s, today, require_reason)
        if problem is not None:
            diagnostics.append(problem)
        else:
            active.setdefault(s.path, []).append(s)
    aliases = _aliases(rules)
    order = {"line": 0, "block": 1, "resource": 2}
    for candidates in active.values():
        candidates.sort(key=lambda s: (order.get(s.scope, 3), s.line))
    for f in findings:
        for s in active.get(f.path, ()):
            if s.covers(f) and _names(s, f.rule_id, aliases):
                s.used = True
                if not f.suppressed:
                    f.suppressed, f.suppression_reason = True, s.reason
    if report_unused:
        for group in active.values():
            for s in group:
                if not s.used:
                    diagnostics.append(
                        Diagnostic(
                            s.path,
                            f"unused suppression of {_label(s)}: no finding matched it",
                            line=s.line,
                            level="warning",
                            stage=STAGE,
                        )
                    )
    return diagnostics


def _problem(s: Suppression, today: date, require_reason: bool) -> Diagnostic | None:
    if s.error:
        return Diagnostic(
            s.path, f"malformed suppression: {s.error}", line=s.line, level="error", stage=STAGE
        )
    if require_reason and not s.reason:
        how = 'reason: "..."' if s.scope == "resource" else 'reason="..."'
        return Diagnostic(
            s.path,
            f"suppression of {_label(s)} has no reason (add {how}); it is not applied",
            line=s.line,
            level="error",
            stage=STAGE,
        )
    if s.until is not None and today > s.until:
        return Diagnostic(
            s.path,
            f"suppression of {_label(s)} expired on {s.until.isoformat()}",
            line=s.line,
            level="warning",
            stage=STAGE,
        )
    return None


def _label(s: Suppression) -> str:
    return ",".join(s.ids) or "nothing"


def _aliases(rules: dict[str, Rule] | None) -> dict[str, set[str]]:
    """Lower-cased rule id, name and category -> the rule ids they stand for."""
    out: dict[str, set[str]] = {}
    for rule in (rules or {}).values():
        for alias in (rule.id, rule.name, rule.category):
            out.setdefault(alias.lower(), set()).add(rule.id)
    return out


def _names(s: Suppression, rule_id: str, aliases: dict[str, set[str]]) -> bool:
    for token in s.ids:
        key = token.lower()
        if key == "all" or key == rule_id.lower() or rule_id in aliases.get(key, ()):
            return True
    return False
