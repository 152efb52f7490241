"""Database reachable from the internet.

## What it does
Finds databases that accept connections from the internet: RDS instances (and Aurora cluster
instances) that are publicly accessible, and compose database or cache services (postgres,
mysql, mariadb, mongo, redis, memcached, elasticsearch, ...) that publish their port on every
host interface or share the host's network. A compose image is recognised by its product family
from registry, namespace and name (`bitnami/postgresql`, `redislabs/redismod`,
`mcr.microsoft.com/azure-sql-edge`, `bitnami/mariadb-galera`); tools for a database
(`mongo-express`, `redis-commander`, exporters) are not databases. Every port such a service
publishes is reported; the message says which is the product's own (5432 for PostgreSQL, 6379
and RedisInsight's 8001 for Redis Stack, 9200 for Elasticsearch, ...).

An RDS database that is publicly accessible *and* whose security group (found through
`vpc_security_group_ids` / `VPCSecurityGroups`, inline rules, `aws_security_group_rule`,
`aws_vpc_security_group_ingress_rule` or `AWS::EC2::SecurityGroupIngress`) admits the whole
internet on the database's port (its `port`, else the engine's default: 5432 for PostgreSQL, 3306
for MySQL/MariaDB/Aurora MySQL, 1521 Oracle, 1433 SQL Server) is reported as critical. A
world-open group on a database that is not publicly accessible has no public address to reach:
`open-ingress` reports that rule instead. So is a publicly accessible database whose DB subnet
group holds a subnet associated with a route table that sends `0.0.0.0/0` (or `::/0`) to an
internet gateway (`aws_db_subnet_group` → `aws_route_table_association` → `aws_route_table` /
`aws_route`; `AWS::RDS::DBSubnetGroup` → `AWS::EC2::SubnetRouteTableAssociation` →
`AWS::EC2::Route`): that database has a public address and a route to it.

Redshift clusters are reported when `publicly_accessible` / `PubliclyAccessible` is written
as true (an absent setting is not reported: AWS's default is false since 2025, and the
Terraform provider's default changed between major versions). OpenSearch Service and
Elasticsearch domains are reported when they have no VPC options (so a public endpoint) and
their access policy allows `Principal "*"` without a condition: the policy written in
`access_policies` (inline, `jsonencode`, a policy document data source) or in an
`aws_opensearch_domain_policy` / `aws_elasticsearch_domain_policy`.

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

from infralint.facts import (
    Attachment,
    Container,
    IngressRule,
    InternetRoute,
    ManagedDatabase,
    PolicyStatement,
    SubnetRouting,
)
from infralint.facts.databases import PolicyOf, SearchDomain, Warehouse
from infralint.facts.network import covers_everything, port_range
from infralint.model import possible

ID = "IL101"
NAME = "public-database"
CATEGORY = "public-database"
SEVERITY = "high"
FACTS = (ManagedDatabase, Container, Warehouse, SearchDomain)
READS = (Attachment, IngressRule, SubnetRouting, InternetRoute, PolicyStatement, PolicyOf)
FORMATS = ("terraform", "cloudformation", "compose")

_ALL_INTERFACES = ("", "0.0.0.0", "::", "[::]")


def check(ctx, fact):
    judge = {
        ManagedDatabase: _database,
        Container: _container,
        Warehouse: _warehouse,
        SearchDomain: _search_domain,
    }[type(fact)]
    yield from judge(ctx, fact)


def _warehouse(ctx, cluster):
    flag = cluster.publicly_accessible
    if flag.explicit and flag.may_be_true():
        yield ctx.finding(
            cluster.resource,
            flag,
            f"Redshift cluster {cluster.resource.address} is publicly accessible",
        )


def _search_domain(ctx, domain):
    if domain.in_vpc.unknown or domain.in_vpc.may_be_true():
        return
    statements = ctx.index(PolicyStatement, by="resource.key")
    sources = [domain.resource.key] + [
        p.source for p in ctx.index(PolicyOf, by="target").get(domain.resource.key, [])
    ]
    for key in sources:
        for stmt in statements.get(key, []):
            if _open_to_anyone(stmt):
                yield ctx.finding(
                    stmt.resource,
                    stmt.principal_path,
                    f"domain {domain.resource.address} has a public endpoint (no VPC options) "
                    "and its access policy allows any principal without a condition",
                )
                return


def _open_to_anyone(stmt):
    principals = stmt.principals.value if isinstance(stmt.principals.value, list) else []
    return stmt.effect.value == "Allow" and "*" in principals and not stmt.has_condition


def _database(ctx, db):
    if db.kind == "cluster":
        return
    flag = db.publicly_accessible
    if flag.defaulted:  # the format's default, which the adapter says
        if flag.may_be_true():
            yield ctx.finding(
                db.resource,
                db.path,  # nothing is written: the finding is on the resource
                f"{db.resource.address} may be publicly accessible: {flag.reason}",
                severity="medium",
            )
        return
    if flag.may_be_true():
        message, severity = _public_database(ctx, db)
        yield ctx.finding(db.resource, flag.path, message, severity=severity)


def _public_database(ctx, db):
    """(message, severity) of a publicly accessible database: critical with a route to an
    internet gateway or a security group open to the world on its port."""
    route = _internet_route(ctx, db)
    if route is not None:
        return (
            f"RDS database {db.resource.address} is publicly accessible and its subnets route to "
            f"the internet gateway {route.gateway} ({route.resource.address}, "
            f"{route.resource.path}:{route.resource.span_of(route.path).line})",
            "critical",
        )
    open_rule = _world_open(ctx, db)
    if open_rule is not None:
        rule, port = open_rule
        file, span = rule.resource.location(rule.cidrs[0].path if rule.cidrs else rule.path)
        return (
            f"RDS database {db.resource.address} is publicly accessible and its security group "
            f"admits the whole internet on port {port} ({rule.resource.address}, "
            f"{file}:{span.line})",
            "critical",
        )
    return f"RDS database {db.resource.address} is publicly accessible", None


def _container(ctx, svc):
    if not svc.database:
        return
    if svc.network_mode.value == "host":
        yield ctx.finding(
            svc.resource,
            ("network_mode",),
            f"{svc.database} service {svc.resource.address} uses the host network, so its port "
            "listens on every host interface",
        )
    for port in svc.ports:
        if port.host_ip in _ALL_INTERFACES:
            shown = (
                f"{port.host_port}:{port.container_port}" if port.host_port else port.container_port
            )
            yield ctx.finding(
                svc.resource,
                port.path,
                f"{svc.database} service {svc.resource.address} publishes "
                f"{_which(svc, port.container_port)} {shown} on all interfaces; bind it to "
                "127.0.0.1 or drop the mapping",
            )


def _which(svc, container_port) -> str:
    """ "its database port" when the published port is one the product serves clients on; any
    other port of the container is reported too (it reaches the same process's host)."""
    low = str(container_port).split("-", 1)[0]
    served = low.isdigit() and int(low) in svc.database_ports
    return "its database port" if served else "port"


def _world_open(ctx, db):
    """(ingress rule, port) of a security group attached to ``db`` that admits every address
    on the database's port, or None."""
    port = db.port.value
    if port is None:
        return None
    attached = ctx.index(Attachment, by="resource.key").get(db.resource.key, [])
    groups = {a.group for a in attached if a.kind == "database"}
    for rule in ctx.facts(IngressRule):
        if rule.group not in groups:
            continue
        if not covers_everything([v for c in rule.cidrs for v in possible(c.value)]):
            continue
        ports = port_range(rule.protocol.value, rule.from_port.value, rule.to_port.value)
        if ports is not None and ports[0] <= port <= ports[1]:
            return rule, port
    return None


def _internet_route(ctx, db):
    """An internet-gateway route of a route table associated with one of the subnets of the
    database's DB subnet group, or None."""
    by_subnet = ctx.index(SubnetRouting, by="subnet")
    tables = {r.table for s in db.subnets for r in by_subnet.get(s, []) if r.table}
    return next((r for r in ctx.facts(InternetRoute) if r.table in tables), None)
