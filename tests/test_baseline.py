"""Baselines and the fingerprint they rest on."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace

import pytest

from infralint import baseline
from infralint.fingerprint import fingerprint
from infralint.model import Finding, Severity, Span

SECRET = "AKIAIOSFODNN7EXAMPLEwJalrXUtnFEMI"


def finding(
    rule_id: str = "IL101",
    path: str = "db/main.tf",
    line: int = 3,
    resource: str = "aws_db_instance.main",
    attribute: str = "publicly_accessible",
    **kw,
) -> Finding:
    return Finding(
        rule_id=rule_id,
        rule_name="rule",
        category="cat",
        severity=Severity.HIGH,
        message=kw.pop("message", "problem"),
        resource=resource,
        path=path,
        span=Span(line, line, 3, 20),
        attribute=attribute,
        **kw,
    )


FINDINGS = [
    finding(),
    finding("IL401", attribute="backup_retention_period", line=4),
    finding(
        "IL301",
        path="app/main.tf",
        resource="aws_db_instance.app",
        attribute="password",
        line=9,
        message=f"password {SECRET} in the source",
        redact=(SECRET,),
    ),
]


def test_fingerprint_is_sha256_of_the_identity():
    f = FINDINGS[0]
    material = "IL101\0db/main.tf\0aws_db_instance.main\0publicly_accessible"
    assert fingerprint(f) == hashlib.sha256(material.encode()).hexdigest()
    moved = replace(f, span=Span(40, 41, 1, 2), message="another text", severity=Severity.LOW)
    assert fingerprint(moved) == fingerprint(f)
    for change in (
        {"rule_id": "IL102"},
        {"path": "x.tf"},
        {"resource": "r.x"},
        {"attribute": "other"},
    ):
        assert fingerprint(replace(f, **change)) != fingerprint(f)
    # fields are separated: moving text from one field to the next changes the hash
    assert fingerprint(replace(f, resource="a", attribute="bc")) != fingerprint(
        replace(f, resource="ab", attribute="c")
    )


def test_write_and_load_round_trip(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write(FINDINGS, str(path), "0.1.0")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["tool_version"] == "0.1.0"
    entries = data["findings"]
    assert [e["path"] for e in entries] == ["app/main.tf", "db/main.tf", "db/main.tf"]  # sorted
    assert set(entries[0]) == {"fingerprint", "rule_id", "path", "resource", "attribute", "line"}
    assert entries[0]["fingerprint"] == fingerprint(FINDINGS[2])
    assert baseline.load(str(path)) == Counter(fingerprint(f) for f in FINDINGS)


def test_baseline_holds_no_messages_or_secrets(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write(FINDINGS, str(path), "0.1.0")
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and SECRET[:8] not in text
    assert "problem" not in text and "in the source" not in text


def test_write_is_deterministic(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    baseline.write(FINDINGS, str(first), "0.1.0")
    baseline.write(list(reversed(FINDINGS)), str(second), "0.1.0")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().endswith(b"\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]  # no temp left


def test_filter_new_keeps_only_new_findings(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write(FINDINGS[:2], str(path), "0.1.0")
    known = baseline.load(str(path))
    moved = [replace(f, span=Span(f.span.line + 10, f.span.line + 10)) for f in FINDINGS]
    assert baseline.filter_new(moved, known) == [moved[2]]
    assert baseline.filter_new([], known) == []


def test_filter_new_multiset(tmp_path):
    twins = [finding(line=n) for n in (3, 7)]
    path = tmp_path / "baseline.json"
    baseline.write(twins, str(path), "0.1.0")
    known = baseline.load(str(path))
    assert known[fingerprint(twins[0])] == 2
    now = [finding(line=n) for n in (12, 3, 7)]  # a third one appeared
    assert baseline.filter_new(now, known) == [now[0]]  # the last in source order remains
    assert known[fingerprint(twins[0])] == 2  # the caller's counter is not consumed
    # a plain set counts each fingerprint once
    assert baseline.filter_new(now, {fingerprint(twins[0])}) == [now[0], now[2]]


@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "not found"),
        ("{not json", "is not valid JSON: Expecting property name"),
        ("[]", "is not an infralint baseline"),
        ('{"version": 2, "findings": []}', "has version 2"),
        ('{"version": 1, "findings": {}}', "'findings' must be a list"),
        ('{"version": 1, "findings": [{"rule_id": "IL101"}]}', "findings[0] has no valid"),
        ('{"version": 1, "findings": [{"fingerprint": "abc"}]}', "findings[0] has no valid"),
    ],
)
def test_load_rejects_bad_files(tmp_path, content, problem):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        baseline.load(str(path))
    assert problem in str(info.value) and str(path) in str(info.value)


def test_empty_baseline(tmp_path):
    path = tmp_path / "baseline.json"
    baseline.write([], str(path), "0.1.0")
    assert baseline.load(str(path)) == Counter()
    assert baseline.filter_new(FINDINGS, baseline.load(str(path))) == FINDINGS
