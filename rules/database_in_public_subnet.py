"""Database subnet group includes a public subnet.

## What it does
Finds the subnet groups databases are placed in (RDS and Aurora `aws_db_subnet_group`,
DocumentDB, Neptune, ElastiCache and Redshift subnet groups, and their CloudFormation
equivalents) that list a public subnet: a subnet associated with a route table that sends
`0.0.0.0/0` (or `::/0`) to an internet gateway (`aws_route_table_association` →
`aws_route_table` / `aws_route`; `AWS::EC2::SubnetRouteTableAssociation` → `AWS::EC2::Route`),
or a subnet with `map_public_ip_on_launch = true` / `MapPublicIpOnLaunch: true`.

The finding is on the subnet in the group's `subnet_ids` / `SubnetIds`. Subnets given by id or
by a variable, and subnets whose route table is not in the scan, are not reported: their
routing is unknown.

## Why is this bad?
A database in a public subnet is one setting (`publicly_accessible`) or one security group
rule away from the internet, and the subnet's route makes that mistake immediately
exploitable. Databases belong in private subnets, with no route from the internet.

## How to fix
Build the subnet group from private subnets: subnets whose route tables have no internet
gateway route and that do not assign public addresses.

## Example
```hcl
resource "aws_subnet" "public" {
  vpc_id                  = "vpc-0a1b2c3d"
  cidr_block              = "10.0.0.0/24"
  map_public_ip_on_launch = true
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = [aws_subnet.public.id]
}
```

## Use instead
```hcl
resource "aws_subnet" "private" {
  vpc_id     = "vpc-0a1b2c3d"
  cidr_block = "10.0.10.0/24"
}

resource "aws_db_subnet_group" "db" {
  name       = "db"
  subnet_ids = [aws_subnet.private.id]
}
```
"""

from infralint.facts import InternetRoute, SubnetRouting
from infralint.facts.compute import Subnet, SubnetGroup
from infralint.graph import node

ID = "IL608"
NAME = "database-in-public-subnet"
CATEGORY = "public-exposure"
SEVERITY = "medium"
FACTS = (SubnetGroup,)
READS = (Subnet, SubnetRouting, InternetRoute)
FORMATS = ("terraform", "cloudformation")


def check(ctx, group):
    listed = group.subnets.value
    if group.subnets.unknown:
        return
    items = list(enumerate(listed)) if isinstance(listed, list) else [(None, listed)]
    seen = set()  # aws_subnet.a[0] and aws_subnet.a[1] are one subnet resource: one finding
    for i, subnet in items:
        if not isinstance(subnet, str) or subnet in seen:
            continue
        seen.add(subnet)
        why = _public(ctx, subnet)
        if why:
            path = group.subnets.path + ((i,) if i is not None else ())
            yield ctx.finding(
                group.resource,
                path,
                f"subnet group {group.resource.address} includes the public subnet "
                f"{subnet.split('::', 1)[1]}, which {why}",
            )


def _public(ctx, subnet: str) -> str:
    """Why ``subnet`` (a node) is public ("" when it is not known to be)."""
    route = _internet_routes(ctx).get(subnet)
    if route is not None:
        where = f"{route.resource.path}:{route.resource.span_of(route.path).line}"
        return f"routes to the internet gateway {route.gateway} ({where})"
    for fact in ctx.index(Subnet, by="node").get(subnet, ()):
        flag = fact.public_ip_on_launch
        if flag.explicit and flag.may_be_true():
            return "gives a public address to everything launched in it"
    return ""


def _internet_routes(ctx) -> dict:
    """Subnet node → an internet gateway route of the route table it is associated with."""

    def compute() -> dict:
        by_table = ctx.index(InternetRoute, by="table")
        out = {}
        for routing in ctx.facts(SubnetRouting):
            routes = by_table.get(routing.table) if routing.table and routing.subnet else None
            if routes:
                out.setdefault(node(*routing.subnet.split("::", 1)), routes[0])
        return out

    return ctx.memo(("internet-routed-subnets",), compute)
