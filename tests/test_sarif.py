"""SARIF output: structure GitHub code scanning relies on, and the official validator."""

from __future__ import annotations

import json
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from infralint.engine import Rule
from infralint.model import Diagnostic, Finding, Severity, Span
from infralint.report.redact import redact_text
from infralint.report.sarif import render

try:
    from tests import sarif_validator
except ImportError:  # tests/ itself on sys.path (pytest's default without PYTHONPATH)
    import sarif_validator

SECRET = "AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMI"

DOC = """{summary}

## What it does
{what}

## Why is this bad?
Anyone on the internet can reach it.

## How to fix
Turn the setting off.

## Example
```hcl
resource "aws_db_instance" "bad" {{ publicly_accessible = true }}
```

## Use instead
```hcl
resource "aws_db_instance" "good" {{ publicly_accessible = false }}
```
"""


def make_rule(rule_id: str, name: str, severity: Severity, formats=("terraform",)) -> Rule:
    doc = DOC.format(summary=f"Summary of {name}.", what=f"Flags {name} problems.")
    return Rule(
        id=rule_id,
        name=name,
        category=name,
        severity=severity,
        facts=(),
        formats=tuple(formats),
        doc=doc,
        check=lambda ctx: [],
    )


RULES = [
    make_rule("IL101", "public-database", Severity.HIGH, ("terraform", "cloudformation")),
    make_rule("IL301", "secret-literal", Severity.CRITICAL, ("terraform", "compose")),
    make_rule("IL401", "backup-retention", Severity.MEDIUM),
    make_rule("IL404", "database-volume", Severity.LOW),
    make_rule("IL999", "informational", Severity.INFO),
]

SOURCES = {
    "main.tf": [
        'resource "aws_db_instance" "db" {\n',
        "  publicly_accessible = true\n",
        "  backup_retention_period = 0\n",
        f'  password = "{SECRET}"\n',
        "}\n",
    ],
    "modules/db/main.tf": ['resource "aws_db_instance" "x" {}\n'],
}


def finding(rule_id: str, path: str, span: Span, **kw) -> Finding:
    rule = next(r for r in RULES if r.id == rule_id)
    fields = dict(
        rule_id=rule_id,
        rule_name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=f"{rule.name} problem.",
        resource="aws_db_instance.db",
        path=path,
        span=span,
    )
    fields.update(kw)
    return Finding(**fields)


FINDINGS = [
    finding("IL101", "main.tf", Span(2, 2, 3, 29), attribute="publicly_accessible"),
    finding(
        "IL401",
        "main.tf",
        Span(3, 3),
        attribute="backup_retention_period",
        suppressed=True,
        suppression_reason="restored nightly from another region",
    ),
    finding(
        "IL301",
        "main.tf",
        Span(4, 4, 3, 50),
        attribute="password",
        redact=(SECRET,),
        message=f"Password {SECRET} is written in the source.",
    ),
    finding("IL404", "modules/db/main.tf", Span(1, 1), resource="module.db.aws_db_instance.x"),
    finding("IL999", "gone.tf", Span(7, 9), resource="gone.tf"),  # no source, file-level
]

DIAGNOSTICS = [
    Diagnostic("broken.tf", "unexpected '}'", line=12, level="error", stage="parse"),
    Diagnostic("compose.yaml", "not a compose file", level="warning", stage="read"),
    Diagnostic("", "rule IL777 failed to load", level="info", stage="load"),
]


def do_render(
    findings=FINDINGS,
    diagnostics=DIAGNOSTICS,
    rules=RULES,
    *,
    tmp: Path,
    sub: str = "infra",
    repo: bool = True,
    **kw,
) -> str:
    root = tmp / sub
    root.mkdir(parents=True, exist_ok=True)
    return render(
        list(findings),
        list(diagnostics),
        list(rules),
        root=str(root),
        repo_root=str(tmp) if repo else None,
        sources=SOURCES.get,
        version="0.1.0",
        **kw,
    )


@pytest.fixture
def log(tmp_path):
    return json.loads(do_render(tmp=tmp_path))


def results_by_rule(log: dict) -> dict[str, dict]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


def walk(value, key=""):
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)


# -- structure ------------------------------------------------------------------------------


def test_log_and_driver(log):
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "infralint"
    assert driver["version"] == driver["semanticVersion"] == "0.1.0"
    assert driver["informationUri"] == "https://github.com/infralint/infralint"
    assert [r["id"] for r in driver["rules"]] == sorted(r.id for r in RULES)


