"""RDS instance in a single Availability Zone.

## What it does
Finds RDS DB instances outside a cluster that run in one Availability Zone: `multi_az` false or
absent in Terraform, `MultiAZ` false or absent in CloudFormation (both default to false). Read
replicas are not reported. Off by default: single-AZ is a fair choice for development and
test databases.

## Why is this bad?
When the zone, the host or its storage fails, the database is down until AWS replaces it, and
maintenance (engine upgrades, instance resizes) takes it offline. A Multi-AZ standby takes over
in a minute or two.

## How to fix
Set `multi_az = true` for production databases (or use an Aurora cluster with a replica in
another zone).

## Example
```hcl
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.m7g.large"
}
```

## Use instead
```hcl
resource "aws_db_instance" "orders" {
  identifier     = "orders"
  engine         = "postgres"
  instance_class = "db.m7g.large"
  multi_az       = true
}
```
"""

from infralint.facts import ManagedDatabase

ID = "IL1003"
NAME = "rds-single-az"
CATEGORY = "resilience"
SEVERITY = "info"
FACTS = (ManagedDatabase,)
FORMATS = ("terraform", "cloudformation")
ENABLED = False


def check(ctx, db):
    if db.kind != "instance" or db.in_cluster or db.replica:
        return
    if db.multi_az.may_be_false():
        yield ctx.finding(
            db.resource,
            db.multi_az,
            f"{db.resource.address} runs in a single Availability Zone{db.multi_az.why}",
        )
