"""JUnit XML, for test dashboards (GitLab's test reports, Jenkins' junit step).

One test suite per rule. Its test cases are the files where the rule found something, one
``<failure>`` per finding; a rule that found nothing has one passing test case, so a dashboard
shows what was checked. Error and warning diagnostics (a file that cannot be parsed) are
``<error>`` elements of an ``infralint`` suite, one test case per file.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from infralint.model import rule_order
from infralint.report import Report, message, visible


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="infralint")
    by_rule: dict[str, dict[str, list]] = {r.id: {} for r in report.rules}
    names = {r.id: r.name for r in report.rules}
    for f in report.active:
        by_rule.setdefault(f.rule_id, {}).setdefault(f.path, []).append(f)
        names.setdefault(f.rule_id, f.rule_name)
    for rule_id in sorted(by_rule, key=rule_order):
        suite = _suite(root, f"{rule_id} {names[rule_id]}")
        files = by_rule[rule_id]
        if not files:
            ET.SubElement(suite, "testcase", name=f"{rule_id} {names[rule_id]}", classname=rule_id)
        for path in sorted(files):
            case = _case(suite, visible(report.repo_path(path)), rule_id)
            for f in files[path]:
                failure = ET.SubElement(
                    case, "failure", message=_text(message(f)), type=str(f.severity)
                )
                failure.text = _text(
                    f"{visible(report.repo_path(f.path))}:{f.span.line}:{f.span.col}: {f.rule_id} "
                    f"[{f.severity}] {message(f)} ({visible(f.resource)})"
                )
    problems: dict[str, list] = {}
    for d in report.diagnostics:
        if d.level in ("error", "warning"):
            problems.setdefault(d.path, []).append(d)
    if problems:
        suite = _suite(root, "infralint")
        for path in sorted(problems):
            where = visible(report.repo_path(path)) if path else "infralint"
            case = _case(suite, where, "infralint")
            for d in problems[path]:
                text = visible(d.message)
                error = ET.SubElement(case, "error", message=_text(text), type=d.level)
                error.text = _text(f"{where}:{d.line}: {text}")
    _count(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _suite(root: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(root, "testsuite", name=_text(name))


def _case(suite: ET.Element, path: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", name=_text(path), classname=classname, file=_text(path))


def _count(root: ET.Element) -> None:
    """``tests``/``failures``/``errors`` of every suite and of the whole report (a test case
    counts once, however many findings it holds)."""
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root:
        cases = suite.findall("testcase")
        counts = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": 0,
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("time", "0")
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    root.set("time", "0")


def _text(text: str) -> str:
    """XML 1.0 cannot hold control characters, even escaped."""
    return visible(text, keep_newlines=True)
