"""The compose adapter: services → container facts."""

from __future__ import annotations

import re
from typing import Any

from infralint.facts import Container, EnvVar, Mount, PublishedPort, shapes
from infralint.facts.values import Value, attr, known
from infralint.model import Resource, Unknown

# Database and cache products, recognised by the last part of an image name (registry, owner
# and tag stripped), and where each keeps its data (see also the families below).
DATABASE_IMAGES = {
    "postgres": "/var/lib/postgresql/data",
    "postgis": "/var/lib/postgresql/data",
    "postgresql": "/bitnami/postgresql",
    "timescaledb": "/var/lib/postgresql/data",
    "timescaledb-ha": "/home/postgres/pgdata",
    "pgvector": "/var/lib/postgresql/data",
    "mysql": "/var/lib/mysql",
    "mariadb": "/var/lib/mysql",
    "percona-server": "/var/lib/mysql",
    "mongo": "/data/db",
    "mongodb": "/bitnami/mongodb",
    "mongodb-community-server": "/data/db",
    "redis": "/data",
    "redis-stack": "/data",
    "redis-stack-server": "/data",
    "valkey": "/data",
    "keydb": "/data",
    "memcached": "",
    "elasticsearch": "/usr/share/elasticsearch/data",
    "opensearch": "/usr/share/opensearch/data",
    "cassandra": "/var/lib/cassandra",
    "couchdb": "/opt/couchdb/data",
    "neo4j": "/data",
    "influxdb": "/var/lib/influxdb2",
    "clickhouse-server": "/var/lib/clickhouse",
    "cockroach": "/cockroach/cockroach-data",
    "dynamodb-local": "",
    "questdb": "/var/lib/questdb",
    "surrealdb": "",
    "etcd": "/etcd-data",
}
_BITNAMI = {
    "redis": "/bitnami/redis/data",
    "mysql": "/bitnami/mysql/data",
    "mariadb": "/bitnami/mariadb",
    "postgres": "/bitnami/postgresql",
    "mongo": "/bitnami/mongodb",
}
_DATA_ENV = {"PGDATA"}
# The ports each product serves its clients on (protocol first, then HTTP APIs and consoles
# that give the same access), by the product names ``database_of`` returns.
DATABASE_PORTS = {
    **dict.fromkeys(
        ("postgres", "postgis", "postgresql", "timescaledb", "timescaledb-ha", "pgvector"), (5432,)
    ),
    **dict.fromkeys(("mysql", "mariadb", "percona-server"), (3306,)),
    **dict.fromkeys(("mongo", "mongodb", "mongodb-community-server"), (27017,)),
    **dict.fromkeys(("redis", "valkey", "keydb", "redis-stack-server"), (6379,)),
    "redis-stack": (6379, 8001),
    "memcached": (11211,),
    "elasticsearch": (9200, 9300),
    "opensearch": (9200, 9600),
    "cassandra": (9042,),
    "couchdb": (5984,),
    "neo4j": (7687, 7474),
    "influxdb": (8086,),
    "clickhouse-server": (8123, 9000),
    "cockroach": (26257, 8080),
    "dynamodb-local": (8000,),
    "questdb": (8812, 9000, 9009),
    "surrealdb": (8000,),
    "etcd": (2379,),
    "mssql": (1433,),
}
_PORT = re.compile(
    r"^(?:(?P<ip>\[[^\]]+\]|[0-9.]+|[A-Za-z0-9.-]*[A-Za-z][A-Za-z0-9.-]*):)??"
    r"(?:(?P<host>[0-9]*(?:-[0-9]+)?):)?(?P<container>[0-9]+(?:-[0-9]+)?)(?:/(?P<proto>\w+))?$"
)


