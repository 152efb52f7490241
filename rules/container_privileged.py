"""Container with host-level privileges.

## What it does
Finds containers given the host's powers: `privileged: true`, added capabilities `ALL`,
`SYS_ADMIN` or `NET_ADMIN`, the Docker socket mounted (`/var/run/docker.sock`), the host's
network (`network_mode: host`) or process namespace (`pid: host`). Compose services and ECS
container definitions (`privileged`, `linuxParameters.capabilities.add`).

## Why is this bad?
Each of these removes part of the isolation between the container and the host: a privileged
container or one with `SYS_ADMIN` can mount the host's disks, the Docker socket gives full
control of the Docker daemon (start a privileged container, read every other container), and the
host's network or processes are visible and reachable from inside.

## How to fix
Drop `privileged` and add only the narrow capability the process needs (`NET_BIND_SERVICE`,
`CHOWN`); talk to the Docker API through a restricted proxy instead of the socket; publish ports
instead of using the host's network.

## Example
```yaml
services:
  agent:
    image: example/agent:2.4.1
    privileged: true
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
```

## Use instead
```yaml
services:
  agent:
    image: example/agent:2.4.1
    cap_add:
      - NET_BIND_SERVICE
```
"""

from infralint.facts import Container

ID = "IL1303"
NAME = "container-privileged"
CATEGORY = "container"
SEVERITY = "high"
FACTS = (Container,)
FORMATS = ("compose", "terraform", "cloudformation")

_CAPABILITIES = frozenset({"ALL", "SYS_ADMIN", "NET_ADMIN"})
_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock")


def check(ctx, container):
    res = container.resource
    who = res.address + (
        f" (container {container.name})" if container.runtime.startswith("ecs") else ""
    )
    if container.privileged.explicit and container.privileged.may_be_true():
        yield ctx.finding(res, container.privileged, f"{who} runs privileged")
    yield from _capabilities(ctx, container, who)
    for mount in container.mounts:
        if isinstance(mount.source, str) and mount.source.rstrip("/").endswith(_SOCKETS):
            yield ctx.finding(res, mount.path, f"{who} mounts the Docker socket {mount.source}")
    for value, what in ((container.network_mode, "network"), (container.pid_mode, "processes")):
        if value.explicit and value.any(lambda v: isinstance(v, str) and v.lower() == "host"):
            yield ctx.finding(res, value, f"{who} shares the host's {what} (host mode)")


def _capabilities(ctx, container, who):
    caps = container.capabilities
    if not caps.explicit:
        return
    for value in caps.possible():
        for i, cap in enumerate(value if isinstance(value, list) else [value]):
            name = cap.upper().removeprefix("CAP_") if isinstance(cap, str) else ""
            if name in _CAPABILITIES:
                yield ctx.finding(
                    container.resource, caps.path + (i,), f"{who} is given the capability {name}"
                )
