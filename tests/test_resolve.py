"""How values are resolved before rules judge them: modules, Terraform JSON, CloudFormation
parameters and conditions, compose layering, and the honest list of what stayed unknown."""

from __future__ import annotations

import json

import pytest

from infralint.model import Severity
from tests.conftest import FIXTURES, infralint, run


def _ids(result, rule_id):
    return [f for f in result.findings if f.rule_id == rule_id and not f.suppressed]


def test_module_instantiated_twice_yields_one_public_database(rules):
    result = run([FIXTURES / "public-database" / "bad-tf-module-twice"], rules)
    found = _ids(result, "IL101")
    assert len(found) == 1
    (f,) = found
    assert f.path == "modules/database/main.tf"
    assert f.span.line == 14
    assert f.resource == "module.reporting.aws_db_instance.this"
    assert "[via module.reporting (main.tf:1)]" in f.message
    assert "module.reporting input public, main.tf:4" in f.message


def test_remote_module_is_one_info_diagnostic(rules):
    result = run([FIXTURES / "public-database" / "good-tf-remote-module"], rules)
    assert [(d.path, d.line, d.level) for d in result.diagnostics] == [("main.tf", 2, "info")]
    assert "not scanned" in result.diagnostics[0].message


def test_downloaded_module_is_read_from_modules_json(rules):
    result = run([FIXTURES / "public-database" / "bad-tf-downloaded-module"], rules)
    (f,) = _ids(result, "IL101")
    assert f.path == ".terraform/modules/analytics/main.tf"
    assert f.resource == "module.analytics.aws_db_instance.this"
    assert not result.diagnostics


def test_count_zero_makes_no_resource(rules):
    result = run([FIXTURES / "public-database" / "good-tf-module-private"], rules)
    addresses = {r.address for r in result.graph.resources.values()}
    assert "module.orders.aws_db_instance.this" in addresses
    assert not any(a.startswith("aws_db_instance.debug") for a in addresses)


def _scan(tmp_path, files: dict[str, str], rules, **options):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return run([tmp_path], rules, **options)


def test_comparison_before_conditional_binds_tighter(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "main.tf": """
variable "env" {
  default = "staging"
}

resource "aws_db_instance" "a" {
  count               = var.env == "prod" ? 1 : 0
  engine              = "postgres"
  publicly_accessible = true
}

resource "aws_db_instance" "b" {
  engine              = "postgres"
  publicly_accessible = var.env != "prod" && var.env == "staging" ? true : false
}
"""
        },
        rules,
    )
    addresses = {r.address for r in result.graph.resources.values()}
    assert addresses == {"aws_db_instance.b"}
    assert [f.resource for f in _ids(result, "IL101")] == ["aws_db_instance.b"]


def test_terraform_json_module_call(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "main.tf.json": """{
  "module": {
    "db": {"source": "./db", "public": "${1 == 1}"}
  }
}
""",
            "db/main.tf": """variable "public" {}
resource "aws_db_instance" "this" {
  engine              = "mysql"
  publicly_accessible = var.public
}
""",
        },
        rules,
    )
    (f,) = _ids(result, "IL101")
    assert (f.path, f.span.line, f.resource) == ("db/main.tf", 4, "module.db.aws_db_instance.this")
    assert "[via module.db (main.tf.json:3)]" in f.message


def test_cfn_params_choose_the_condition_branch(tmp_path):
    import json

    from tests.test_cli import infralint

    case = FIXTURES / "public-database" / "bad-cfn-yaml-resolved"
    aws_list = tmp_path / "params.json"
    aws_list.write_text(
        json.dumps(
            [
                {"ParameterKey": "Environment", "ParameterValue": "staging"},
                {"ParameterKey": "AdminCidr", "ParameterValue": "10.20.0.0/16"},
            ]
        )
    )
    mapping = tmp_path / "params-map.json"
    mapping.write_text(json.dumps({"Environment": "prod"}))

    def found(*extra):
        done = infralint(
            "scan",
            "--format",
            "json",
            "--select",
            "public-database,open-ingress,wildcard-iam",
            *extra,
            case,
        )
        report = json.loads(done.stdout)
        return sorted((f["rule_id"], f["start_line"]) for f in report["findings"])

    everything = [("IL101", 41), ("IL101", 55), ("IL201", 66), ("IL201", 70), ("IL501", 84)]
    assert found() == everything  # the defaults: prod, open admin CIDR
    # staging: IsProd is false (private database, no archive database), admin CIDR private
    assert found("--cfn-params", aws_list) == [("IL201", 70), ("IL501", 84)]
    assert found("--cfn-params", mapping) == everything


def test_show_unknown_lists_what_rules_needed(tmp_path):
    import json

    from tests.test_cli import infralint

    (tmp_path / "main.tf").write_text(
        'variable "public" {}\n'
        'resource "aws_db_instance" "a" {\n'
        '  engine              = "postgres"\n'
        "  publicly_accessible = var.public\n"
        "}\n"
    )
    (tmp_path / "stack.yaml").write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\n'
        "Parameters:\n"
        "  Public:\n"
        "    Type: String\n"
        "Resources:\n"
        "  Db:\n"
        "    Type: AWS::RDS::DBInstance\n"
        "    Properties:\n"
        "      Engine: mysql\n"
        "      DBSubnetGroupName: private\n"
        "      PubliclyAccessible: !Ref Public\n"
    )
    (tmp_path / "compose.yaml").write_text(
        'services:\n  db:\n    image: postgres:16\n    ports:\n      - "${DB_PORT}:5432"\n'
    )
    done = infralint("scan", "--format", "json", "--show-unknown", tmp_path)
    unknowns = {
        (u["path"], u["line"], u["expression"]): u["reason"]
        for u in json.loads(done.stdout)["unknowns"]
    }
    assert "no value" in unknowns[("main.tf", 4, "var.public")]
    assert "no default" in unknowns[("stack.yaml", 11, "PubliclyAccessible: !Ref Public")]
    assert "DB_PORT" in unknowns[("compose.yaml", 5, '- "${DB_PORT}:5432"')]
    text = infralint("scan", "--show-unknown", tmp_path).stdout
    assert "main.tf:4: `var.public` variable 'public' has no value" in text