def adapt(graph: Any, res: Resource) -> None:
    service = res.attrs
    image = service.get("image")
    product, data_dir = database_of(image)
    ports = []
    for i, spec in enumerate(
        service.get("ports") or [] if isinstance(service.get("ports"), list) else []
    ):
        port = published(spec, ("ports", i))
        if isinstance(spec, Unknown):
            graph.note_unknown(spec, res, ("ports", i))
        if port is not None:
            ports.append(port)
    mounts = []
    for i, spec in enumerate(
        service.get("volumes") or [] if isinstance(service.get("volumes"), list) else []
    ):
        mount = volume(spec, ("volumes", i), res.meta.get("volumes") or {})
        if isinstance(spec, Unknown):
            graph.note_unknown(spec, res, ("volumes", i))
        if mount is not None:
            mounts.append(mount)
    env = environment(service.get("environment"))
    for name in _DATA_ENV:
        if isinstance(env.get(name), str) and env[name]:
            data_dir = env[name]
    graph.add_fact(
        Container(
            resource=res,
            name=res.address.rsplit(".", 1)[-1],
            image=attr(res, "image"),
            built=service.get("build") is not None,
            user=attr(res, "user", reason=_NO_USER),
            database=product,
            database_ports=DATABASE_PORTS.get(product, ()),
            data_dir=data_dir,
            ports=ports,
            mounts=mounts,
            network_mode=attr(res, "network_mode"),
            pid_mode=attr(res, "pid"),
            privileged=attr(res, "privileged", absent=False, reason="compose runs unprivileged"),
            capabilities=attr(res, "cap_add", absent=[]),
            healthcheck=attr(res, "healthcheck", reason="no healthcheck: the image's, if any"),
            memory=_memory(res),
            logging=attr(res, "logging"),
            environment=_variables(service.get("environment")),
            awaits_healthy=_awaits_healthy(service.get("depends_on")),
        )
    )
    graph.add_facts(shapes.facts(res, "compose"))


def _awaits_healthy(depends_on: Any) -> list[str]:
    """The services ``depends_on`` waits for with ``condition: service_healthy``."""
    if not isinstance(depends_on, dict):
        return []  # the list form waits only for the services to start
    return [
        str(name)
        for name, spec in depends_on.items()
        if isinstance(spec, dict) and spec.get("condition") == "service_healthy"
    ]


_NO_USER = "no user is set: the container runs as the image's USER (root when it sets none)"


def _memory(res: Resource) -> Value:
    """The memory limit: ``deploy.resources.limits.memory`` or the older ``mem_limit``."""
    limit = attr(res, "deploy", "resources", "limits", "memory")
    return limit if limit.explicit else attr(res, "mem_limit", reason="no memory limit")


def _variables(value: Any) -> list[EnvVar]:
    """``environment:`` entries with the path of each value (map or ``KEY=value`` list)."""
    if isinstance(value, dict):
        return [EnvVar(str(k), known(v, ("environment", k))) for k, v in value.items()]
    out = []
    if isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, str):
                name, sep, val = entry.partition("=")
                out.append(EnvVar(name, known(val if sep else None, ("environment", i))))
    return out


# A product's family by the start of an image name ("redismod", "mariadb-galera",
# "postgresql-repmgr"), longest first; and the words of names that are tools *for* a database
# (a web UI, an exporter, a proxy), not the database itself.
_FAMILIES = ("postgresql", "postgres", "mongodb", "mongo", "mariadb", "mysql", "redis", "valkey")
_TOOL_WORDS = frozenset(
    {
        "express",
        "exporter",
        "insight",
        "commander",
        "admin",
        "ui",
        "web",
        "gui",
        "browser",
        "proxy",
        "router",
        "bouncer",
        "operator",
        "backup",
        "client",
        "cli",
        "tools",
        "dashboard",
        "studio",
        "manager",
        "monitor",
        "agent",
        "sidecar",
        "init",
        "migrate",
        "migrations",
        "shell",
        "connector",
        "sentinel",
    }
)
# Registries and namespaces that publish one product family (redislabs/rejson, .../mssql/...).
_NAMESPACES = {"redislabs": "redis", "mssql": "mssql"}
_EXACT = {"azure-sql-edge": "mssql", "mssql-server": "mssql", "mssql-server-linux": "mssql"}
_MSSQL_DATA = "/var/opt/mssql"


