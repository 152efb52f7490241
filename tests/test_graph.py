"""Focused tests of the Terraform evaluation behind the fixtures: references that need more
than one step after their root name, and exact spans of empty blocks."""

from __future__ import annotations

from infralint.graph.hcl_eval import Encoded
from infralint.model import Ref, Unknown
from infralint.parse.terraform import parse
from tests.conftest import run


def _scan(tmp_path, files: dict[str, str], rules):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return run([tmp_path], rules)


def _resource(result, address):
    return next(r for r in result.graph.resources.values() if r.address == address)


def test_data_source_reference_is_a_graph_edge(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "main.tf": """
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}

resource "aws_kms_key" "main" {
  policy = data.aws_iam_policy_document.key.json
}
"""
        },
        rules,
    )
    key = _resource(result, "aws_kms_key.main")
    assert key.attrs["policy"] == Ref("data.aws_iam_policy_document.key", "json")
    assert "data.aws_iam_policy_document.key" in key.refs
    # consumed by a KMS key: a key policy, where kms:* for the account root is the default
    assert not [f for f in result.findings if f.rule_id == "IL501"]


def test_module_outputs_are_evaluated(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "main.tf": """
module "settings" {
  source = "./settings"
}

resource "aws_db_instance" "main" {
  engine                  = "postgres"
  publicly_accessible     = module.settings.public
  backup_retention_period = module.settings.backup.days
}
""",
            "settings/outputs.tf": """
output "public" {
  value = true
}

output "backup" {
  value = { days = 0 }
}
""",
        },
        rules,
    )
    db = _resource(result, "aws_db_instance.main")
    assert db.attrs["publicly_accessible"] is True
    assert db.attrs["backup_retention_period"] == 0


def test_index_and_splat_steps_after_nested_traversals(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "main.tf": """
locals {
  ports = { ssh = { number = 22 }, web = { number = 443 } }
  cidrs = [["10.0.0.0/16"], ["0.0.0.0/0"]]
  rules = [{ port = 22 }, { port = 5432 }]
}

resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = "sg-0123456789abcdef0"
  protocol          = "tcp"
  from_port         = local.ports["ssh"].number
  to_port           = local.rules[1].port
  cidr_blocks       = local.cidrs[1]
  description       = join(",", local.rules[*].port)
}
"""
        },
        rules,
    )
    rule = _resource(result, "aws_security_group_rule.ssh")
    assert rule.attrs["from_port"] == 22
    assert rule.attrs["to_port"] == 5432
    assert rule.attrs["cidr_blocks"] == ["0.0.0.0/0"]
    assert rule.attrs["description"] == "22,5432"


def test_empty_block_has_a_span():
    f = parse('data "aws_partition" "current" {}\n\nlocals {}\n', "main.tf")
    spans = [
        (b.type, b.span.line, b.span.end_line, b.span.col, b.span.end_col) for b in f.body.blocks
    ]
    assert spans == [("data", 1, 1, 1, 34), ("locals", 3, 3, 1, 10)]


def test_json_heredoc_with_unknown_interpolations_keeps_its_structure(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "main.tf": """
variable "prefix" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_iam_policy" "data" {
  policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "${aws_s3_bucket.data.arn}"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "${var.prefix}/*"}
  ]
}
EOF
}

resource "aws_iam_user_policy" "not_json" {
  user   = "ci"
  policy = <<EOF
${var.prefix}
EOF
}
"""
        },
        rules,
    )
    policy = _resource(result, "aws_iam_policy.data")
    assert isinstance(policy.attrs["policy"], Encoded)
    first, second = policy.attrs["policy"].value["Statement"]
    assert first["Resource"] == Ref("aws_s3_bucket.data", "arn")
    assert isinstance(second["Resource"], Unknown)
    assert "aws_s3_bucket.data" in policy.refs
    iam = [(f.rule_id, f.span.line) for f in result.findings if f.category == "wildcard-iam"]
    assert iam == [("IL501", 14)]
    assert isinstance(_resource(result, "aws_iam_user_policy.not_json").attrs["policy"], Unknown)
