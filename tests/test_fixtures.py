"""Every fixture case is scanned with every rule; the findings of its category's rules (the
fixture folder) and of any rule it marks must be exactly the ones its files mark with
``expect: RULE`` (so a near-miss case, which marks none, must be silent). Rules of other
categories may fire on a case without being marked: a database fixture of ``missing-backup``
need not spell out its encryption findings. A default-off rule of the category is judged only
on the cases that mark it or whose folder name contains the rule's name
(``good-vpc-flow-logs-disabled-terraform``): a project-level rule such as ``no-cloudtrail``
would otherwise have to be marked in every case of its category."""

from __future__ import annotations

import pytest

from infralint.formats import kind_by_name
from tests.conftest import case_id, cases, expectations, run


@pytest.mark.parametrize("case", cases(), ids=case_id)
def test_fixture_case(case, all_rules):
    result = run([case], all_rules)
    errors = [d for d in result.diagnostics if d.level == "error"]
    assert not errors, errors
    expected = expectations(case)
    judged = {
        r.id
        for r in all_rules
        if r.category == case.parent.name and (r.enabled or r.name in case.name)
    }
    judged |= {rule for _file, _line, rule in expected}
    found = {
        (f.path, f.span.line, f.rule_id)
        for f in result.findings
        if not f.suppressed and f.rule_id in judged
    }
    if case.name.startswith("bad"):
        assert expected, "a bad-* case must mark at least one expected finding"
    if case.name.startswith("good"):
        assert not expected, "a good-* case is a near miss: it must not expect findings"
    assert found == expected


def test_every_builtin_rule_has_bad_and_good_cases_in_each_format(all_rules):
    """Each rule has at least one flagged case per format it covers, and near misses."""
    flagged: dict[str, set[str]] = {}
    for case in cases():
        for file, _line, rule in expectations(case):
            fmt = _format_of(case, file)
            flagged.setdefault(rule, set()).add(fmt)
    for rule in all_rules:
        covered = flagged.get(rule.id, set())
        wanted = {f for f in rule.formats if f != "text"}
        assert wanted <= covered, f"{rule.id} lacks flagged fixtures for {wanted - covered}"
    categories = {case.parent.name for case in cases() if case.name.startswith("good")}
    assert {r.category for r in all_rules} <= categories


def _format_of(case, file: str) -> str:
    text = (case / file).read_text(encoding="utf-8", errors="replace")
    if file.endswith((".tf", ".tfvars")):
        return "terraform"
    if file.startswith(".github/workflows/") or file.endswith(("action.yml", "action.yaml")):
        return "github-actions"
    if kind_by_name(file.rsplit("/", 1)[-1].lower()) == "dockerfile":
        return "dockerfile"
    if "AWSTemplateFormatVersion" in text or "AWS::" in text:
        return "cloudformation"
    if "services:" in text:
        return "compose"
    return "text"
