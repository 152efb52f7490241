"""Database container without a volume for its data.

## What it does
Finds compose services running a database image (postgres, mysql, mariadb, mongo,
elasticsearch, ...) with no named volume or bind mount on the image's data directory (for
postgres `/var/lib/postgresql/data`, or `PGDATA` when set). Caches (redis, memcached, valkey)
are not reported: losing a cache is by design.

## Why is this bad?
Without a volume the data lives in the container's writable layer: `docker compose down`, a
re-created container or an image upgrade deletes it.

## How to fix
Mount a named volume (or a bind mount) on the data directory.

## Example
```yaml
services:
  db:
    image: postgres:16
```

## Use instead
```yaml
services:
  db:
    image: postgres:16
    volumes:
      - pgdata:/var/lib/postgresql/data
volumes:
  pgdata:
```
"""

from infralint.facts import Container

ID = "IL404"
NAME = "database-without-volume"
CATEGORY = "missing-backup"
SEVERITY = "medium"
FACTS = (Container,)
FORMATS = ("compose",)

CACHES = {"redis", "redis-stack", "redis-stack-server", "valkey", "keydb", "memcached"}


def check(ctx, svc):
    if not svc.database or svc.database in CACHES or not svc.data_dir:
        return
    data = svc.data_dir.rstrip("/")
    kept = any(
        m.kind in ("volume", "bind")
        and isinstance(m.target, str)
        and m.target
        and (data + "/").startswith(m.target.rstrip("/") + "/")
        for m in svc.mounts
    )
    if not kept:
        yield ctx.finding(
            svc.resource,
            ("image",),
            f"{svc.database} service {svc.resource.address} keeps its data in the container: "
            f"no volume is mounted on {data}",
        )
