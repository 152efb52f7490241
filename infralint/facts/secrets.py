"""Secret-holding attributes of every format → ``SecretValue`` facts.

Which attributes hold secrets: the known secret properties of AWS resources (database master
passwords, cache auth tokens, provider keys), environment variables named like secrets (Lambda,
ECS task definitions, compose services) and CloudFormation ``NoEcho`` parameters. Whether the
value is a literal worth reporting is the rule's decision.
"""

from __future__ import annotations

from typing import Any

from infralint.facts import SecretValue
from infralint.facts.aws import SECRET_PROPERTIES, find
from infralint.facts.values import known
from infralint.graph.hcl_eval import decode_json
from infralint.model import Resource, as_list

_ENVIRONMENTS = {
    # resource type: dotted path to a NAME -> value mapping
    "aws_lambda_function": "environment.variables",
    "AWS::Lambda::Function": "Environment.Variables",
    "AWS::Serverless::Function": "Environment.Variables",
}


def adapt(graph: Any, res: Resource) -> None:
    from infralint.secrets import is_secret_name

    add = graph.add_fact
    for dotted in SECRET_PROPERTIES.get(res.type, ()):
        for path, value in find(res.attrs, dotted):
            add(SecretValue(res, path, dotted.rsplit(".", 1)[-1], known(value, path), dotted))
    dotted = _ENVIRONMENTS.get(res.type)
    if dotted:
        for path, variables in find(res.attrs, dotted):
            if isinstance(variables, dict):
                for name, value in variables.items():
                    if is_secret_name(str(name)):
                        add(
                            SecretValue(
                                res,
                                path + (name,),
                                str(name),
                                known(value, path + (name,)),
                                f"environment variable {name}",
                            )
                        )
    own = _BY_TYPE.get(res.type)
    if own is not None:
        own(graph, res, is_secret_name)


def _ecs_terraform(graph: Any, res: Resource, is_secret_name: Any) -> None:
    definitions = decode_json(res.get("container_definitions"))
    _container_environment(
        graph,
        res,
        ("container_definitions",),
        definitions,
        "environment",
        "name",
        "value",
        is_secret_name,
    )


def _ecs_cloudformation(graph: Any, res: Resource, is_secret_name: Any) -> None:
    _container_environment(
        graph,
        res,
        ("ContainerDefinitions",),
        res.get("ContainerDefinitions"),
        "Environment",
        "Name",
        "Value",
        is_secret_name,
    )


def _noecho_parameter(graph: Any, res: Resource, is_secret_name: Any) -> None:
    noecho = res.attrs.get("NoEcho") in (True, "true", "True")
    if "Default" in res.attrs and (noecho or is_secret_name(res.address)):
        default = known(res.attrs["Default"], ("Default",))
        what = "NoEcho parameter default" if noecho else "parameter default"
        graph.add_fact(SecretValue(res, ("Default",), res.address, default, what))


def _compose_service(graph: Any, res: Resource, is_secret_name: Any) -> None:
    raw = res.meta.get("raw", {}).get("environment")
    if isinstance(raw, dict):
        items = [((k,), k, v) for k, v in raw.items()]
    else:
        items = []
        for i, item in enumerate(as_list(raw)):
            if isinstance(item, str) and "=" in item:
                key, _, val = item.partition("=")
                items.append(((i,), key, val))
    for sub, name, value in items:
        if is_secret_name(str(name)):
            path = ("environment",) + sub
            graph.add_fact(
                SecretValue(
                    res, path, str(name), known(value, path), f"environment variable {name}"
                )
            )


def _container_environment(
    graph: Any,
    res: Resource,
    path: tuple,
    definitions: Any,
    env_key: str,
    name_key: str,
    value_key: str,
    is_secret_name: Any,
) -> None:
    for i, container in enumerate(as_list(definitions)):
        if not isinstance(container, dict):
            continue
        for j, entry in enumerate(as_list(container.get(env_key))):
            if isinstance(entry, dict) and is_secret_name(str(entry.get(name_key, ""))):
                name = str(entry[name_key])
                graph.add_fact(
                    SecretValue(
                        res,
                        path + (i, env_key, j, value_key),
                        name,
                        known(entry.get(value_key), path + (i, env_key, j, value_key)),
                        f"container environment {name}",
                    )
                )


_BY_TYPE = {
    # resource type: its own secret-holding values
    "aws_ecs_task_definition": _ecs_terraform,
    "AWS::ECS::TaskDefinition": _ecs_cloudformation,
    "AWS::CloudFormation::Parameter": _noecho_parameter,
    "compose_service": _compose_service,
}
