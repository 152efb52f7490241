"""A seeded generator of realistic infrastructure code for benchmarks.

Each of the N modules is a small service: a Terraform root module (variables, locals, a
``terraform.tfvars``, security groups with ``dynamic`` blocks, RDS, DynamoDB, IAM policies
written with ``jsonencode``, a heredoc and ``data "aws_iam_policy_document"``, and a call to a
local ``./modules/db`` module), a CloudFormation template in YAML and another in JSON, and a
docker-compose file with its ``.env``. Some modules carry planted mistakes, chosen by the seed,
so the rules have something to report. The same seed always writes the same bytes.

    python bench/corpus.py OUT_DIR [--modules 50] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

WORDS = [
    "orders",
    "billing",
    "users",
    "auth",
    "search",
    "audit",
    "metrics",
    "inventory",
    "payments",
    "cart",
    "notify",
    "reports",
    "export",
    "stream",
    "ledger",
    "catalog",
    "profile",
    "session",
]
ENGINES = [("postgres", "15.4", 5432), ("mysql", "8.0.35", 3306), ("mariadb", "10.11.6", 3306)]


def write_corpus(out: str | Path, modules: int = 50, seed: int = 1) -> list[Path]:
    """Write ``modules`` modules under ``out``; return the files written."""
    rng = random.Random(seed)
    root = Path(out)
    written: list[Path] = []
    for i in range(modules):
        name = f"{rng.choice(WORDS)}-{i:04d}"
        for rel, text in _module(rng, name).items():
            path = root / name / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _module(rng: random.Random, name: str) -> dict[str, str]:
    bad = {k: rng.random() < 0.3 for k in ("public", "ingress", "secret", "backup", "iam")}
    engine, version, port = rng.choice(ENGINES)
    ports = sorted(rng.sample([22, 80, 443, 3000, 5000, 8000, 8080, 8443, 9090], 3))
    return {
        "terraform/variables.tf": _tf_variables(rng, name, bad, engine),
        "terraform/locals.tf": _tf_locals(rng, name, ports),
        "terraform/network.tf": _tf_network(rng, name, bad, port),
        "terraform/database.tf": _tf_database(rng, name, bad),
        "terraform/iam.tf": _tf_iam(rng, name, bad),
        "terraform/outputs.tf": _tf_outputs(),
        "terraform/terraform.tfvars": _tf_tfvars(rng, name, bad),
        "terraform/modules/db/main.tf": _tf_db_module(engine, version),
        "terraform/modules/db/variables.tf": _tf_db_module_variables(),
        "terraform/modules/db/outputs.tf": _tf_db_module_outputs(),
        "cloudformation/stack.yaml": _cfn_yaml(rng, name, bad, port),
        "cloudformation/stack.json": _cfn_json(rng, name, bad),
        "docker-compose.yml": _compose(rng, name, bad, engine),
        ".env": f"APP_NAME={name}\nAPP_PORT={rng.choice([8000, 8080, 3000])}\n",
    }


def _tf_variables(rng: random.Random, name: str, bad: dict, engine: str) -> str:
    password = f'  default     = "{_word(rng, 14)}"\n' if bad["secret"] else ""
    return f'''variable "name" {{
  description = "Service name"
  type        = string
  default     = "{name}"
}}

variable "environment" {{
  type    = string
  default = "staging"
}}

variable "vpc_id" {{
  type = string
}}

variable "private_subnet_ids" {{
  type    = list(string)
  default = []
}}

variable "db_engine" {{
  type    = string
  default = "{engine}"
}}

variable "db_password" {{
  description = "Master password"
  type        = string
  sensitive   = true
{password}}}

variable "db_public" {{
  type    = bool
  default = false
}}

variable "backup_days" {{
  type    = number
  default = {rng.choice([7, 14, 30])}
}}

variable "tags" {{
  type = map(string)
  default = {{
    team  = "{rng.choice(WORDS)}"
    owner = "platform"
  }}
}}
'''


def _tf_locals(rng: random.Random, name: str, ports: list[int]) -> str:
    rules = ",\n".join(
        f'    {{ port = {p}, cidr = "10.{rng.randint(0, 255)}.0.0/16", note = "internal {p}" }}'
        for p in ports
    )
    return f'''locals {{
  prefix      = "${{var.name}}-${{var.environment}}"
  is_prod     = var.environment == "production"
  backup_days = local.is_prod ? max(var.backup_days, 14) : var.backup_days
  common_tags = merge(var.tags, {{
    Service     = var.name
    Environment = var.environment
    ManagedBy   = "terraform"
  }})
  ingress_rules = [
{rules}
  ]
  table_names = toset(["{name}-events", "{name}-state", "{name}-locks"])
}}
'''


def _tf_network(rng: random.Random, name: str, bad: dict, db_port: int) -> str:
    open_port = rng.choice([22, 3389, 8080, 5432])
    world = (
        f"""
