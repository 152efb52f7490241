"""What infralint prints never gives a secret away: values given from outside the tree are named
by origin, every secret (and any prefix of it longer than four characters) is masked in every
output, and a short password is masked where it is, not wherever the same word appears."""

from __future__ import annotations

import json

from click.testing import CliRunner

from infralint.cli import main
from tests.conftest import write
from tests.hostile.generate import PUBLIC_DB
from tests.test_secrets_detectors import github_token

FORMATS = ("text", "json", "sarif")


def outputs(root, *args, env=None) -> dict[str, str]:
    """Everything printed (stdout and stderr) by a scan of ``root`` in each format."""
    out = {}
    for fmt in FORMATS:
        done = CliRunner().invoke(
            main,
            ["scan", str(root), "--no-cache", "--show-unknown", "--format", fmt, *args],
            env=env,
            catch_exceptions=False,
        )
        out[fmt] = done.stdout + done.stderr
    return out


def rule_hits(printed: dict[str, str]) -> set[tuple[str, int, str]]:
    report, _ = json.JSONDecoder().raw_decode(printed["json"])
    return {(f["path"], f["start_line"], f["rule_id"]) for f in report["findings"]}


OPEN_PORT_TF = """variable "db_port" {}
resource "aws_security_group" "db" {
  ingress {
    from_port   = var.db_port
    to_port     = var.db_port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""
OPEN_PORT_CFN = """AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  DbPort:
    Type: Number
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: db
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: !Ref DbPort
          ToPort: !Ref DbPort
          CidrIp: 0.0.0.0/0
"""


def project(tmp_path, files: dict[str, str]):
    """A scan root holding ``files`` and the known-bad ``main.tf``."""
    return write(tmp_path / "repo", {"main.tf": PUBLIC_DB, **files})


def test_values_from_the_environment_and_command_line_are_never_printed(tmp_path):
    root = project(tmp_path, {"net/main.tf": OPEN_PORT_TF, "cfn.yaml": OPEN_PORT_CFN})
    params = tmp_path / "params.json"
    params.write_text(json.dumps({"DbPort": "54330"}))
    for args, env, origin in (
        ((), {"TF_VAR_db_port": "54329"}, "<value of TF_VAR_db_port>"),
        (("--var", "db_port=54329"), {}, "<value of --var db_port>"),
    ):
        printed = outputs(root, "--cfn-params", params, *args, env=env)
        for fmt, text in printed.items():
            assert "54329" not in text and "54330" not in text, fmt
            assert origin in text and "<value of --cfn-params DbPort>" in text, fmt
        assert {("net/main.tf", 7, "IL201"), ("cfn.yaml", 14, "IL201")} <= rule_hits(printed)
        assert ("main.tf", 2, "IL101") in rule_hits(printed)


def test_a_prefix_of_a_secret_is_masked_in_diagnostics(tmp_path):
    token = github_token()
    root = project(
        tmp_path,
        {"app.tf": f'token = "{token}"\n# infralint:{token[:-1]} reason=x\nlocals {{}}\n'},
    )
    printed = outputs(root)
    for fmt, text in printed.items():
        assert token[:5] not in text.replace("ghp_****", ""), fmt
        assert "malformed suppression" in text, fmt
    assert {("app.tf", 1, "IL305"), ("main.tf", 2, "IL101")} <= rule_hits(printed)


GITEA = """services:
  gitea:
    image: gitea/gitea
    environment:
      - DB_PASSWD=gitea
      - DB_PASSWORD=Zx7Qw2Lp9Rk4Tn8VmB3c
