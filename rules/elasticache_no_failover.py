"""ElastiCache replication group that cannot fail over or has no backups.

## What it does
Finds Redis OSS and Valkey replication groups that lose data or availability when a node
fails:
- automatic failover off (`automatic_failover_enabled` / `AutomaticFailoverEnabled` false or
  absent: off by default);
- fewer than 2 nodes (`num_cache_clusters` / `NumCacheClusters` 1) or no replicas per shard
  (`replicas_per_node_group` / `ReplicasPerNodeGroup` 0);
- no automatic backups (`snapshot_retention_limit` / `SnapshotRetentionLimit` 0 or absent:
  ElastiCache keeps none by default).

Memcached clusters are not reported: they have no replication.

## Why is this bad?
Without a replica and automatic failover, a node failure or a zone outage takes the cache down
until a new node is built empty; without backups, a Redis used as a data store (queues,
sessions, leaderboards) loses everything.

## How to fix
Run at least one replica in another zone with `automatic_failover_enabled = true` (and
`multi_az_enabled = true`), and keep a few days of snapshots.

## Example
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
  description          = "web sessions"
  node_type            = "cache.t4g.small"
  num_cache_clusters   = 1
}
```

## Use instead
```hcl
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "web sessions"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true
  snapshot_retention_limit   = 7
}
```
"""

from infralint_rules._problems import findings

from infralint.facts.databases import Cache
from infralint.model import as_int

ID = "IL1004"
NAME = "elasticache-no-failover"
CATEGORY = "resilience"
SEVERITY = "low"
FACTS = (Cache,)
FORMATS = ("terraform", "cloudformation")


def check(ctx, cache):
    if "memcached" in cache.engine.possible():
        return
    problems = []
    if cache.automatic_failover.may_be_false():
        problems.append((cache.automatic_failover, "has automatic failover off"))
    if _any_int(cache.nodes, lambda n: n < 2):
        problems.append((cache.nodes, "has a single node"))
    if _any_int(cache.replicas_per_shard, lambda n: n == 0):
        problems.append((cache.replicas_per_shard, "has no replica in its shards"))
    if _any_int(cache.snapshot_retention, lambda n: n == 0):
        problems.append((cache.snapshot_retention, "keeps no automatic backups"))
    yield from findings(ctx, cache.resource, problems, f"{cache.resource.address}")


def _any_int(value, test):
    return any(n is not None and test(n) for n in map(as_int, value.possible()))