resource "aws_security_group_rule" "debug" {{
  description       = "Debug access"
  type              = "ingress"
  security_group_id = aws_security_group.app.id
  from_port         = {open_port}
  to_port           = {open_port}
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}}
"""
        if bad["ingress"]
        else ""
    )
    return f"""resource "aws_security_group" "alb" {{
  name        = "${{local.prefix}}-alb"
  description = "Public load balancer"
  vpc_id      = var.vpc_id

  ingress {{
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}

  tags = local.common_tags
}}

resource "aws_security_group" "app" {{
  name        = "${{local.prefix}}-app"
  description = "Application tasks"
  vpc_id      = var.vpc_id

  dynamic "ingress" {{
    for_each = local.ingress_rules
    content {{
      description = ingress.value.note
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }}
  }}

  ingress {{
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }}

  tags = local.common_tags
}}

resource "aws_security_group" "db" {{
  name        = "${{local.prefix}}-db"
  description = "Database"
  vpc_id      = var.vpc_id

  ingress {{
    from_port       = {db_port}
    to_port         = {db_port}
    protocol        = "tcp"
    security_groups = [aws_security_group.app.id]
  }}
}}
{world}"""


def _tf_database(rng: random.Random, name: str, bad: dict) -> str:
    pitr = "false" if bad["backup"] else "true"
    return f"""module "db" {{
  source            = "./modules/db"
  name              = local.prefix
  password          = var.db_password
  public            = var.db_public
  backup_days       = local.backup_days
  security_group_id = aws_security_group.db.id
  subnet_ids        = var.private_subnet_ids
  tags              = local.common_tags
}}

resource "aws_dynamodb_table" "tables" {{
  for_each     = local.table_names
  name         = each.value
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {{
    name = "id"
    type = "S"
  }}

  point_in_time_recovery {{
    enabled = {pitr}
  }}

  tags = local.common_tags
}}

resource "aws_elasticache_cluster" "cache" {{
  cluster_id      = "${{local.prefix}}-cache"
  engine          = "redis"
  node_type       = "cache.t4g.{rng.choice(["micro", "small", "medium"])}"
  num_cache_nodes = 1
  port            = 6379
}}
"""


def _tf_iam(rng: random.Random, name: str, bad: dict) -> str:
    action = '"*"' if bad["iam"] else '["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]'
    heredoc_action = '"s3:*"' if bad["iam"] and rng.random() < 0.5 else '"s3:GetObject"'
    return f"""data "aws_iam_policy_document" "assume" {{
  statement {{
    actions = ["sts:AssumeRole"]
    principals {{
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }}
  }}
}}

resource "aws_iam_role" "task" {{
  name               = "${{local.prefix}}-task"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = local.common_tags
}}

resource "aws_iam_role_policy" "tables" {{
  name = "tables"
  role = aws_iam_role.task.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [
      {{
        Effect   = "Allow"
        Action   = {action}
        Resource = [for t in aws_dynamodb_table.tables : t.arn]
      }},
      {{
        Effect   = "Allow"
        Action   = ["cloudwatch:PutMetricData"]
        Resource = "*"
      }}
    ]
  }})
}}

