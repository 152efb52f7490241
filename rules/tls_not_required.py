"""Database connections or EFS mounts without TLS.

## What it does
Finds settings that let clients talk to a data store without TLS:
- an RDS proxy that does not require TLS (`require_tls` / `RequireTLS` false or absent: a
  proxy accepts unencrypted connections by default);
- an EFS volume of an ECS task definition without transit encryption
  (`efs_volume_configuration.transit_encryption` / `EFSVolumeConfiguration.TransitEncryption`
  `DISABLED` or absent: ECS leaves it `DISABLED`);
- a PostgreSQL (or SQL Server) parameter group that sets `rds.force_ssl` to `0`.

## Why is this bad?
Without TLS, database credentials, queries and file contents cross the VPC network in the
clear, where a compromised host or a mirrored interface can read them.

## How to fix
Set `require_tls = true` on the proxy, `transit_encryption = "ENABLED"` on the volume, and
`rds.force_ssl = 1` in the parameter group (the default from PostgreSQL 15).

## Example
```hcl
resource "aws_db_proxy" "orders" {
  name           = "orders"
  engine_family  = "POSTGRESQL"
  role_arn       = "arn:aws:iam::111122223333:role/orders-proxy"
  vpc_subnet_ids = ["subnet-0a1b2c3d4e5f60718"]
  require_tls    = false

  auth {
    auth_scheme = "SECRETS"
    secret_arn  = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-db-AbCdEf"
  }
}
```

## Use instead
```hcl
resource "aws_db_proxy" "orders" {
  name           = "orders"
  engine_family  = "POSTGRESQL"
  role_arn       = "arn:aws:iam::111122223333:role/orders-proxy"
  vpc_subnet_ids = ["subnet-0a1b2c3d4e5f60718"]
  require_tls    = true

  auth {
    auth_scheme = "SECRETS"
    secret_arn  = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-db-AbCdEf"
  }
}
```
"""

from infralint.facts.databases import DatabaseProxy, ParameterGroup, TaskVolumes
from infralint.model import as_int

ID = "IL808"
NAME = "tls-not-required"
CATEGORY = "tls"
SEVERITY = "low"
FACTS = (DatabaseProxy, TaskVolumes, ParameterGroup)
FORMATS = ("terraform", "cloudformation")


def check(ctx, fact):
    judge = {DatabaseProxy: _proxy, TaskVolumes: _volumes, ParameterGroup: _parameters}
    yield from judge[type(fact)](ctx, fact)


def _proxy(ctx, proxy):
    if proxy.require_tls.may_be_false():
        yield ctx.finding(
            proxy.resource,
            proxy.require_tls,
            f"RDS proxy {proxy.resource.address} does not require TLS{proxy.require_tls.why}",
        )


def _volumes(ctx, task):
    volumes = task.transit.value if isinstance(task.transit.value, list) else []
    for volume in volumes:
        if "DISABLED" in volume.possible():
            yield ctx.finding(
                task.resource,
                volume,
                f"task definition {task.resource.address} mounts an EFS volume without "
                f"transit encryption{volume.why}",
            )


def _parameters(ctx, group):
    parameters = group.parameters.value if isinstance(group.parameters.value, dict) else {}
    force = parameters.get("rds.force_ssl")
    if force is not None and any(as_int(v) == 0 for v in force.possible()):
        yield ctx.finding(
            group.resource,
            force,
            f"parameter group {group.resource.address} lets clients connect without TLS "
            "(rds.force_ssl = 0)",
        )
