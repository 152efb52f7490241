"""The correctness rules through the command line where fixtures cannot show it: keys written
twice in a compose override, through the parse cache, and an argument set twice in a Terraform
block body (a parse error, not a finding)."""

from __future__ import annotations

import json

from tests.conftest import infralint


def _scan(root, *args):
    proc = infralint("scan", root, "--format", "json", "--no-config", "--exit-zero", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _found(report, rule):
    return [
        (f["path"], f["start_line"], f["attribute"])
        for f in report["findings"]
        if f["rule_id"] == rule
    ]


def test_a_key_repeated_in_a_compose_override_is_reported_there(tmp_path):
    (tmp_path / "compose.yaml").write_text("services:\n  api:\n    image: acme/api:1.2\n")
    (tmp_path / "compose.override.yaml").write_text(
        "services:\n  api:\n    environment:\n      MODE: dev\n      MODE: prod\n"
    )
    report = _scan(tmp_path, "--select", "duplicate-key")
    assert _found(report, "IL1107") == [("compose.override.yaml", 5, "environment.MODE")]


def test_repeated_keys_survive_the_parse_cache(tmp_path):
    project, cache = tmp_path / "stack", tmp_path / "cache"
    project.mkdir()
    cache.mkdir(mode=0o700)
    padding = "# a template large enough to be cached\n" * 250
    (project / "template.yaml").write_text(
        padding + "Resources:\n"
        "  Jobs:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      VisibilityTimeout: 60\n"
        "      VisibilityTimeout: 120\n"
    )
    runs = [_scan(project, "--select", "IL1107", "--cache-dir", cache) for _ in range(2)]
    assert any(cache.rglob("*")), "the parse was cached"
    for report in runs:
        assert _found(report, "IL1107") == [("template.yaml", 256, "VisibilityTimeout")]


def test_an_argument_set_twice_in_a_block_is_a_parse_error_not_a_finding(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_sqs_queue" "jobs" {\n  name = "a"\n  name = "b"\n}\n'
    )
    report = _scan(tmp_path, "--select", "correctness")
    assert report["findings"] == []
    [error] = [d for d in report["diagnostics"] if d["level"] == "error"]
    assert (error["stage"], error["line"]) == ("parse", 3)
    assert "set twice" in error["message"]


def test_invalid_names_and_plan_time_values_in_a_module(tmp_path):
    (tmp_path / "main.tf").write_text('module "queue" {\n  source = "./queue"\n}\n')
    (tmp_path / "queue").mkdir()
    (tmp_path / "queue" / "main.tf").write_text(
        'resource "aws_sqs_queue" "2nd" {\n  name = "q-${timestamp()}"\n}\n'
    )
    report = _scan(tmp_path, "--select", "correctness")
    found = {(f["rule_id"], f["path"], f["start_line"], f["resource"]) for f in report["findings"]}
    assert found == {
        ("IL1106", "queue/main.tf", 1, "module.queue.aws_sqs_queue.2nd"),
        ("IL1109", "queue/main.tf", 2, "module.queue.aws_sqs_queue.2nd"),
    }
