"""ECS container definitions → ``Container`` facts, for Terraform and CloudFormation alike.

A task definition holds its containers as JSON: Terraform writes it with camelCase keys in
``container_definitions`` (usually ``jsonencode``, a heredoc or ``file()``), CloudFormation with
the same keys capitalised in ``ContainerDefinitions``. One reader serves both: it is given the
task definition's attribute names and the key style, and every value keeps its exact path so a
finding points at the line of the key inside the definition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from infralint.facts import Container, EnvVar, Mount
from infralint.facts.values import Value, default, known
from infralint.graph.hcl_eval import decode_json
from infralint.model import Resource, possible

_NO_USER = "no user is set: the container runs as the image's USER (root when it sets none)"
_NO_HEALTH = "no healthCheck: ECS only knows the container is running"
_NO_LOGS = "no logConfiguration: the container's output is not kept anywhere"
_NO_MEMORY = "no memory or memoryReservation: on EC2 the container may use all the host's memory"


def terraform(graph: Any, res: Resource) -> list[Container]:
    """The containers of an ``aws_ecs_task_definition``."""
    return _containers(
        res,
        "container_definitions",
        lambda key: key,
        launch=res.get("requires_compatibilities"),
        role=res.get("execution_role_arn"),
        role_path=("execution_role_arn",),
    )


def cloudformation(graph: Any, res: Resource) -> list[Container]:
    """The containers of an ``AWS::ECS::TaskDefinition``."""
    return _containers(
        res,
        "ContainerDefinitions",
        lambda key: key[:1].upper() + key[1:],
        launch=res.get("RequiresCompatibilities"),
        role=res.get("ExecutionRoleArn"),
        role_path=("ExecutionRoleArn",),
    )


def _containers(
    res: Resource,
    attribute: str,
    key: Callable[[str], str],
    launch: Any,
    role: Any,
    role_path: tuple,
) -> list[Container]:
    raw = res.get(attribute)
    defs = decode_json(raw)
    if not isinstance(defs, list):
        return []
    runtime = _runtime(launch)
    execution_role = (
        known(role, role_path) if role is not None else default(None, "no execution role")
    )
    out = []
    for i, item in enumerate(defs):
        if not isinstance(item, dict):
            continue
        base = (attribute, i)

        def get(*names: str, absent: Any = None, reason: str = "", _item=item, _base=base):
            value: Any = _item
            path = _base
            for name in names:
                k = key(name)
                if not isinstance(value, dict) or k not in value:
                    return default(absent, reason, path + (k,))
                value, path = value[k], path + (k,)
            return known(value, path)

        out.append(
            Container(
                resource=res,
                path=base,
                runtime=runtime,
                name=str(item.get(key("name"), "")),
                image=get("image"),
                user=get("user", reason=_NO_USER),
                privileged=get("privileged", absent=False, reason="ECS runs unprivileged"),
                capabilities=get("linuxParameters", "capabilities", "add", absent=[]),
                healthcheck=get("healthCheck", reason=_NO_HEALTH),
                memory=get("memory", reason=_NO_MEMORY),
                memory_reservation=get("memoryReservation", reason=_NO_MEMORY),
                essential=get("essential", absent=True, reason="ECS: essential by default"),
                logging=get("logConfiguration", reason=_NO_LOGS),
                network_mode=default(None),
                environment=_pairs(item, base, key, "environment", "value"),
                secrets=_pairs(item, base, key, "secrets", "valueFrom"),
                mounts=_mounts(item, base, key),
                execution_role=execution_role,
            )
        )
    return out


def _runtime(launch: Any) -> str:
    """ecs-fargate, ecs-ec2, or ecs when the launch type is mixed or not known."""
    if launch is None:
        return "ecs-ec2"  # a task definition without requires_compatibilities runs on EC2
    kinds = set()
    for value in possible(launch):
        for kind in value if isinstance(value, list) else [value]:
            if not isinstance(kind, str):
                return "ecs"
            kinds.add(kind.upper())
    if kinds == {"FARGATE"}:
        return "ecs-fargate"
    return "ecs-ec2" if kinds and "FARGATE" not in kinds else "ecs"


def _pairs(item: dict, base: tuple, key: Callable, field: str, value_key: str) -> list[EnvVar]:
    entries = item.get(key(field))
    out = []
    if isinstance(entries, list):
        for j, entry in enumerate(entries):
            if isinstance(entry, dict):
                path = base + (key(field), j)
                name = entry.get(key("name"))
                if key(value_key) in entry:
                    value: Value = known(entry[key(value_key)], path + (key(value_key),))
                else:
                    value = default(None, "", path + (key(value_key),))
                out.append(EnvVar(name, value))
    return out


def _mounts(item: dict, base: tuple, key: Callable) -> list[Mount]:
    points = item.get(key("mountPoints"))
    out = []
    if isinstance(points, list):
        for j, point in enumerate(points):
            if isinstance(point, dict):
                out.append(
                    Mount(
                        target=point.get(key("containerPath")),
                        source=point.get(key("sourceVolume"), ""),
                        kind="volume",
                        path=base + (key("mountPoints"), j),
                    )
                )
    return out