def database_of(image: Any) -> tuple[str, str]:
    """(product, data directory) of a database/cache image, or ("", ""): by registry, namespace
    and name (``bitnami/postgresql``, ``redislabs/redismod``, ``mcr.microsoft.com/azure-sql-edge``);
    tools for a database (``mongo-express``, ``redis-commander``) are not databases."""
    if not isinstance(image, str) or not image:
        return "", ""
    name = image.split("@", 1)[0].lower()
    parts = name.split("/")
    repo = parts[-1].split(":", 1)[0]
    words = re.split(r"[-_.]", repo)
    if any(w in _TOOL_WORDS for w in words) or repo.endswith("insight"):
        return "", ""
    if repo in DATABASE_IMAGES:
        if "bitnami" in parts[:-1] and repo in _BITNAMI:
            return repo, _BITNAMI[repo]
        return repo, DATABASE_IMAGES[repo]
    family = _EXACT.get(repo) or next((_NAMESPACES[p] for p in parts[:-1] if p in _NAMESPACES), "")
    if not family:
        family = next((f for f in _FAMILIES if repo.startswith(f)), "")
    if family == "mssql":
        return "mssql", _MSSQL_DATA
    if family:
        product = {"postgresql": "postgres", "mongodb": "mongo"}.get(family, family)
        if "bitnami" in parts[:-1] and product in _BITNAMI:
            return product, _BITNAMI[product]
        return product, DATABASE_IMAGES[product]
    return "", ""


def published(spec: Any, path: tuple) -> PublishedPort | None:
    if isinstance(spec, Unknown):
        return None
    if isinstance(spec, int) and not isinstance(spec, bool):
        return PublishedPort("", "", str(spec), "tcp", path)
    if isinstance(spec, str):
        match = _PORT.match(spec.strip())
        if not match:
            return None
        return PublishedPort(
            host_address(match.group("ip") or ""),
            match.group("host") or "",
            match.group("container"),
            match.group("proto") or "tcp",
            path,
        )
    if isinstance(spec, dict):
        target = spec.get("target")
        if target is None:
            return None
        if spec.get("published") in (None, "") and spec.get("mode") != "host":
            host = ""
        else:
            host = str(spec.get("published", ""))
        return PublishedPort(
            host_address(spec.get("host_ip", "")),
            host,
            str(target),
            str(spec.get("protocol", "tcp")),
            path,
        )
    return None


def host_address(value: Any) -> Any:
    """A published port's host address in canonical form (``::`` for ``[::0]`` and
    ``0:0:0:0:0:0:0:0``, brackets removed) so addresses compare as addresses; anything that is
    not an IP address (a host name, an unknown) as it is."""
    if not isinstance(value, str):
        return value
    import ipaddress

    text = value.strip().strip("[]")
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]).compressed
    except ValueError:
        return text


def volume(spec: Any, path: tuple, named: dict) -> Mount | None:
    if isinstance(spec, str):
        parts = spec.split(":")
        if len(parts) == 1:
            return Mount(parts[0], "", "anonymous", path)
        source, target = parts[0], parts[1]
        kind = "bind" if source.startswith((".", "/", "~", "$")) else "volume"
        return Mount(target, source, kind, path)
    if isinstance(spec, dict):
        kind = str(spec.get("type", "volume"))
        source = spec.get("source", "")
        if kind == "volume" and not source:
            kind = "anonymous"
        return Mount(spec.get("target", ""), source, kind, path)
    return None


def environment(value: Any) -> dict[str, Any]:
    """``environment:`` as a mapping, from its list (``KEY=value``) or map form."""
    if isinstance(value, dict):
        return {str(k): v for k, v in value.items()}
    out: dict[str, Any] = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                key, sep, val = item.partition("=")
                out[key] = val if sep else None
    return out
