"""Declarative facts: one table says where each field of a fact is written in every format.

Most best-practice facts are a resource's settings: a log group's retention, a listener's TLS
policy, a queue's key. Rather than one adapter function per resource type per format, a
``Shape`` names the fact, the resource types it is read from in each format, and for each field
where it is written (a dotted path) and the AWS default that applies when it is not::

    LOG_GROUP = Shape(
        LogGroup,
        types={"terraform": ("aws_cloudwatch_log_group",),
               "cloudformation": ("AWS::Logs::LogGroup",)},
        fields={
            "retention_days": Field(
                {"terraform": "retention_in_days", "cloudformation": "RetentionInDays"},
                absent=0, reason="without a retention, logs are kept forever"),
        },
    )

A path steps into a nested block by name; a Terraform block written once (a list of one
mapping) is stepped into transparently (``access_logs.enabled``). A field whose reading needs
code gives a function per format instead of a path: ``read(res) -> Value``. A type ``"*"``
(``ANY``) reads the fact from every resource of the format (how any resource is written: its
name, its repeated keys). The format adapters (Terraform, CloudFormation, compose) call
``facts(res, format_name)`` for every resource; shapes are collected from ``SHAPE_MODULES``
(each module exposes ``SHAPES``), imported once per process on first use and never mutated.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from infralint.facts.values import Value, default, known
from infralint.graph import node
from infralint.model import Choice, Ref, Resource

# Modules whose ``SHAPES`` tuple declares facts (one per AWS service area).
SHAPE_MODULES: tuple[str, ...] = (
    # one module per line
    "infralint.facts.logs",
    "infralint.facts.correctness",
    "infralint.facts.network",
    "infralint.facts.snapshots",
    "infralint.facts.elb",
    "infralint.facts.compute",
    "infralint.facts.project",
    "infralint.facts.functions",
    "infralint.facts.databases",
    "infralint.facts.messaging",
    "infralint.facts.s3",
    "infralint.facts.edge",
    "infralint.facts.apis",
)

Reader = Callable[[Resource], Value]
ANY = "*"  # a resource type standing for every type of the format


@dataclass(frozen=True, slots=True)
class Field:
    """Where one field of a fact is written in each format (a dotted path or a reader), and the
    AWS default when it is not written (``absent`` for ``reason``; ``by_format`` overrides both
    for one format: ``{"cloudformation": (1, "CloudFormation keeps 1 day")}``)."""

    where: dict[str, str | Reader]
    absent: Any = None
    reason: str = ""
    by_format: dict[str, tuple[Any, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Shape:
    """A fact type, the resource types it is read from per format, and its fields."""

    fact: type
    types: dict[str, tuple[str, ...]]
    fields: dict[str, Field]
    # When set, decides per resource whether the fact applies at all (e.g. only ALBs).
    applies: Callable[[Resource], bool] | None = None


def setting(res: Resource, dotted: str, absent: Any = None, reason: str = "") -> Value:
    """The attribute at ``dotted`` of ``res``: as written (with its path), or ``absent`` for
    ``reason`` when any step is missing. A single nested block is stepped into."""
    value: Any = res.attrs
    path: list[Any] = []
    for step in dotted.split("."):
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], dict):
            value = value[0]
            path.append(0)
        if not isinstance(value, dict) or step not in value:
            return default(absent, reason, tuple(path) + (step,))
        value = value[step]
        path.append(step)
    return known(value, tuple(path))


def target(res: Resource, value: Any) -> Any:
    """What a reference written in ``res`` names: the ``node`` of the resource for a ``Ref``
    (element-wise in a list or ``Choice``); anything else (a literal id, an unknown) as is."""
    if isinstance(value, Ref):
        return node(res.scope, value.address)
    if isinstance(value, list):
        return [target(res, v) for v in value]
    if isinstance(value, Choice):
        return Choice(tuple(target(res, v) for v in value.options))
    return value


def mapped(value: Value, convert: Any) -> Value:
    """``value`` with each possible value converted (an unknown stays unknown)."""
    if value.unknown:
        return value
    if isinstance(value.value, Choice):
        return replace(value, value=Choice(tuple(convert(v) for v in value.value.options)))
    return replace(value, value=convert(value.value))


def refers(dotted: str) -> Reader:
    """A reader of the resource(s) the attribute at ``dotted`` refers to (see ``target``): a
    fact joins another by that node (``ctx.index(Other, by="node")``)."""

    def read_reference(res: Resource) -> Value:
        written = setting(res, dotted)
        return replace(written, value=target(res, written.value))

    return read_reference


def named(value: Value) -> str:
    """The one node (or literal name) a ``refers`` value holds; "" when it holds something
    else (a list, a choice, an unknown), so it can key an index."""
    return value.value if isinstance(value.value, str) else ""


def each(res: Resource, dotted: str) -> list[tuple[tuple, dict]]:
    """(path, block) of every block at ``dotted``: a list of blocks, or a single one."""
    value = setting(res, dotted)
    if not value.explicit:
        return []
    if isinstance(value.value, dict):
        return [(value.path, value.value)]
    if isinstance(value.value, list):
        return [(value.path + (i,), b) for i, b in enumerate(value.value) if isinstance(b, dict)]
    return []


def read(shape: Shape, res: Resource, fmt: str) -> Any:
    """The fact ``shape`` declares, read from ``res`` written in format ``fmt``."""
    values: dict[str, Value] = {}
    for name, f in shape.fields.items():
        where = f.where.get(fmt)
        absent, reason = f.by_format.get(fmt, (f.absent, f.reason))
        if where is None:
            values[name] = default(absent, reason)
        elif callable(where):
            values[name] = where(res)
        else:
            values[name] = setting(res, where, absent, reason)
    return shape.fact(resource=res, **values)


def facts(res: Resource, fmt: str) -> list:
    """Every declared fact of ``res`` (a resource written in format ``fmt``)."""
    index = _index()
    return [
        read(shape, res, fmt)
        for shape in (*index.get((fmt, res.type), ()), *index.get((fmt, ANY), ()))
        if shape.applies is None or shape.applies(res)
    ]


@cache
def _index() -> dict[tuple[str, str], tuple[Shape, ...]]:
    """(format, resource type) → the shapes read from it, over every module's ``SHAPES``."""
    index: dict[tuple[str, str], list[Shape]] = {}
    for name in SHAPE_MODULES:
        for shape in importlib.import_module(name).SHAPES:
            for fmt, types in shape.types.items():
                for rtype in types:
                    index.setdefault((fmt, rtype), []).append(shape)
    return {key: tuple(shapes) for key, shapes in index.items()}


class Referable:
    """A fact other facts refer to: ``node`` is what a reference to its resource names (see
    ``refers``), so a rule joins them with ``ctx.index(ThisFact, by="node")``."""

    __slots__ = ()

    @property
    def node(self) -> str:
        res = self.resource  # type: ignore[attr-defined]
        return node(res.scope, res.address)
