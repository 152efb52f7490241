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
code gives a function per format instead of a path: ``read(res) -> Value``. The format adapters
call ``facts(res, format_name)`` for every resource; shapes are collected from ``SHAPE_MODULES``
(each module exposes ``SHAPES``), imported once per process on first use and never mutated.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from infralint.facts.values import Value, default, known
from infralint.model import Resource

# Modules whose ``SHAPES`` tuple declares facts (one per AWS service area).
SHAPE_MODULES: tuple[str, ...] = (
    # one module per line
    "infralint.facts.logs",
    "infralint.facts.s3",
    "infralint.facts.edge",
    "infralint.facts.apis",
)

Reader = Callable[[Resource], Value]


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
    return [
        read(shape, res, fmt)
        for shape in _index().get((fmt, res.type), ())
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
