"""The command line as users run it: exit codes, formats, broken input."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import infralint

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "fixtures" / "demo"

BAD_DB = 'resource "aws_db_instance" "main" {\n  publicly_accessible = true\n}\n'


def test_demo_scan_reports_the_planted_mistakes():
    done = infralint("scan", "--format", "json", DEMO)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    found = {(f["category"], f["path"], f["start_line"]) for f in report["findings"]}
    assert ("public-database", "terraform/database.tf", 9) in found
    assert ("public-database", "docker-compose.yml", 17) in found
    assert ("open-ingress", "terraform/network.tf", 49) in found
    assert ("wildcard-iam", "terraform/iam.tf", 24) in found
    assert ("missing-backup", "terraform/database.tf", 12) in found
    assert ("committed-secret", "terraform/variables.tf", 10) in found
    assert report["diagnostics"] == []
    # the load balancer's 80/443 and the loopback-bound cache are not noise
    assert not any(
        f["path"] == "terraform/network.tf" and f["start_line"] < 40 for f in report["findings"]
    )
    assert not any(f["resource"] == "services.cache" for f in report["findings"])


def test_json_contract(tmp_path):
    (tmp_path / "db.tf").write_text(BAD_DB)
    report = json.loads(infralint("scan", "--format", "json", tmp_path).stdout)
    assert set(report) >= {"version", "findings", "diagnostics", "summary"}
    finding = report["findings"][0]
    assert {
        k: finding[k]
        for k in (
            "rule_id",
            "rule_name",
            "category",
            "severity",
            "path",
            "start_line",
            "end_line",
            "resource",
            "suppressed",
        )
    } == {
        "rule_id": "IL101",
        "rule_name": "public-database",
        "category": "public-database",
        "severity": "high",
        "path": "db.tf",
        "start_line": 2,
        "end_line": 2,
        "resource": "aws_db_instance.main",
        "suppressed": False,
    }
    assert isinstance(finding["message"], str) and finding["message"]


def test_exit_codes(tmp_path):
    (tmp_path / "good.tf").write_text(
        'resource "aws_db_instance" "private" {\n  publicly_accessible = false\n}\n'
    )
    assert infralint("scan", tmp_path).returncode == 0
    (tmp_path / "bad.tf").write_text(BAD_DB)
    assert infralint("scan", tmp_path).returncode == 1
    assert infralint("scan", "--fail-on", "critical", tmp_path).returncode == 0
    missing = infralint("scan", tmp_path / "does-not-exist")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert infralint("scan", "--format", "yaml", tmp_path).returncode == 2


def test_broken_binary_and_non_utf8_files_are_diagnostics(tmp_path):
    (tmp_path / "good.tf").write_text(BAD_DB)
    (tmp_path / "broken.tf").write_text('resource "aws_s3_bucket" "x" {\n  bucket = \n')
    (tmp_path / "broken.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A: [unclosed\n"
    )
    (tmp_path / "blob.tf").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    (tmp_path / "latin1.tf").write_bytes('# caf\xe9\nresource "a" "b" {}\n'.encode("latin-1"))
    done = infralint("scan", "--format", "json", tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 1
    assert [(f["path"], f["start_line"]) for f in report["findings"]] == [("good.tf", 2)]
    by_path = {d["path"]: d for d in report["diagnostics"]}
    assert set(by_path) == {"broken.tf", "broken.yaml", "blob.tf", "latin1.tf"}
    assert "invalid HCL" in by_path["broken.tf"]["message"]
    assert by_path["broken.yaml"]["line"] == 3
    assert "binary" in by_path["blob.tf"]["message"]
    assert "UTF-8" in by_path["latin1.tf"]["message"]
    assert "Traceback" not in done.stderr


def test_text_output_and_rules_listing(tmp_path):
    (tmp_path / "db.tf").write_text(BAD_DB)
    text = infralint("scan", "--no-color", tmp_path).stdout
    assert "db.tf:2:3: IL101 [high]" in text and "(aws_db_instance.main)" in text
    assert text.rstrip().endswith("Found 1 problem (1 high).")
    listing = infralint("rules").stdout
    assert "IL101" in listing and "public-database" in listing
    explained = infralint("explain", "IL101").stdout
    assert "## Why is this bad?" in explained


def test_sarif_output_is_relative_and_redacted(tmp_path):
    (tmp_path / "db.tf").write_text(BAD_DB)
    sarif = json.loads(infralint("scan", "--format", "sarif", tmp_path).stdout)
    result = sarif["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"]["startLine"] == 2


def test_suppressions_from_the_command_line(tmp_path):
    (tmp_path / "db.tf").write_text(
        'resource "aws_db_instance" "ok" {\n'
        '  # infralint:ignore IL101 reason="replica behind a firewall" until=2999-01-01\n'
        "  publicly_accessible = true\n}\n"
        'resource "aws_db_instance" "no_reason" {\n'
        "  publicly_accessible = true # infralint:ignore IL101\n}\n"
        'resource "aws_db_instance" "expired" {\n'
        '  publicly_accessible = true # infralint:ignore IL101 reason="old" until=2020-01-01\n'
        "}\n"
        'resource "aws_db_instance" "private" {\n'
        '  publicly_accessible = false # infralint:ignore IL101 reason="not needed"\n}\n'
    )
    done = infralint("scan", "--format", "json", "--report-unused-suppressions", tmp_path)
    report = json.loads(done.stdout)
    states = {f["resource"]: f["suppressed"] for f in report["findings"]}
    assert states == {
        "aws_db_instance.ok": True,
        "aws_db_instance.no_reason": False,
        "aws_db_instance.expired": False,
    }
    problems = {(d["line"], d["level"]) for d in report["diagnostics"]}
    assert problems == {(6, "error"), (9, "warning"), (12, "warning")}
    assert done.returncode == 1


def test_baseline_round_trip(tmp_path):
    infra = tmp_path / "infra"
    infra.mkdir()
    (infra / "db.tf").write_text(BAD_DB)
    baseline = tmp_path / "baseline.json"
    assert infralint("scan", "--write-baseline", baseline, infra).returncode == 0
    assert infralint("scan", "--baseline", baseline, infra).returncode == 0
    (infra / "db.tf").write_text(
        "\n\n" + BAD_DB + 'resource "aws_dynamodb_table" "t" {\n  name = "t"\n}\n'
    )
    report = json.loads(infralint("scan", "--format", "json", "--baseline", baseline, infra).stdout)
    assert [(f["rule_id"], f["start_line"]) for f in report["findings"]] == [("IL402", 6)]


def _readme_block(after: str) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\n", readme.index(after)) + len("```text\n")
    return readme[start : readme.index("```", start)].splitlines()


def _in_order(shown: list[str], real: list[str]) -> bool:
    """Each shown line (but "...") is a line of ``real``, in the same order."""
    position = 0
    for line in shown:
        if line == "...":
            continue
        if line not in real[position:]:
            return False
        position = real.index(line, position) + 1
    return True


def test_readme_sample_output_is_the_demo_scan():
    shown = _readme_block("The output looks like this:")
    real = infralint("scan", "fixtures/demo", cwd=ROOT).stdout.splitlines()
    assert _in_order(shown, real), "\n".join(real)
    assert shown[-2:] == real[-2:]  # the files scanned and the problems found
    stats = _readme_block("infralint scan --format github --output-format")
    real = infralint("scan", "fixtures/demo", "--statistics", cwd=ROOT).stdout.splitlines()
    assert _in_order(stats[1:], real) and stats[-1] == real[-1], "\n".join(real)
