"""Database reachable from the internet.

## What it does
Finds databases that accept connections from the internet: RDS instances (and Aurora cluster
instances) that are publicly accessible, and compose database or cache services (postgres,
mysql, mariadb, mongo, redis, memcached, elasticsearch, ...) that publish their port on every
host interface or share the host's network.

## Why is this bad?
A database with a public endpoint is probed by bots within minutes of creation. Credential
stuffing, unpatched engine vulnerabilities and weak passwords all become internet-facing. A
compose port written as `"5432:5432"` binds `0.0.0.0`, so on a laptop on café Wi-Fi or a VM with a
public IP the database is open to the network.

## How to fix
Keep databases in private subnets with `publicly_accessible = false` (Terraform) or
`PubliclyAccessible: false` and a private `DBSubnetGroupName` (CloudFormation). In compose, bind
published ports to the loopback interface (`"127.0.0.1:5432:5432"`) or do not publish them at all:
other services reach the database over the compose network by its service name.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = true
}
```
```yaml
services:
  db:
    image: postgres:16
    ports: ["5432:5432"]
```

## Use instead
```hcl
resource "aws_db_instance" "main" {
  engine              = "postgres"
  publicly_accessible = false
}
```
```yaml
services:
  db:
    image: postgres:16
    ports: ["127.0.0.1:5432:5432"]
```
"""

from infralint.facts import Container, ManagedDatabase
from infralint.model import as_bool, possible

ID = "IL101"
NAME = "public-database"
CATEGORY = "public-database"
SEVERITY = "high"
FACTS = ("ManagedDatabase", "Container")
FORMATS = ("terraform", "cloudformation", "compose")

_ALL_INTERFACES = ("", "0.0.0.0", "::", "[::]")


def check(ctx):
    for db in ctx.facts(ManagedDatabase):
        if db.kind == "cluster":
            continue
        flag = db.publicly_accessible
        if flag is None:
            if (
                db.resource.format == "cloudformation"
                and not db.in_cluster
                and "no DBSubnetGroupName" in db.public_default
            ):
                yield ctx.finding(
                    db.resource,
                    (),
                    f"{db.resource.address} may be publicly "
                    f"accessible: {db.public_default}; set PubliclyAccessible: "
                    "false",
                    severity="medium",
                )
            continue
        if any(as_bool(v) is True for v in possible(flag.value)):
            yield ctx.finding(
                db.resource, flag.path, f"RDS database {db.resource.address} is publicly accessible"
            )
    for svc in ctx.facts(Container):
        if not svc.database:
            continue
        if svc.network_mode == "host":
            yield ctx.finding(
                svc.resource,
                ("network_mode",),
                f"{svc.database} service "
                f"{svc.resource.address} uses the host network, so its port "
                "listens on every host interface",
            )
        for port in svc.ports:
            if port.host_ip in _ALL_INTERFACES:
                shown = (
                    f"{port.host_port}:{port.container_port}"
                    if port.host_port
                    else port.container_port
                )
                yield ctx.finding(
                    svc.resource,
                    port.path,
                    f"{svc.database} service "
                    f"{svc.resource.address} publishes port {shown} on all "
                    "interfaces; bind it to 127.0.0.1 or drop the mapping",
                )
