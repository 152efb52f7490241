"""The rule engine, through the real CLI: each fact is handed to the rule on its own, a
failure is attributed to exactly one rule, fact and file, rules read only what they declare,
options come from ``[rules.<name>]``, rules may be off by default, and a severity override
keeps a rule's escalation steps."""

from __future__ import annotations

import json
import textwrap

from tests.conftest import infralint, run

TERRAFORM = """\
resource "aws_db_instance" "a" {
  publicly_accessible = true
}
resource "aws_db_instance" "bad" {
  publicly_accessible = true
}
resource "aws_db_instance" "c" {
  publicly_accessible = true
}
resource "aws_security_group" "web" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

PROBE = '''
"""A probe rule with a bug: it fails on one database."""

ID = "XX901"
NAME = "probe"
CATEGORY = "probe"
SEVERITY = "low"
FACTS = ("ManagedDatabase", "IngressRule")
{extra}


def check(ctx, fact):
    {body}
    if fact.resource.address == "aws_db_instance.bad":
        raise KeyError("boom")
    yield ctx.finding(fact.resource, fact.path, f"judged {{type(fact).__name__}}")
'''


def scan(tmp_path, *args, config="", probe=None):
    (tmp_path / "main.tf").write_text(TERRAFORM)
    if probe is not None:
        (tmp_path / "probe.py").write_text(probe)
        config = 'rules_paths = ["probe.py"]\n' + config
    (tmp_path / ".infralint.toml").write_text(config)
    done = infralint("scan", "--format", "json", "--allow-local-rules", *args, ".", cwd=tmp_path)
    return done, (json.loads(done.stdout) if done.stdout.startswith("{") else None)


def probe(extra="", body="pass"):
    return textwrap.dedent(PROBE).format(extra=extra, body=body)


def test_a_rule_raising_on_one_fact_leaves_every_other_fact_judged(tmp_path):
    done, report = scan(tmp_path, "--select", "XX901", probe=probe())
    judged = sorted(
        (f["resource"], f["start_line"], f["message"])
        for f in report["findings"]
        if f["rule_id"] == "XX901"
    )
    assert judged == [
        ("aws_db_instance.a", 1, "judged ManagedDatabase"),
        ("aws_db_instance.c", 7, "judged ManagedDatabase"),
        ("aws_security_group.web", 11, "judged IngressRule"),
        ("aws_security_group.web", 17, "judged IngressRule"),
    ]
    (failure,) = report["diagnostics"]
    assert (failure["path"], failure["line"], failure["stage"]) == ("main.tf", 4, "check")
    assert failure["message"] == (
        "internal error while checking (rule XX901 probe on ManagedDatabase of "
        "aws_db_instance.bad): KeyError: 'boom'"
    )
    assert done.returncode == 2


def test_a_rule_reads_only_the_fact_kinds_it_declares(tmp_path):
    body = 'ctx.facts("Attachment")'
    _, report = scan(tmp_path, "--select", "XX901", probe=probe(body=body))
    assert not [f for f in report["findings"] if f["rule_id"] == "XX901"]
    assert len(report["diagnostics"]) == 5  # one per fact, each naming what was not declared
    assert all(
        "UndeclaredFact: Attachment is not among the FACTS or READS of rule XX901" in d["message"]
        for d in report["diagnostics"]
    )
    _, report = scan(
        tmp_path, "--select", "XX901", probe=probe('READS = ("Attachment",)', body=body)
    )
    assert len([f for f in report["findings"] if f["rule_id"] == "XX901"]) == 4


def test_rule_options_are_configured_under_rules_name(tmp_path):
    done, report = scan(tmp_path, "--select", "open-ingress")
    assert sorted(f["start_line"] for f in report["findings"]) == [15, 21]
    config = "[rules.open-ingress]\nweb_ports = [80, 443, 8080]\n"
    done, report = scan(tmp_path, "--select", "open-ingress", config=config)
    assert [f["start_line"] for f in report["findings"]] == [15]


def test_a_bad_option_is_a_usage_error_naming_it(tmp_path):
    for config, problem in (
        ('[rules.open-ingress]\nweb_ports = "80"\n', "web_ports: must be a list (got '80')"),
        ("[rules.IL201]\nweb_ports = [true]\n", "web_ports: each item must be int (got [True])"),
        (
            "[rules.open-ingress]\nports = [80]\n",
            "unknown option 'ports' (options of open-ingress: web_ports)",
        ),
    ):
        done, _ = scan(tmp_path, config=config)
        assert done.returncode == 2
        assert done.stderr == f"infralint: .infralint.toml: [rules.open-ingress] {problem}\n"


def test_minimum_backup_retention_is_an_option(tmp_path):
    (tmp_path / "db.tf").write_text(
        'resource "aws_db_instance" "short" {\n  backup_retention_period = 3\n}\n'
    )
    _, report = scan(tmp_path, "--select", "IL401")
    assert report["findings"] == []
    _, report = scan(
        tmp_path, "--select", "IL401", config="[rules.IL401]\nmin_retention_days = 7\n"
    )
    (finding,) = report["findings"]
    assert (finding["path"], finding["start_line"]) == ("db.tf", 2)
    assert finding["message"] == "aws_db_instance.short keeps backups for 3 days, fewer than 7"


def test_a_rule_off_by_default_runs_only_when_selected(tmp_path):
    off = probe("ENABLED = False").replace('raise KeyError("boom")', "return")

    def probed(*args):
        _, report = scan(tmp_path, *args, probe=off)
        return len([f for f in report["findings"] if f["rule_id"] == "XX901"])

    assert probed() == 0
    assert probed("--select", "IL101") == 0
    for selector in ("XX901", "probe", "all"):
        assert probed("--select", selector) == 4, selector
    listed = {
        r["id"]: r["enabled"] for r in json.loads(infralint("rules", "--format", "json").stdout)
    }
    assert listed["IL101"] and not listed["IL709"]  # `infralint rules` says which are off


def test_a_severity_override_keeps_the_rules_escalation(tmp_path):
    (tmp_path / "iam.tf").write_text(
        'resource "aws_iam_policy" "all" {\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*" }] })\n'
        "}\n"
        'resource "aws_iam_policy" "s3" {\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*" }] })\n'
        "}\n"
    )

    def severities(config=""):
        _, report = scan(tmp_path, "--select", "IL501", config=config)
        return {f["resource"]: f["severity"] for f in report["findings"]}

    assert severities() == {"aws_iam_policy.all": "critical", "aws_iam_policy.s3": "high"}
    lowered = severities('[severity]\nIL501 = "medium"\n')
    assert lowered == {"aws_iam_policy.all": "high", "aws_iam_policy.s3": "medium"}
    raised = severities('[severity]\niam-wildcard-action = "critical"\n')
    assert raised == {"aws_iam_policy.all": "critical", "aws_iam_policy.s3": "critical"}


def test_rules_share_state_through_the_scan_not_the_graph(tmp_path, rules):
    (tmp_path / "main.tf").write_text(TERRAFORM)
    (tmp_path / ".env").write_text("API_TOKEN=ghp_" + "a1B2c3D4e5" * 3 + "f6G7h8\n")
    result = run([tmp_path], rules)
    assert {f.rule_id for f in result.findings} >= {"IL101", "IL201"}
    graph = result.graph
    assert set(vars(graph)) == {f for f in type(graph).__dataclass_fields__}