def test_rule_metadata(log):
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    scores = {"IL301": "9.5", "IL101": "8.0", "IL401": "5.5", "IL404": "3.0", "IL999": "1.0"}
    levels = {
        "IL301": "error",
        "IL101": "error",
        "IL401": "warning",
        "IL404": "note",
        "IL999": "note",
    }
    for rule_id, rule in rules.items():
        props = rule["properties"]
        assert props["security-severity"] == scores[rule_id]
        assert isinstance(props["security-severity"], str)
        assert props["precision"] == "high"
        assert rule["defaultConfiguration"]["level"] == levels[rule_id]
        assert len(props["tags"]) <= 10
        assert rule["helpUri"].endswith(f"/docs/rules/{rule_id}.md")
    il101 = rules["IL101"]
    assert il101["name"] == "public-database"
    assert il101["shortDescription"]["text"] == "Summary of public-database."
    assert il101["fullDescription"]["text"] == (
        "Summary of public-database. Flags public-database problems."
    )
    assert il101["properties"]["tags"] == [
        "security",
        "public-database",
        "terraform",
        "cloudformation",
    ]
    for form in ("text", "markdown"):
        help_text = il101["help"][form]
        for part in (
            "Why is this bad?",
            "Turn the setting off.",
            "publicly_accessible = true",
            "publicly_accessible = false",
        ):
            assert part in help_text
    assert "## How to fix" in il101["help"]["markdown"]
    assert "##" not in il101["help"]["text"]


def test_results_locations(log, tmp_path):
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    results = results_by_rule(log)
    public = results["IL101"]
    assert public["level"] == "error"
    assert public["message"]["text"] == "public-database problem."
    assert run["tool"]["driver"]["rules"][public["ruleIndex"]]["id"] == "IL101"
    phys = public["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"] == {"uri": "infra/main.tf", "uriBaseId": "%SRCROOT%"}
    assert phys["region"] == {
        "startLine": 2,
        "endLine": 2,
        "startColumn": 3,
        "endColumn": 29,
        "snippet": {"text": "  publicly_accessible = true"},
    }
    assert public["locations"][0]["logicalLocations"] == [
        {
            "name": "aws_db_instance.db",
            "fullyQualifiedName": "aws_db_instance.db",
            "kind": "resource",
        }
    ]
    module = results["IL404"]["locations"][0]["physicalLocation"]
    assert module["artifactLocation"]["uri"] == "infra/modules/db/main.tf"
    assert "startColumn" not in module["region"]  # end_col 0: no columns
    gone = results["IL999"]["locations"][0]
    assert gone["physicalLocation"]["region"] == {"startLine": 7, "endLine": 9}  # no source
    assert "logicalLocations" not in gone  # a file-level finding names no resource
    for result in results.values():
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith(("/", "file:")) and ".." not in uri


def test_uris_without_repo_root_are_relative_to_the_scan_root(tmp_path):
    log = json.loads(do_render(tmp=tmp_path, repo=False))
    run = log["runs"][0]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "main.tf" in uris and "modules/db/main.tf" in uris
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (tmp_path / "infra").as_uri() + "/"


def test_scan_root_outside_the_repository_is_its_own_base(tmp_path):
    (tmp_path / "repo").mkdir()
    root = tmp_path / "elsewhere"
    root.mkdir()
    log = json.loads(
        render(
            FINDINGS[:1],
            [],
            RULES,
            root=str(root),
            repo_root=str(tmp_path / "repo"),
            sources=SOURCES.get,
            version="0.1.0",
        )
    )
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.as_uri() + "/"
    assert (
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "main.tf"
    )


def test_uris_are_percent_encoded(tmp_path):
    odd = [finding("IL101", "my dir/main file#1.tf", Span(1, 1))]
    log = json.loads(do_render(odd, tmp=tmp_path))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "infra/my%20dir/main%20file%231.tf"


def test_suppressed_finding(log):
    results = results_by_rule(log)
    assert results["IL401"]["suppressions"] == [
        {"kind": "inSource", "justification": "restored nightly from another region"}
    ]
    assert "suppressions" not in results["IL101"]


def test_secret_is_redacted_everywhere(tmp_path):
    text = do_render(tmp=tmp_path)
    assert SECRET not in text
    assert SECRET[4:12] not in text
    result = results_by_rule(json.loads(text))["IL301"]
    snippet = result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert snippet == '  password = "AKIA****"'
    assert result["message"]["text"] == "Password AKIA**** is written in the source."


def test_redact_text():
    assert (
        redact_text("a=supersecretvalue1 b=supersecretvalue1", ["supersecretvalue1"])
        == "a=supe**** b=supe****"
    )
    assert redact_text("pw=hunter2", ["hunter2"]) == "pw=****"  # short: no prefix shown
    key = "-----BEGIN KEY-----\nMIIEowIBAAKCAQEA1234\n-----END KEY-----"
    assert "MIIEowIBAAKCAQEA1234" not in redact_text("line: MIIEowIBAAKCAQEA1234", [key])
    assert redact_text("nothing here", ["", "absent-secret-value"]) == "nothing here"