resource "aws_iam_policy" "assets" {{
  name   = "${{local.prefix}}-assets"
  policy = <<EOF
{{
  "Version": "2012-10-17",
  "Statement": [
    {{
      "Effect": "Allow",
      "Action": {heredoc_action},
      "Resource": "arn:aws:s3:::{name}-assets/*"
    }}
  ]
}}
EOF
}}

data "aws_iam_policy_document" "logs" {{
  statement {{
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["arn:aws:logs:*:*:log-group:/ecs/{name}:*"]
  }}
}}

resource "aws_iam_role_policy" "logs" {{
  name   = "logs"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.logs.json
}}
"""


def _tf_outputs() -> str:
    return """output "db_endpoint" {
  value = module.db.endpoint
}

output "app_security_group" {
  value = aws_security_group.app.id
}

output "table_arns" {
  value = { for k, t in aws_dynamodb_table.tables : k => t.arn }
}
"""


def _tf_tfvars(rng: random.Random, name: str, bad: dict) -> str:
    return (
        f'vpc_id      = "vpc-{rng.getrandbits(32):08x}"\n'
        f'environment = "{rng.choice(["staging", "production", "dev"])}"\n'
        f"db_public   = {'true' if bad['public'] else 'false'}\n"
        f'private_subnet_ids = ["subnet-{rng.getrandbits(32):08x}", '
        f'"subnet-{rng.getrandbits(32):08x}"]\n'
    )


def _tf_db_module(engine: str, version: str) -> str:
    return f'''resource "aws_db_subnet_group" "this" {{
  name       = var.name
  subnet_ids = var.subnet_ids
}}

resource "aws_db_instance" "this" {{
  identifier              = var.name
  engine                  = "{engine}"
  engine_version          = "{version}"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  storage_encrypted       = true
  username                = "app"
  password                = var.password
  publicly_accessible     = var.public
  backup_retention_period = var.backup_days
  db_subnet_group_name    = aws_db_subnet_group.this.name
  vpc_security_group_ids  = [var.security_group_id]
  skip_final_snapshot     = false
  final_snapshot_identifier = "${{var.name}}-final"
  tags                    = var.tags
}}

resource "aws_db_instance" "replica" {{
  count               = var.backup_days > 7 ? 1 : 0
  identifier          = "${{var.name}}-replica"
  replicate_source_db = aws_db_instance.this.identifier
  instance_class      = "db.t4g.medium"
  publicly_accessible = false
  skip_final_snapshot = true
}}
'''


def _tf_db_module_variables() -> str:
    return "".join(
        f'variable "{n}" {{\n  type = {t}\n}}\n\n'
        for n, t in [
            ("name", "string"),
            ("password", "string"),
            ("public", "bool"),
            ("backup_days", "number"),
            ("security_group_id", "string"),
            ("subnet_ids", "list(string)"),
            ("tags", "map(string)"),
        ]
    )


def _tf_db_module_outputs() -> str:
    return 'output "endpoint" {\n  value = aws_db_instance.this.endpoint\n}\n'


def _cfn_yaml(rng: random.Random, name: str, bad: dict, port: int) -> str:
    public = "true" if bad["public"] else "false"
    retention = 0 if bad["backup"] else rng.choice([7, 14])
    cidr = "0.0.0.0/0" if bad["ingress"] else f"10.{rng.randint(0, 255)}.0.0/16"
    password = f"    Default: {_word(rng, 16)}\n" if bad["secret"] else ""
    action = (
        "'*'"
        if bad["iam"]
        else "\n                  - sqs:SendMessage\n                  - sqs:ReceiveMessage"
    )
    return f"""AWSTemplateFormatVersion: "2010-09-09"
