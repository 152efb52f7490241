"""A failure or a limit costs a diagnostic that names the file, the stage and the rule; the
rest of the scan is still reported, and the exit code tells input problems (1) from tool
failures (2)."""

from __future__ import annotations

import json
import types

from click.testing import CliRunner

from infralint import cli
from infralint.engine import rule_from
from infralint.facts import ManagedDatabase
from infralint.scan import Limits
from tests.conftest import run

DBS = "".join(
    f'resource "aws_db_instance" "{name}" {{\n  publicly_accessible = true\n}}\n'
    for name in ("a", "bad", "c")
)


def fragile_rule():
    """A plugin rule with a bug: it raises on one resource."""

    def check(ctx, db):
        if db.resource.address.endswith(".bad"):
            raise KeyError("boom")
        yield ctx.finding(db.resource, (), "found")

    module = types.SimpleNamespace(
        ID="XX901",
        NAME="fragile",
        CATEGORY="test",
        SEVERITY="low",
        FACTS=(ManagedDatabase,),
        FORMATS=("terraform",),
        __doc__="A fragile rule.",
        check=check,
    )
    return rule_from(module, source="test")


def test_a_rule_failing_on_one_resource_keeps_its_other_findings(tmp_path, rules):
    (tmp_path / "main.tf").write_text(DBS)
    result = run([tmp_path], [fragile_rule(), *rules])
    mine = sorted(f.resource for f in result.findings if f.rule_id == "XX901")
    assert mine == ["aws_db_instance.a", "aws_db_instance.c"]
    assert len([f for f in result.findings if f.rule_id == "IL101"]) == 3
    (problem,) = [d for d in result.diagnostics if d.internal]
    assert (problem.path, problem.line, problem.stage) == ("main.tf", 4, "check")
    assert "XX901" in problem.message and "aws_db_instance.bad" in problem.message
    assert "KeyError" in problem.message


def test_a_tool_failure_exits_2_after_reporting_everything(tmp_path, rules, monkeypatch):
    (tmp_path / "main.tf").write_text(DBS)
    monkeypatch.setattr("infralint.engine.load_rules", lambda *a: [fragile_rule(), *rules])
    done = CliRunner().invoke(cli.main, ["scan", "--format", "json", str(tmp_path)])
    assert done.exit_code == 2
    report = json.loads(done.stdout)
    assert len([f for f in report["findings"] if f["rule_id"] in ("IL101", "XX901")]) == 5
    assert any("internal error while checking" in d["message"] for d in report["diagnostics"])


def test_an_input_problem_exits_1(tmp_path):
    (tmp_path / "broken.tf").write_text('resource "x" "y" {\n')
    done = CliRunner().invoke(cli.main, ["scan", str(tmp_path)])
    assert done.exit_code == 1


def test_findings_per_rule_per_file_are_capped(tmp_path, rules):
    many = "".join(
        f'resource "aws_db_instance" "d{i}" {{\n  publicly_accessible = true\n}}\n'
        for i in range(15)
    )
    (tmp_path / "main.tf").write_text(many)
    public = [r for r in rules if r.id == "IL101"]
    result = run([tmp_path], public, limits=Limits(findings_per_rule=10))
    assert len([f for f in result.findings if f.rule_id == "IL101"]) == 10
    (note,) = [d for d in result.diagnostics if d.stage == "check"]
    assert "found 15 problems" in note.message and "first 10" in note.message


def test_resources_per_file(tmp_path, rules):
    (tmp_path / "main.tf").write_text(DBS)
    result = run([tmp_path], rules, limits=Limits(resources_per_file=2))
    assert len(result.graph.resources) == 2
    assert any("more than 2 resources" in d.message for d in result.diagnostics)


def test_evaluation_steps(tmp_path, rules):
    (tmp_path / "main.tf").write_text(
        "locals {\n  xs = [for i in range(5000) : [for j in range(50) : i * j]]\n}\n"
        'resource "aws_s3_bucket" "b" {\n  bucket = "b-${length(local.xs)}"\n}\n'
    )
    result = run([tmp_path], rules, limits=Limits(eval_steps=1000))
    assert any("evaluation stopped after 1,000 steps" in d.message for d in result.diagnostics)


def test_count_and_for_each_expansion(tmp_path, rules):
    (tmp_path / "main.tf").write_text(
        'resource "aws_db_instance" "many" {\n  count = 100000000\n'
        "  publicly_accessible = true\n}\n"
        'resource "aws_db_instance" "each" {\n  for_each = { for i in range(50) : "k${i}" => i }\n'
        "  publicly_accessible = true\n}\n"
    )
    result = run([tmp_path], rules, limits=Limits(instances=20))
    assert len(result.graph.resources) == 40
    notes = [d.message for d in result.diagnostics]
    assert "count makes 100,000,000 instances; only the first 20 are scanned" in notes
    assert "for_each makes 50 instances; only the first 20 are scanned" in notes


def test_yaml_nodes_and_depth(tmp_path, rules):
    services = "".join(f"  s{i}:\n    image: nginx\n" for i in range(40))
    (tmp_path / "docker-compose.yml").write_text("services:\n" + services)
    result = run([tmp_path], rules, limits=Limits(yaml_nodes=50))
    assert any("more than 50 nodes" in d.message for d in result.diagnostics)
    result = run([tmp_path], rules, limits=Limits(nesting_depth=2))
    assert any("nested deeper than 2 levels" in d.message for d in result.diagnostics)


def test_limits_come_from_the_configuration(tmp_path):
    many = "".join(
        f'resource "aws_db_instance" "d{i}" {{\n  publicly_accessible = true\n}}\n'
        for i in range(5)
    )
    (tmp_path / "main.tf").write_text(many)
    (tmp_path / ".infralint.toml").write_text(
        'select = ["IL101"]\n[limits]\nfindings_per_rule = 2\n'
    )
    done = CliRunner().invoke(cli.main, ["scan", "--format", "json", str(tmp_path)])
    report = json.loads(done.stdout)
    assert len(report["findings"]) == 2
    (tmp_path / ".infralint.toml").write_text("[limits]\nyaml_nodes = 0\nsteps = 3\n")
    done = CliRunner().invoke(cli.main, ["scan", str(tmp_path)])
    assert done.exit_code == 2
    assert "limits.yaml_nodes: must be at least 1" in done.output
    assert "unknown key 'limits.steps'" in done.output
