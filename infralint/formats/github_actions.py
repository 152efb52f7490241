"""The GitHub Actions format's graph: workflows (``.github/workflows/*.yml``) and composite
actions (``action.yml``), as resources with exact spans.

Addresses follow the keys written in the file, steps counted from 0 as in the YAML sequence:

- ``workflow`` (type ``github_workflow``) or ``action`` (``github_action``): the whole file;
- ``jobs.<job id>`` (``github_job``);
- ``jobs.<job id>.steps[<n>]`` or, in an action, ``runs.steps[<n>]`` (``github_step``).

Each resource's scope is its file. The ``${{ }}`` expressions written in a resource's own
attributes (a job's, not its steps') are parsed with their exact positions in the file (inside
``run:`` blocks too, literal or folded) and kept in ``meta["expressions"]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from infralint.lines import split_lines
from infralint.model import Resource, Span

if TYPE_CHECKING:
    from infralint.discover import SourceFile
    from infralint.parse import Document
    from infralint.parse.gha_expr import Expression
    from infralint.scan import Build

KIND = "github-actions"
WORKFLOW, ACTION, JOB, STEP = "github_workflow", "github_action", "github_job", "github_step"


def build_github_actions(build: Build) -> None:
    build.each_document(KIND, resources)


def resources(source: SourceFile, doc: Document) -> Iterator[Resource]:
    """The file's workflow or action, its jobs and their steps."""
    top = doc.value
    if not isinstance(top, dict):
        return
    f = _File(source, doc)
    if "runs" in top and "jobs" not in top:
        yield f.resource("action", (), ACTION, top)
        runs = top.get("runs")
        yield from f.steps(("runs",), runs.get("steps") if isinstance(runs, dict) else None)
        return
    yield f.resource("workflow", (), WORKFLOW, top)
    jobs = top.get("jobs")
    for name, job in (jobs if isinstance(jobs, dict) else {}).items():
        if isinstance(job, dict):
            yield f.resource(f"jobs.{name}", ("jobs", name), JOB, job)
            yield from f.steps(("jobs", name), job.get("steps"))


class _File:
    """One parsed workflow or action file."""

    def __init__(self, source: SourceFile, doc: Document):
        self.source, self.doc = source, doc
        self.lines = split_lines(source.text)

    def steps(self, parent: tuple, steps: Any) -> Iterator[Resource]:
        where = ".".join(map(str, parent))
        for i, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                yield self.resource(f"{where}.steps[{i}]", parent + ("steps", i), STEP, step)

    def resource(self, address: str, prefix: tuple, kind: str, attrs: dict) -> Resource:
        spans = self.doc.sub_spans(prefix)
        res = Resource(
            address=address,
            type=kind,
            format=KIND,
            path=self.source.path,
            span=self.block(self.located(prefix)) if prefix else self.whole(),
            attrs=attrs,
            scope=self.source.path,
            spans=spans,
            meta={"prefix": prefix},
        )
        res.meta["expressions"] = list(_expressions(attrs, (), spans, self.lines, kind))
        return res

    def located(self, prefix: tuple) -> Span:
        """The span of ``prefix``, or of its nearest written ancestor (a job merged in with
        ``<<: *anchor`` is written at the anchor)."""
        while prefix and prefix not in self.doc.spans:
            prefix = prefix[:-1]
        return self.doc.spans[prefix] if prefix else self.whole()

    def block(self, span: Span) -> Span:
        """``span`` of a block mapping without the indentation (or ``- ``) of the token that
        follows it, where YAML marks its end, nor the blank and comment lines before that."""
        end = span.end_line
        if end <= span.line or self.lines[end - 1][: span.end_col - 1].strip() not in ("", "-"):
            return span
        end -= 1
        while end > span.line and self.lines[end - 1].strip()[:1] in ("", "#"):
            end -= 1
        return Span(span.line, end, span.col, len(self.lines[end - 1]) + 1)

    def whole(self) -> Span:
        """From the first key of the file to its end."""
        first = min((s.line for p, s in self.doc.spans.items() if len(p) == 1), default=1)
        return Span(first, max(len(self.lines), first))


def _expressions(
    value: Any, path: tuple, spans: dict[tuple, Span], lines: list[str], kind: str
) -> Iterator[Expression]:
    """The expressions written in ``value`` (at ``path`` of a resource of ``kind``), not those
    of the jobs and steps below it (they are resources of their own)."""
    from dataclasses import replace

    from infralint.parse import gha_expr

    if _below(kind, path):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _expressions(item, path + (key,), spans, lines, kind)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _expressions(item, path + (i,), spans, lines, kind)
    elif isinstance(value, str) and path in spans:
        span = spans[path]
        if "${{" in value and (span.end_line, span.end_col) < (span.line, span.col):
            # an alias (`run: *script`): its text is written at the anchor, before this key;
            # the expressions are reported where the alias uses it
            at = _value_span(lines, Span(span.line, span.line, span.col, 0))
            for found in gha_expr.find(value):
                yield replace(found, path=path, span=at)
        elif "${{" in value:
            text = _text(lines, span)
            for found in gha_expr.find(text, span.line, span.col):
                yield replace(found, path=path)
        elif path[-1] == "if" and value.strip():  # a condition may omit the ${{ }}
            yield replace(gha_expr.bare(value, _value_span(lines, span)), path=path)


def _below(kind: str, path: tuple) -> bool:
    """Whether ``path`` of a resource of ``kind`` belongs to a job or step resource."""
    if kind == WORKFLOW:
        return path[:1] == ("jobs",)
    if kind == ACTION:
        return path[:2] == ("runs", "steps")
    return kind == JOB and path[:1] == ("steps",)


def _text(lines: list[str], span: Span) -> str:
    """The text of the file between the start and the end of ``span``."""
    if span.line == span.end_line:
        return lines[span.line - 1][span.col - 1 : span.end_col - 1]
    middle = lines[span.line : span.end_line - 1]
    last = lines[span.end_line - 1][: span.end_col - 1] if span.end_line <= len(lines) else ""
    return "\n".join([lines[span.line - 1][span.col - 1 :], *middle, last])


def _value_span(lines: list[str], span: Span) -> Span:
    """The value part of a one-line ``key: value`` span (to the end of the line, a comment
    left out, when the value ends elsewhere)."""
    line = lines[span.line - 1]
    colon = line.find(":", span.col - 1)
    start = colon + 1 + len(line[colon + 1 :]) - len(line[colon + 1 :].lstrip())
    if span.end_line == span.line and span.end_col > start:
        return Span(span.line, span.line, start + 1, span.end_col)
    comment = line.find(" #", start)
    end = len(line[:comment].rstrip()) if comment >= 0 else len(line.rstrip())
    return Span(span.line, span.line, start + 1, end + 1)
