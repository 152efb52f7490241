"""ECS container definitions → ``Container`` facts, for Terraform and CloudFormation alike.

A task definition holds its containers as JSON: Terraform writes it with camelCase keys in
``container_definitions`` (usually ``jsonencode``, a heredoc or ``file()``), CloudFormation with
the same keys capitalised in ``ContainerDefinitions``. One reader serves both: it is given the
task definition's attribute names and the key style, and every value keeps its exact path so a
finding points at the line of the key inside the definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from infralint.facts import Container, EnvVar, Mount
from infralint.facts.values import ABSENT, Value, default, known
from infralint.graph.hcl_eval import decode_json
from infralint.model import Choice, Ref, Resource, Unknown, as_bool, as_list, possible

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
        value_from=True,  # the resource schema rejects ValueFrom in Environment
    )


def _containers(
    res: Resource,
    attribute: str,
    key: Callable[[str], str],
    launch: Any,
    role: Any,
    role_path: tuple,
    value_from: bool = False,
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
                environment=_pairs(item, base, key, "environment", "value", value_from),
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


def _pairs(
    item: dict, base: tuple, key: Callable, field: str, value_key: str, value_from: bool = False
) -> list[EnvVar]:
    """The name/value entries of ``field``; with ``value_from``, a ``valueFrom`` written in an
    entry is kept too (to report it: only ``secrets`` entries may have one)."""
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
                misplaced = _value_from(entry, path, key) if value_from else ABSENT
                out.append(EnvVar(name, value, misplaced))
    return out


def _value_from(entry: dict, path: tuple, key: Callable) -> Value:
    name = key("valueFrom")
    if name not in entry:
        return default(None, "", path + (name,))
    return known(entry[name], path + (name,))


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


# References whose value is a secret itself (Terraform): resource type → attribute.
_SECRET_OUTPUTS = {
    "aws_secretsmanager_secret_version": "secret_string",
    "random_password": "result",
    "aws_iam_access_key": "secret",
}
_WORD = r"[A-Za-z_][\w-]*"
_INDEX = r"(?:\[[^\]]*\])?"
_SECRET_REFERENCE = re.compile(
    rf"\b(?:module\.{_WORD}{_INDEX}\.)*(?:data\.)?(?:"
    + "|".join(rf"{t}\.{_WORD}{_INDEX}\.{a}" for t, a in _SECRET_OUTPUTS.items())
    + r")\b"
)
_VARIABLE = re.compile(rf"\bvar\.({_WORD})")
_PASS_THROUGH = re.compile(r"^(?:nonsensitive|sensitive|tostring)\((.*)\)$", re.S)
_DYNAMIC = "{{resolve:secretsmanager:"
_PARAMETER = "AWS::CloudFormation::Parameter"
_PARAMETER_DEFAULT = "default of parameter "  # the Origin.via of a parameter's default


def carried_secret(graph: Any, res: Resource, value: Value) -> str:
    """The secret an environment variable's ``value`` carries, in words ("" when none): a
    Secrets Manager secret string, a ``random_password``, a CloudFormation dynamic reference to
    Secrets Manager, or a variable / parameter that holds a password. An ARN or a secret's name
    carries none: that is the right way to pass a secret."""
    for leaf in _leaves(value.value):
        what = _secret_in(graph, res, leaf)
        if what:
            return what
    origin = res.origins.get(value.path)
    via = origin.via if origin is not None else ""
    if via.startswith(_PARAMETER_DEFAULT):  # a literal that came from a parameter's default
        return _parameter(graph, res, via.removeprefix(_PARAMETER_DEFAULT))
    return ""


def _leaves(value: Any) -> list:
    """The options of a value (unlike ``possible``, unknowns are kept: they say what they are
    made of)."""
    if isinstance(value, Choice):
        return [leaf for option in value.options for leaf in _leaves(option)]
    return [value]


def _secret_in(graph: Any, res: Resource, value: Any) -> str:
    if isinstance(value, Ref) and value.attribute:
        return _terraform_expression(f"{value.address}.{value.attribute}")
    if isinstance(value, str):
        return _dynamic_reference(value)
    if not isinstance(value, Unknown):
        return ""
    expr = (value.source or value.expr).strip()
    if expr.startswith("!Sub "):
        return _dynamic_reference(expr)
    if expr.startswith("!Ref "):
        return _parameter(graph, res, expr[5:])
    return _terraform_expression(expr)


def _dynamic_reference(text: str) -> str:
    """A CloudFormation ``{{resolve:secretsmanager:id:SecretString:key}}`` in ``text`` that
    resolves to a secret: the whole secret string, or a key named like a secret (not
    ``username`` or ``host``)."""
    from infralint.secrets import is_secret_name

    # {{resolve:secretsmanager:secret-id[:SecretString[:json-key[:stage[:version]]]]}}
    for reference in text.split(_DYNAMIC)[1:]:
        _, given, rest = reference.partition(":SecretString:")
        key = rest.split(":", 1)[0].split("}", 1)[0] if given else ""
        if not key or is_secret_name(key):
            return "a Secrets Manager dynamic reference"
    return ""


def _terraform_expression(expr: str) -> str:
    """The secret a Terraform expression's text places as is (a reference, or interpolated into
    a string, or through ``nonsensitive``); what another function makes of a secret is not
    judged (``jsondecode(...)["host"]`` is no secret)."""
    passed = _PASS_THROUGH.match(expr)
    if passed:
        return _terraform_expression(passed.group(1).strip())
    if "(" in expr:
        return ""
    found = _SECRET_REFERENCE.search(expr)
    if found:
        return found.group(0)
    from infralint.secrets import is_secret_name

    for name in _VARIABLE.findall(expr):
        if is_secret_name(name):
            return f"var.{name}"
    return ""


def _parameter(graph: Any, res: Resource, name: str) -> str:
    """``parameter NAME`` when it is a CloudFormation parameter that holds a secret (NoEcho, or
    named like a password)."""
    from infralint.secrets import is_secret_name

    for param in graph.find(res.scope, name):
        if param.type == _PARAMETER and (
            as_bool(param.get("NoEcho")) is True or is_secret_name(name)
        ):
            return f"parameter {name}"
    return ""


# What gives an IAM role its permissions: resource type → the attribute naming the role(s).
_ROLE_LINKS = {
    "aws_iam_role_policy": "role",
    "aws_iam_role_policy_attachment": "role",
    "aws_iam_policy_attachment": "roles",
    "AWS::IAM::Policy": "Roles",
    "AWS::IAM::ManagedPolicy": "Roles",
    "AWS::IAM::RolePolicy": "RoleName",
}
# Where a policy holder writes its documents or names the policies it attaches.
_POLICY_PATHS = {
    "aws_iam_role": ("inline_policy.policy", "managed_policy_arns"),
    "aws_iam_role_policy": ("policy",),
    "aws_iam_role_policy_attachment": ("policy_arn",),
    "aws_iam_policy_attachment": ("policy_arn",),
    "aws_iam_policy": ("policy",),
    "AWS::IAM::Role": ("Policies.PolicyDocument", "ManagedPolicyArns"),
    "AWS::IAM::Policy": ("PolicyDocument",),
    "AWS::IAM::ManagedPolicy": ("PolicyDocument",),
    "AWS::IAM::RolePolicy": ("PolicyDocument",),
}
_ROLE_NAMES = {"aws_iam_role": "name", "AWS::IAM::Role": "RoleName"}


def role_policy_sources(graph: Any) -> dict[str, frozenset[str] | None]:
    """Each IAM role's graph key → the keys of the resources whose policy statements and managed
    policy attachments apply to it (the role, its role policies and attachments, the policies
    and policy documents they name); None when one of them cannot be known (a policy written by
    a function, an attachment naming a role that cannot be resolved)."""
    roles = {k: r for k, r in graph.resources.items() if r.type in _ROLE_NAMES}
    named = {
        (r.scope, r.get(_ROLE_NAMES[r.type])): k
        for k, r in roles.items()
        if isinstance(r.get(_ROLE_NAMES[r.type]), str)
    }
    sources: dict[str, set[str] | None] = {k: set() for k in roles}
    unsure: set[str] = set()  # scopes with an attachment to a role that cannot be resolved
    holders = [(k, r) for k, r in roles.items()]
    for res in graph.resources.values():
        attribute = _ROLE_LINKS.get(res.type)
        if attribute is None:
            continue
        for target in _leaves(res.get(attribute)):
            for item in as_list(target):
                key = graph.target(res, item) or (
                    named.get((res.scope, item)) if isinstance(item, str) else None
                )
                if key in roles:
                    holders.append((key, res))
                elif not isinstance(item, str):
                    unsure.add(res.scope)
    for role, holder in holders:
        found = _policy_keys(graph, holder, 2)
        known_sources = sources.get(role)
        if found is None or known_sources is None:
            sources[role] = None
        else:
            known_sources |= found
    return {
        k: None if v is None or roles[k].scope in unsure else frozenset(v)
        for k, v in sources.items()
    }


def _policy_keys(graph: Any, res: Resource, hops: int) -> set[str] | None:
    """``res`` and the policies / policy documents it names (following ``hops`` references),
    or None when a document or policy it names cannot be known."""
    from infralint.facts.aws import find

    keys = {res.key}
    for dotted in _POLICY_PATHS.get(res.type, ()):
        for _path, value in find(res.attrs, dotted):
            for leaf in _leaves(value):
                if isinstance(leaf, Ref):
                    key = graph.target(res, leaf)
                    target = graph.resources.get(key) if key else None
                    policy = target is not None and _judged(target)
                    more = _policy_keys(graph, target, hops - 1) if policy and hops else None
                    if more is None:
                        return None
                    keys |= more
                elif isinstance(leaf, Unknown):
                    return None
    return keys


def _judged(target: Resource) -> bool:
    """Whether a policy reference names something whose statements are known here: a policy
    or policy document of the configuration (not ``data "aws_iam_policy"``, which looks up a
    policy that exists elsewhere)."""
    if target.meta.get("data"):
        return target.type == "aws_iam_policy_document"
    return target.type in _POLICY_PATHS


def secret_service(graph: Any, res: Resource, value: Value) -> str:
    """Where an ECS secret's ``valueFrom`` points: "secretsmanager", "ssm", or "" when that
    cannot be told."""
    leaf = value.value
    if isinstance(leaf, Ref):
        key = graph.target(res, leaf)
        target = graph.resources.get(key) if key else None
        return _SECRET_STORES.get(target.type, "") if target is not None else ""
    if isinstance(leaf, str):
        return "secretsmanager" if ":secretsmanager:" in leaf else "ssm"
    expr = leaf.expr if isinstance(leaf, Unknown) else ""
    found = {s for t, s in _SECRET_STORES.items() if f"{t}." in expr}
    return found.pop() if len(found) == 1 else ""


_SECRET_STORES = {
    "aws_secretsmanager_secret": "secretsmanager",
    "AWS::SecretsManager::Secret": "secretsmanager",
    "aws_ssm_parameter": "ssm",
    "AWS::SSM::Parameter": "ssm",
}