Description: {name} queue and reporting database

Parameters:
  Environment:
    Type: String
    AllowedValues: [staging, production]
    Default: staging
  DBPassword:
    Type: String
    NoEcho: true
{password}  VpcId:
    Type: AWS::EC2::VPC::Id

Conditions:
  IsProd: !Equals [!Ref Environment, production]

Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "{name}-${{Environment}}"
      MessageRetentionPeriod: 345600

  ReportsSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: Reporting database
      VpcId: !Ref VpcId
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: {port}
          ToPort: {port}
          CidrIp: {cidr}

  ReportsDatabase:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: postgres
      DBInstanceClass: !If [IsProd, db.r6g.large, db.t4g.medium]
      AllocatedStorage: "50"
      MasterUsername: reports
      MasterUserPassword: !Ref DBPassword
      PubliclyAccessible: {public}
      BackupRetentionPeriod: {retention}
      VPCSecurityGroups:
        - !GetAtt ReportsSecurityGroup.GroupId

  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: queue
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: {action}
                Resource: !GetAtt Queue.Arn

Outputs:
  QueueUrl:
    Value: !Ref Queue
"""


def _cfn_json(rng: random.Random, name: str, bad: dict) -> str:
    table = {
        "Type": "AWS::DynamoDB::Table",
        "Properties": {
            "TableName": {"Fn::Join": ["-", [name, {"Ref": "AWS::Region"}]]},
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": not bad["backup"]},
        },
    }
    statement = {
        "Effect": "Allow",
        "Action": "*" if bad["iam"] else ["dynamodb:GetItem", "dynamodb:Query"],
        "Resource": {"Fn::GetAtt": ["Table", "Arn"]},
    }
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"{name} state table",
        "Mappings": {
            "Sizes": {"staging": {"Rcu": 5}, "production": {"Rcu": rng.choice([50, 100])}}
        },
        "Resources": {
            "Table": table,
            "ReaderPolicy": {
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}
                },
            },
            "Cache": {
                "Type": "AWS::ElastiCache::CacheCluster",
                "Properties": {
                    "Engine": "redis",
                    "CacheNodeType": "cache.t4g.micro",
                    "NumCacheNodes": 1,
                },
            },
        },
    }
    return json.dumps(template, indent=2) + "\n"


def _compose(rng: random.Random, name: str, bad: dict, engine: str) -> str:
    image = {"postgres": "postgres:16", "mysql": "mysql:8.0", "mariadb": "mariadb:11"}[engine]
    port = 5432 if engine == "postgres" else 3306
    published = f'"{port}:{port}"' if bad["public"] else f'"127.0.0.1:{port}:{port}"'
    volume = "" if bad["backup"] else "    volumes:\n      - dbdata:/var/lib/data\n"
    secret = _word(rng, 12) if bad["secret"] else "${DB_PASSWORD:?set it}"
    return f"""x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file

services:
  app:
    <<: *common
    build: .
    image: {name}:latest
    ports:
      - "${{APP_PORT:-8000}}:8000"
    environment:
      DATABASE_URL: postgres://app@db:{port}/{name.split("-")[0]}
      APP_NAME: ${{APP_NAME}}
    depends_on: [db, cache]

  db:
    <<: *common
    image: {image}
    ports:
      - {published}
    environment:
      POSTGRES_PASSWORD: "{secret}"
{volume}
  cache:
    image: redis:7
    ports:
      - "127.0.0.1:6379:6379"

volumes:
  dbdata: {{}}
"""


def _word(rng: random.Random, n: int) -> str:
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = write_corpus(args.out, args.modules, args.seed)
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files)
    print(f"wrote {len(files)} files, {lines} lines, {args.modules} modules to {args.out}")


if __name__ == "__main__":
    main()