def test_compose_override_ports_point_into_the_override_file(rules):
    result = run([FIXTURES / "public-database" / "bad-compose-layered"], rules)
    db = next(f for f in _ids(result, "IL101") if f.resource == "services.db")
    assert (db.path, db.span.line) == ("compose.override.yaml", 4)
    resources = {r.address: r for r in result.graph.resources.values() if r.scope == "compose.yaml"}
    # merged by Compose's rules: the loopback port of the base and the override's port
    assert resources["services.db"].attrs["ports"] == ["127.0.0.1:5432:5432", "5433:5432"]
    assert resources["services.db"].attrs["image"] == "postgres:16"  # ${PG_TAG-16}
    assert resources["services.cache"].attrs["command"][2] == "$SAVE_INTERVAL"  # $$
    assert resources["services.api"].attrs["environment"] == {"LOG_LEVEL": "info"}  # env_file
    assert resources["services.worker"].attrs["image"] == "ghcr.io/example/api:1.4.2"  # extends
    assert "services.mongo" in resources  # include


def test_docker_compose_override_and_included_file(tmp_path, rules):
    result = _scan(
        tmp_path,
        {
            "docker-compose.yml": (
                "include:\n  - stacks/db.yaml\n"
                "services:\n  cache:\n    image: redis:7\n    volumes: [data:/data]\n"
            ),
            "docker-compose.override.yml": (
                "services:\n  cache:\n    ports:\n      - target: 6379\n        published: 6379\n"
            ),
            "stacks/db.yaml": (
                "services:\n  db:\n    image: mysql:8\n    volumes: [db:/var/lib/mysql]\n"
                '    ports: ["3306:3306"]\n'
            ),
        },
        rules,
    )
    found = sorted((f.path, f.span.line, f.resource) for f in _ids(result, "IL101"))
    assert found == [
        ("docker-compose.override.yml", 4, "services.cache"),
        ("stacks/db.yaml", 5, "services.db"),
    ]


def test_alb_open_on_web_ports_and_app_on_8000_is_one_finding(rules):
    result = run([FIXTURES / "open-ingress" / "bad-tf-alb-and-app"], rules)
    (f,) = _ids(result, "IL201")
    assert f.resource == "aws_security_group_rule.app_debug"
    assert "attached to aws_ecs_service.shop" in f.message


def test_world_open_group_makes_a_public_database_critical(rules):
    result = run([FIXTURES / "public-database" / "bad-tf-world-open-group"], rules)
    critical = sorted((f.resource, str(f.severity)) for f in _ids(result, "IL101"))
    assert critical == [
        ("aws_db_instance.legacy", "critical"),
        ("aws_db_instance.orders", "critical"),
    ]
    result = run([FIXTURES / "public-database" / "bad-tf-publicly-accessible"], rules)
    assert {str(f.severity) for f in _ids(result, "IL101")} <= {"high", "medium"}


def test_two_root_modules_calling_one_module_keep_both_findings(tmp_path, rules):
    call = 'module "db" {{\n  source = "../../modules/db"\n  public = {}\n}}\n'
    result = _scan(
        tmp_path,
        {
            "examples/a/main.tf": call.format("true"),
            "examples/b/main.tf": call.format("true"),
            "examples/c/main.tf": call.format("false"),
            "modules/db/main.tf": 'variable "public" {}\nresource "aws_db_instance" "this" {\n'
            '  engine              = "postgres"\n'
            "  publicly_accessible = var.public\n}\n",
        },
        rules,
    )
    found = sorted(f.message.split("[via ")[1] for f in _ids(result, "IL101"))
    assert found == ["module.db (examples/a/main.tf:1)]", "module.db (examples/b/main.tf:1)]"]


@pytest.mark.parametrize("case", ["bad-tf-internet-routed", "bad-cfn-yaml-internet-routed"])
def test_public_database_in_internet_routed_subnets_is_critical(case, rules):
    result = run([FIXTURES / "public-database" / case], rules)
    [finding] = _ids(result, "IL101")
    assert finding.severity == Severity.CRITICAL
    assert "route to the internet gateway" in finding.message


def test_a_counted_public_subnet_is_reported_once_per_subnet_group(tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_subnet" "db" {\n'
        "  count                   = 3\n"
        '  vpc_id                  = "vpc-0a1b2c3d"\n'
        "  map_public_ip_on_launch = true\n"
        "}\n"
        'resource "aws_db_subnet_group" "db" {\n'
        "  subnet_ids = [aws_subnet.db[0].id, aws_subnet.db[1].id, aws_subnet.db[2].id]\n"
        "}\n"
    )
    done = infralint("scan", "--select", "database-in-public-subnet", "--format", "json", tmp_path)
    findings = json.loads(done.stdout)["findings"]
    assert [(f["path"], f["start_line"], f["attribute"]) for f in findings] == [
        ("main.tf", 7, "subnet_ids[0]")
    ]