"""


def test_a_short_password_is_masked_where_it_is_not_where_the_word_appears(tmp_path):
    root = project(tmp_path, {"compose.yaml": GITEA})
    printed = outputs(root)
    for fmt, text in printed.items():
        assert "services.****" not in text, fmt
        assert "Zx7Qw2Lp9" not in text and "=gitea" not in text, fmt
    assert "DB_PASSWD=****" in printed["text"]
    report, _ = json.JSONDecoder().raw_decode(printed["json"])
    first = next(f for f in report["findings"] if f["start_line"] == 5)
    assert first["resource"] == "services.gitea"
    assert (
        first["message"] == "environment variable DB_PASSWD of services.gitea is a literal secret"
    )
    assert ("main.tf", 2, "IL101") in rule_hits(printed)


def test_aws_secret_key_in_a_terraform_heredoc_is_found(tmp_path):
    key = "Kx9vQ2mT7pL4wR8sB1yC5nD3fG6hJ0kZ2aE4uI7o"
    root = project(
        tmp_path,
        {
            "web/main.tf": 'resource "aws_instance" "web" {\n'
            '  ami       = "ami-123"\n'
            "  user_data = <<-EOF\n"
            "    #!/bin/bash\n"
            f"    export AWS_SECRET_ACCESS_KEY={key}\n"
            "    aws s3 ls\n"
            "  EOF\n"
            "}\n"
        },
    )
    printed = outputs(root)
    assert {("web/main.tf", 5, "IL302"), ("main.tf", 2, "IL101")} <= rule_hits(printed)
    for fmt, text in printed.items():
        assert key[:5] not in text, fmt


def test_a_secret_in_a_resource_name_reaches_no_output_nor_the_baseline(tmp_path):
    token = github_token()
    root = project(
        tmp_path,
        {"app.tf": f'resource "aws_db_instance" "{token}" {{\n  publicly_accessible = true\n}}\n'},
    )
    printed = outputs(root)
    for fmt, text in printed.items():
        assert token[:5] not in text, fmt
    assert {("app.tf", 2, "IL101"), ("app.tf", 1, "IL305")} <= rule_hits(printed)
    baseline = tmp_path / "baseline.json"
    done = CliRunner().invoke(
        main, ["scan", str(root), "--no-cache", "--write-baseline", str(baseline)]
    )
    assert done.exit_code == 0, done.output
    written = json.loads(baseline.read_text())
    assert token[:5] not in baseline.read_text()
    assert {("main.tf", "IL101"), ("app.tf", "IL101")} <= {
        (e["path"], e["rule_id"]) for e in written["findings"]
    }


def test_a_common_word_password_is_masked_only_where_it_is_written(tmp_path):
    compose = (
        "services:\n  db:\n    image: postgres:16\n    environment:\n"
        "      POSTGRES_PASSWORD: postgres\n    ports:\n      - '5432:5432'\n"
    )
    root = project(tmp_path, {"pg/compose.yaml": compose})
    printed = outputs(root)
    text = printed["text"]
    assert "POSTGRES_PASSWORD: ****" in text
    assert "image: postgres:16" in text and "image: ****" not in text
    assert "postgres service services.db publishes its database port 5432:5432" in text
    for fmt, out in printed.items():
        assert "PASSWORD: postgres" not in out, fmt
    assert {("pg/compose.yaml", 5, "IL301"), ("pg/compose.yaml", 7, "IL101")} <= rule_hits(printed)
    assert ("main.tf", 2, "IL101") in rule_hits(printed)


def test_a_name_that_merely_starts_like_a_secret_is_not_garbled():
    """A cut-off copy of a secret (a quoted token) is masked; a longer name that shares only
    its first characters is left readable."""
    from infralint.secrets.redact import redact_text

    secret = "HelloWorldFunctionSecret99"
    assert redact_text("attached to HelloEfsFunction", [secret]) == "attached to HelloEfsFunction"
    assert redact_text("HelloWorldFunctionSecret99", [secret]) == "Hell****"
    assert redact_text("unexpected 'HelloWorldFunctionSecret9'", [secret]) == (
        "unexpected 'Hell****'"
    )
    assert "HelloWorld" not in redact_text("bad token HelloWorldFunct", [secret])


DERIVED_TF = """variable "db_password" {}
resource "aws_db_instance" "split" {
  for_each            = toset(split("4", var.db_password))
  publicly_accessible = true
}
resource "aws_db_instance" "cut" {
  for_each            = toset([substr(var.db_password, 0, 15)])
  publicly_accessible = true
}
"""


def test_a_part_of_a_value_from_outside_is_named_by_its_origin(tmp_path):
    """``split``/``substr`` of a value from the environment or the command line leaks no part
    of it that could carry the secret."""
    root = project(tmp_path, {"db/main.tf": DERIVED_TF})
    for args, env, origin in (
        ((), {"TF_VAR_db_password": "EnvSecretValue42"}, "<value of TF_VAR_db_password>"),
        (("--var", "db_password=EnvSecretValue42"), {}, "<value of --var db_password>"),
    ):
        printed = outputs(root, *args, env=env)
        for fmt, text in printed.items():
            assert "EnvSecret" not in text, fmt
            assert origin in text, fmt
        hits = rule_hits(printed)
        assert {("db/main.tf", 4, "IL101"), ("db/main.tf", 8, "IL101")} <= hits
        assert ("main.tf", 2, "IL101") in hits
