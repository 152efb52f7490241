"""ElastiCache replication group not encrypted.

## What it does
Finds Redis OSS replication groups without encryption at rest
(`at_rest_encryption_enabled` / `AtRestEncryptionEnabled`) or in transit
(`transit_encryption_enabled` / `TransitEncryptionEnabled`). Both are off unless set for the
`redis` engine; Valkey groups are reported only when a setting is written as false. Memcached
clusters (`aws_elasticache_cluster`, `AWS::ElastiCache::CacheCluster`) are not reported: they
have no encryption at rest.

## Why is this bad?
Without encryption at rest the cache's disk, its swap and its backups in S3 hold the data in the
clear; without encryption in transit every command and reply, `AUTH` tokens included, crosses
the network unencrypted. Neither can be turned on for an existing group without replacing it
(at rest) or a migration (in transit).

## How to fix
Set `at_rest_encryption_enabled = true` and `transit_encryption_enabled = true`.

## Example
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "web sessions"
  node_type            = "cache.t4g.small"
}
```

## Use instead
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "web sessions"
  node_type                  = "cache.t4g.small"
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
```
"""

from infralint_rules._problems import findings

from infralint.facts.databases import Cache

ID = "IL704"
NAME = "elasticache-unencrypted"
CATEGORY = "encryption"
SEVERITY = "medium"
FACTS = (Cache,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, cache):
    if "memcached" in cache.engine.possible():
        return
    problems = [
        (value, text)
        for value, text in (
            (cache.at_rest_encryption, "is not encrypted at rest"),
            (cache.transit_encryption, "is not encrypted in transit"),
        )
        if value.may_be_false()
    ]
    yield from findings(ctx, cache.resource, problems, f"{cache.resource.address}")