def test_diagnostics_become_notifications(log):
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [n["level"] for n in notes] == ["note", "error", "warning"]  # sorted by path
    assert notes[0] == {"level": "note", "message": {"text": "load: rule IL777 failed to load"}}
    broken = notes[1]["locations"][0]["physicalLocation"]
    assert broken == {
        "artifactLocation": {"uri": "infra/broken.tf", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 12},
    }
    compose = notes[2]["locations"][0]["physicalLocation"]
    assert "region" not in compose  # line 0: the file only
    assert notes[2]["message"]["text"] == "read: not a compose file"


def test_fingerprints_survive_line_moves(tmp_path):
    def fingerprints(findings):
        log = json.loads(do_render(findings, tmp=tmp_path))
        return {r["ruleId"]: r["partialFingerprints"] for r in log["runs"][0]["results"]}

    before = fingerprints(FINDINGS)
    moved = [
        replace(
            f,
            span=Span(
                f.span.line + 5,
                f.span.end_line + 5,
                f.span.col + 2,
                f.span.end_col + 2 if f.span.end_col else 0,
            ),
        )
        for f in FINDINGS
    ]
    assert fingerprints(moved) == before
    for prints in before.values():
        assert set(prints) == {"infralint/v1", "primaryLocationLineHash"}
    assert len({p["infralint/v1"] for p in before.values()}) == len(before)
    renamed = [replace(f, attribute=f.attribute + "_x") for f in FINDINGS]
    assert fingerprints(renamed)["IL101"] != before["IL101"]


def test_same_identity_twice_gets_distinct_fingerprints(tmp_path):
    twins = [finding("IL101", "main.tf", Span(2, 2)), finding("IL101", "main.tf", Span(4, 4))]
    log = json.loads(do_render(twins, tmp=tmp_path))
    prints = [r["partialFingerprints"]["infralint/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == 2 and prints[0].endswith(":1") and prints[1].endswith(":2")


def test_output_is_deterministic_and_clean(tmp_path):
    first = do_render(tmp=tmp_path)
    shuffled = list(FINDINGS)
    random.Random(7).shuffle(shuffled)
    assert (
        do_render(shuffled, list(reversed(DIAGNOSTICS)), list(reversed(RULES)), tmp=tmp_path)
        == first
    )
    for key, value in walk(json.loads(first)):
        assert value is not None and value not in ({}, [], ""), key
        assert "_" not in key, f"snake_case property {key!r}"


def test_no_findings_still_has_a_results_array(tmp_path):
    log = json.loads(do_render([], [], RULES, tmp=tmp_path))
    assert log["runs"][0]["results"] == []
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]


def test_cap_keeps_the_most_severe(tmp_path):
    log = json.loads(do_render(tmp=tmp_path, max_results=2))
    run = log["runs"][0]
    assert sorted(r["ruleId"] for r in run["results"]) == ["IL101", "IL301"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(
        "3 results were left out" in n["message"]["text"] and n["level"] == "warning" for n in notes
    )


def test_rule_missing_from_rules_still_gets_a_descriptor(tmp_path):
    log = json.loads(do_render(rules=RULES[:1], tmp=tmp_path))
    run = log["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert sorted(ids) == sorted(r.id for r in RULES)
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]


# -- the official validator with GitHub's rules ---------------------------------------------


@pytest.fixture(scope="module")
def multitool():
    command = sarif_validator.find_multitool()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("sarif-multitool missing in CI: run .ci/install-sarif-multitool.sh")
        pytest.skip(
            "sarif-multitool not installed (run .ci/install-sarif-multitool.sh or set "
            f"{sarif_validator.ENV_VAR})"
        )
    return command


@pytest.mark.parametrize("case", ["full", "capped", "no-repo-root", "empty", "odd-path"])
def test_github_validator_accepts_output(case, tmp_path, multitool):
    if case == "empty":
        text = do_render([], [], RULES, tmp=tmp_path)
    elif case == "odd-path":
        odd = [finding("IL101", "my dir/main file#1.tf", Span(1, 1))]
        text = do_render(odd, tmp=tmp_path, sub="in fra")
    else:
        text = do_render(
            tmp=tmp_path, repo=case != "no-repo-root", max_results=2 if case == "capped" else 25_000
        )
    path = tmp_path / "out.sarif"
    path.write_text(text, encoding="utf-8")
    assert sarif_validator.validate(path, multitool) == []


def test_validator_reports_github_errors(tmp_path, multitool):
    """The helper is not vacuous: a rule without descriptions breaks GitHub's rule GH2012."""
    log = json.loads(do_render(tmp=tmp_path))
    del log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    path = tmp_path / "bad.sarif"
    path.write_text(json.dumps(log), encoding="utf-8")
    problems = sarif_validator.validate(path, multitool)
    assert any(p.startswith("error GH2012") for p in problems), problems
