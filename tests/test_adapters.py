"""Adapters: a source snippet of each format → the facts rules read, each field a ``Value``
that says whether it is written (and where), defaulted (and why) or unknown."""

from __future__ import annotations

from infralint.facts.values import DEFAULT, EXPLICIT, UNKNOWN
from tests.conftest import run


def facts(tmp_path, rules, name, text, kind):
    (tmp_path / name).write_text(text)
    result = run([tmp_path], rules)
    return result.graph.facts[kind]


def line(fact, value):
    """The line a value is written on (its own span, else its attribute's)."""
    return value.span.line if value.span else fact.resource.location(value.path)[1].line


def test_terraform_database(tmp_path, rules):
    (db,) = facts(
        tmp_path,
        rules,
        "main.tf",
        "\n"
        'resource "aws_db_instance" "main" {\n'
        '  engine                  = "postgres"\n'
        "  backup_retention_period = 0\n"
        "}\n",
        "ManagedDatabase",
    )
    public = db.publicly_accessible
    assert (public.value, public.origin, public.path) == (False, DEFAULT, ("publicly_accessible",))
    assert public.reason == "the AWS provider sends false when publicly_accessible is not set"
    retention = db.backup_retention
    assert (retention.value, retention.origin, line(db, retention)) == (0, EXPLICIT, 4)
    assert (db.port.value, db.port.origin, db.port.reason) == (
        5432,
        DEFAULT,
        "the default port of postgres",
    )
    assert (db.engine.value, line(db, db.engine)) == ("postgres", 3)
    assert db.skip_final_snapshot.value is False and db.skip_final_snapshot.defaulted


def test_terraform_database_unknown_and_explicit(tmp_path, rules):
    other = facts(
        tmp_path,
        rules,
        "main.tf",
        'variable "engine" {}\n'
        'resource "aws_db_instance" "other" {\n'
        "  engine              = var.engine\n"
        "  publicly_accessible = true\n"
        "  port                = 6543\n"
        "}\n",
        "ManagedDatabase",
    )[0]
    assert other.engine.origin == UNKNOWN and other.engine.reason
    assert (other.publicly_accessible.value, line(other, other.publicly_accessible)) == (True, 4)
    assert (other.port.value, other.port.origin, line(other, other.port)) == (6543, EXPLICIT, 5)


CFN = """\
Resources:
  Public:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Delete
    Properties:
      Engine: mysql
  Grouped:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBSubnetGroupName: private
"""


def test_cloudformation_database_defaults(tmp_path, rules):
    public, grouped = facts(tmp_path, rules, "template.yaml", CFN, "ManagedDatabase")
    flag = public.publicly_accessible
    assert (flag.value, flag.origin) == (True, DEFAULT)
    assert "there is no DBSubnetGroupName" in flag.reason
    assert (grouped.publicly_accessible.value, grouped.publicly_accessible.origin) == (
        None,
        DEFAULT,
    )
    assert grouped.publicly_accessible.reason.endswith("the DB subnet group decides")
    policy = public.deletion_policy
    assert (policy.value, policy.origin, line(public, policy)) == ("Delete", EXPLICIT, 4)
    assert ("<DeletionPolicy>",) not in public.resource.spans  # the adapter leaves it alone
    assert (grouped.deletion_policy.value, grouped.deletion_policy.origin) == ("Snapshot", DEFAULT)
    assert (public.port.value, public.port.origin) == (3306, DEFAULT)


def test_ingress_rules_of_both_formats(tmp_path, rules):
    (tmp_path / "main.tf").write_text(
        'resource "aws_security_group" "web" {\n'
        "  ingress {\n"
        '    protocol    = "-1"\n'
        "    from_port   = 0\n"
        "    to_port     = 0\n"
        '    cidr_blocks = ["0.0.0.0/0"]\n'
        "  }\n"
        "}\n"
    )
    (tmp_path / "template.yaml").write_text(
        "Resources:\n"
        "  Open:\n"
        "    Type: AWS::EC2::SecurityGroupIngress\n"
        "    Properties:\n"
        "      GroupId: sg-1\n"
        "      CidrIp: 0.0.0.0/0\n"
    )
    result = run([tmp_path], rules)
    by_file = {f.resource.path: f for f in result.graph.facts["IngressRule"]}
    tf, cfn = by_file["main.tf"], by_file["template.yaml"]
    assert (tf.protocol.value, tf.protocol.origin, line(tf, tf.protocol)) == ("all", EXPLICIT, 3)
    assert (line(tf, tf.from_port), line(tf, tf.cidrs[0])) == (4, 6)
    assert (cfn.protocol.value, cfn.protocol.origin) == (None, DEFAULT)
    assert (cfn.cidrs[0].value, line(cfn, cfn.cidrs[0])) == ("0.0.0.0/0", 6)


