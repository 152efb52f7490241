"""The AWS pack's data-store, messaging, key and secret rules from the command line: names and
categories of the JSON contract, options, default-off rules, and where findings point."""

from __future__ import annotations

import json

from tests.conftest import infralint, write

# rule id: (name, category, on by default)
PACK = {
    "IL309": ("secret-parameter-not-noecho", "committed-secret", True),
    "IL310": ("iam-access-key-created", "committed-secret", True),
    "IL701": ("rds-storage-unencrypted", "encryption", True),
    "IL703": ("efs-unencrypted", "encryption", True),
    "IL704": ("elasticache-unencrypted", "encryption", True),
    "IL705": ("opensearch-unencrypted", "encryption", True),
    "IL706": ("redshift-unencrypted", "encryption", True),
    "IL707": ("queue-or-topic-unencrypted", "encryption", True),
    "IL708": ("kms-key-rotation-disabled", "encryption", True),
    "IL710": ("log-group-unencrypted", "encryption", False),
    "IL711": ("secret-without-rotation", "encryption", False),
    "IL807": ("opensearch-https-not-enforced", "tls", True),
    "IL808": ("tls-not-required", "tls", True),
    "IL1001": ("rds-deletion-protection-disabled", "resilience", True),
    "IL1002": ("backup-retention-short", "resilience", True),
    "IL1003": ("rds-single-az", "resilience", False),
    "IL1004": ("elasticache-no-failover", "resilience", True),
    "IL1008": ("mysql-durability-relaxed", "resilience", True),
    "IL1105": ("rds-reserved-username", "correctness", True),
    "IL1108": ("final-snapshot-identifier-missing", "correctness", True),
}

DATABASE = """\
resource "aws_db_instance" "orders" {
  identifier                = "orders"
  engine                    = "postgres"
  instance_class            = "db.t4g.medium"
  storage_encrypted         = true
  deletion_protection       = true
  final_snapshot_identifier = "orders-final"
  backup_retention_period   = 10
}

resource "aws_cloudwatch_log_group" "orders" {
  name              = "/rds/orders"
  retention_in_days = 30
}
"""


def scan(root, *args):
    done = infralint("scan", "--format", "json", "--no-config", *args, root)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


def test_names_categories_and_defaults_are_the_catalogs():
    listed = json.loads(infralint("rules", "--format", "json").stdout)
    shown = {r["id"]: (r["name"], r["category"], r["enabled"]) for r in listed}
    assert {rule: shown.get(rule) for rule in PACK} == PACK


def test_minimum_backup_retention_is_an_option(tmp_path):
    write(tmp_path, {"db.tf": DATABASE})
    assert [f for f in scan(tmp_path) if f["rule_id"] == "IL1002"] == []
    infralint_toml = "[rules.backup-retention-short]\nmin_retention_days = 14\n"
    write(tmp_path, {"cfg.toml": infralint_toml})
    done = infralint("scan", "--format", "json", "--config", tmp_path / "cfg.toml", tmp_path)
    (finding,) = [f for f in json.loads(done.stdout)["findings"] if f["rule_id"] == "IL1002"]
    assert (finding["path"], finding["start_line"]) == ("db.tf", 8)
    assert finding["message"] == (
        "aws_db_instance.orders keeps automated backups for 10 days, fewer than 14"
    )


def test_rules_off_by_default_run_when_selected(tmp_path):
    write(tmp_path, {"db.tf": DATABASE})
    assert {f["rule_id"] for f in scan(tmp_path)} == set()
    every = scan(tmp_path, "--select", "all")
    selected = {
        (f["rule_id"], f["start_line"])
        for f in every
        if f["category"] in ("encryption", "resilience")
    }
    assert selected == {("IL1003", 1), ("IL710", 11)}
    assert {"IL908", "IL909"} <= {f["rule_id"] for f in every}  # project-level, off too
    by_category = scan(tmp_path, "--select", "encryption")
    assert [(f["rule_id"], f["rule_name"]) for f in by_category] == [
        ("IL710", "log-group-unencrypted")
    ]


def test_a_resource_finding_does_not_claim_a_value_came_from_a_parameter(tmp_path):
    """A secret whose SecretString substitutes a parameter: the finding is about the secret,
    and its message must not say a value came from the parameter's default."""
    template = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BrokerUser:
    Type: String
    Default: orders
Resources:
  BrokerSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      SecretString: !Sub '{"username": "${BrokerUser}"}'
"""
    write(tmp_path, {"template.yaml": template})
    (finding,) = scan(tmp_path, "--select", "secret-without-rotation")
    assert finding["start_line"] == 7
    assert finding["message"] == "secret BrokerSecret is never rotated: no rotation refers to it"