def test_policy_statement_effect(tmp_path, rules):
    (stmt,) = facts(
        tmp_path,
        rules,
        "main.tf",
        'resource "aws_iam_policy" "p" {\n'
        '  policy = jsonencode({ Statement = [{ Action = "s3:*" }] })\n'
        "}\n",
        "PolicyStatement",
    )
    assert (stmt.effect.value, stmt.effect.origin) == ("Allow", DEFAULT)
    assert stmt.effect.reason == "a statement without Effect is read as Allow"
    actions = stmt.actions
    assert (actions.value, actions.origin) == (["s3:*"], EXPLICIT)
    assert actions.path == ("policy", "Statement", 0, "Action") and line(stmt, actions) == 2
    assert (stmt.resources.value, stmt.resources.origin) == ([], DEFAULT)


def test_compose_service(tmp_path, rules):
    (svc,) = facts(
        tmp_path,
        rules,
        "docker-compose.yml",
        "services:\n  db:\n    image: postgres:16\n    network_mode: host\n",
        "Container",
    )
    assert (svc.network_mode.value, line(svc, svc.network_mode)) == ("host", 4)
    assert (svc.image.value, line(svc, svc.image)) == ("postgres:16", 3)
    assert svc.database == "postgres"


def test_shape_reads_nested_blocks_defaults_and_readers(tmp_path, rules):
    from dataclasses import dataclass

    from infralint.facts import Fact
    from infralint.facts.shapes import Field, Shape, read
    from infralint.facts.values import ABSENT, Value, known

    @dataclass(slots=True)
    class Lb(Fact):
        logs: Value = ABSENT
        internal: Value = ABSENT
        name: Value = ABSENT

    shape = Shape(
        Lb,
        types={
            "terraform": ("aws_lb",),
            "cloudformation": ("AWS::ElasticLoadBalancingV2::LoadBalancer",),
        },
        fields={
            "logs": Field({"terraform": "access_logs.enabled"}, absent=False, reason="off"),
            "internal": Field({"terraform": "internal"}, absent=False, reason="public"),
            "name": Field({"terraform": lambda res: known(res.address)}),
        },
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_lb" "a" {\n  access_logs {\n    enabled = true\n  }\n}\n'
    )
    (res,) = run([tmp_path], rules).graph.resources.values()
    lb = read(shape, res, "terraform")
    assert (lb.logs.origin, lb.logs.value, lb.logs.path) == (
        EXPLICIT,
        True,
        ("access_logs", 0, "enabled"),
    )
    assert res.span_of(lb.logs.path).line == 3
    assert (lb.internal.origin, lb.internal.value, lb.internal.reason) == (DEFAULT, False, "public")
    assert lb.name.value == "aws_lb.a"
    assert read(shape, res, "cloudformation").logs.origin == DEFAULT


def test_ecs_container_definitions_of_both_formats(tmp_path, rules):
    (tmp_path / "main.tf").write_text(
        """resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  container_definitions = jsonencode([
    {
      name  = "web"
      image = "nginx:1.27"
      user  = "root"
      environment = [
        { name = "MODE", value = "prod" }
      ]
      secrets = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:ssm:eu-west-1:1:parameter/db" }]
    }
  ])
}
"""
    )
    (tmp_path / "t.yaml").write_text(
        """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: api
          Image: api:1.2
          Privileged: true
"""
    )
    by_name = {c.name: c for c in run([tmp_path], rules).graph.facts["Container"]}
    web, api = by_name["web"], by_name["api"]
    assert (web.runtime, api.runtime) == ("ecs-fargate", "ecs-ec2")
    assert (web.image.value, line(web, web.image)) == ("nginx:1.27", 7)
    assert (web.user.value, line(web, web.user)) == ("root", 8)
    assert [(e.name, e.value.value, line(web, e.value)) for e in web.environment] == [
        ("MODE", "prod", 10)
    ]
    assert web.secrets[0].value.value.startswith("arn:aws:ssm")
    assert web.privileged.origin == DEFAULT and web.logging.origin == DEFAULT
    assert (api.privileged.value, line(api, api.privileged)) == (True, 9)
    assert api.user.origin == DEFAULT and "root" in api.user.reason


def test_compose_container_settings(tmp_path, rules):
    (tmp_path / "compose.yaml").write_text(
        """services:
  web:
    build: .
    user: "1000"
    cap_add: [NET_ADMIN]
    environment:
      - MODE=prod
    mem_limit: 256m
"""
    )
    (web,) = run([tmp_path], rules).graph.facts["Container"]
    assert web.built and (web.user.value, line(web, web.user)) == ("1000", 4)
    assert web.capabilities.value == ["NET_ADMIN"] and web.memory.value == "256m"
    assert [(e.name, e.value.value, line(web, e.value)) for e in web.environment] == [
        ("MODE", "prod", 7)
    ]


def test_dockerfile_stages_and_the_image_they_build(tmp_path, rules):
    (tmp_path / "Dockerfile").write_text(
        """ARG PY=3.12
FROM python:${PY}-slim AS base
USER 10001
HEALTHCHECK CMD curl -f http://localhost/ || exit 1

FROM base AS app
ARG TOKEN
ENV MODE=prod \\
    API_KEY=$TOKEN
COPY --from=base --chown=app app.py /srv/
ADD --checksum=sha256:ab12 https://example.com/a.tgz /opt/
RUN --mount=type=secret,id=npm npm ci
"""
    )
    graph = run([tmp_path], rules).graph
    (image,) = graph.facts["Container"]
    assert (image.runtime, image.name, image.resource.address) == ("image", "app", "stage.app")
    assert (image.image.value, line(image, image.image)) == ("python:3.12-slim", 2)
    assert (image.user.value, line(image, image.user)) == ("10001", 3)  # inherited from base
    assert image.healthcheck.value.startswith("CMD curl") and line(image, image.healthcheck) == 4
    stages = {s.name: s for s in graph.facts["DockerfileStage"]}
    assert (stages["app"].base_stage, stages["app"].final) == ("base", True)
    assert stages["base"].base.value == "python:3.12-slim" and not stages["base"].final
    variables = {(v.kind, v.name): v for v in graph.facts["DockerfileVariable"]}
    assert variables["ARG", "TOKEN"].value.origin == DEFAULT  # given at build time
    assert (
        variables["ENV", "API_KEY"].value.value,
        variables["ENV", "API_KEY"].value.span.line,
    ) == (
        "$TOKEN",
        9,
    )
    copies = {c.keyword: c for c in graph.facts["DockerfileCopy"]}
    assert (copies["COPY"].from_stage, copies["COPY"].source.value) == ("base", "app.py")
    assert copies["ADD"].checksum == "sha256:ab12"
    (run_,) = graph.facts["DockerfileRun"]
    assert run_.command == "npm ci" and run_.mounts == [{"type": "secret", "id": "npm"}]
    assert {r.address for r in graph.resources.values()} == {"global", "stage.base", "stage.app"}


def test_dockerfile_user_given_at_build_time_is_unknown(tmp_path, rules):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nARG UID\nUSER ${UID}\n")
    (image,) = run([tmp_path], rules).graph.facts["Container"]
    assert image.user.origin == UNKNOWN and line(image, image.user) == 3


def test_database_settings_of_both_formats(tmp_path, rules):
    (db,) = facts(
        tmp_path,
        rules,
        "main.tf",
        'resource "aws_rds_cluster" "main" {\n'
        '  engine          = "aurora-postgresql"\n'
        '  master_username = "orders"\n'
        "  storage_encrypted = false\n"
        "}\n",
        "ManagedDatabase",
    )
    assert (db.storage_encrypted.value, line(db, db.storage_encrypted)) == (False, 4)
    assert (db.username.value, line(db, db.username)) == ("orders", 3)
    protection = db.deletion_protection
    assert (protection.value, protection.origin, protection.reason) == (
        False,
        DEFAULT,
        "the provider default is false",
    )
    assert not db.replica and not db.from_snapshot and db.final_snapshot_identifier.defaulted
    (tmp_path / "main.tf").unlink()
    (cfn,) = facts(
        tmp_path,
        rules,
        "template.yaml",
        "Resources:\n"
        "  Replica:\n"
        "    Type: AWS::RDS::DBInstance\n"
        "    Properties:\n"
        "      SourceDBInstanceIdentifier: orders\n"
        "      MultiAZ: true\n",
        "ManagedDatabase",
    )
    assert cfn.replica and (cfn.multi_az.value, line(cfn, cfn.multi_az)) == (True, 6)
    assert cfn.storage_encrypted.defaulted and cfn.storage_encrypted.value is False


def test_task_definition_efs_volumes(tmp_path, rules):
    (task,) = facts(
        tmp_path,
        rules,
        "main.tf",
        'resource "aws_ecs_task_definition" "t" {\n'
        '  family = "t"\n'
        "  volume {\n"
        '    name = "a"\n'
        "    efs_volume_configuration {\n"
        '      file_system_id = "fs-1"\n'
        "    }\n"
        "  }\n"
        "  volume {\n"
        '    name = "b"\n'
        "  }\n"
        "}\n",
        "TaskVolumes",
    )
    (volume,) = task.transit.value
    assert (volume.value, volume.origin, line(task, volume)) == ("DISABLED", DEFAULT, 5)
