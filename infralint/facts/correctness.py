"""Correctness facts: how a resource is written, whatever its type. Its labels (a Terraform
name Terraform rejects), the keys written twice in it (the later one silently wins), the
arguments computed anew on every plan (a diff that never goes away).

Read from every resource of a format through a ``"*"`` shape (``infralint.facts.shapes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from infralint.facts import Fact
from infralint.facts.shapes import ANY, Field, Shape
from infralint.facts.values import ABSENT, Value, known
from infralint.model import Resource, Unknown
from infralint.parse import DUPLICATE


@dataclass(slots=True)
class BlockLabels(Fact):
    """The labels of a Terraform resource block as written (``("aws_s3_bucket", "logs")``)."""

    labels: Value = ABSENT


@dataclass(frozen=True, slots=True)
class RepeatedKey:
    path: tuple  # the mapping holding it, inside the resource (``path + (key,)`` locates the
    # writing that is kept, the last one)
    key: str
    first_line: int  # where it was first written
    times: int  # how many times it is written


@dataclass(slots=True)
class DuplicateKeys(Fact):
    """The keys written twice in one mapping of a resource (HCL objects, YAML/JSON mappings)."""

    keys: tuple[RepeatedKey, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanTimeCall:
    path: tuple  # the argument
    function: str  # timestamp | uuid


@dataclass(slots=True)
class PlanTimeArguments(Fact):
    """Arguments of a Terraform resource computed anew on every plan, and what its
    ``lifecycle.ignore_changes`` lists (paths; ``("all",)`` for everything)."""

    calls: tuple[PlanTimeCall, ...] = ()
    ignored: tuple[tuple, ...] = ()
    intended: tuple[str, ...] = ()  # arguments whose purpose is to change (``triggers``)


def _labels(res: Resource) -> Value:
    return known(res.meta.get("labels", ()), ())


def _repeated(res: Resource) -> tuple[RepeatedKey, ...]:
    """Each key written more than once in a mapping, once (a marker per repeated writing
    names the line of the writing before it)."""
    seen: dict[tuple, list[int]] = {}
    for path in res.spans:
        if DUPLICATE in path:
            at = path.index(DUPLICATE)
            key, before = path[at + 1 : at + 3]
            seen.setdefault((path[:at], key), []).append(before)
    found = [RepeatedKey(p, k, min(lines), len(lines) + 1) for (p, k), lines in seen.items()]
    return tuple(sorted(found, key=lambda r: (r.first_line, r.key)))


def _has_repeated(res: Resource) -> bool:
    return any(DUPLICATE in path for path in res.spans)


# Functions whose value changes on every plan (the evaluator leaves them unknown and says so).
_PLAN_TIME = re.compile(r"\bfunction (timestamp|uuid)\(\) is not evaluated")


def _calls(value: Any, path: tuple = ()) -> list[PlanTimeCall]:
    if isinstance(value, Unknown):
        match = _PLAN_TIME.search(value.reason)
        return [PlanTimeCall(path, match.group(1))] if match else []
    if isinstance(value, dict):
        return [c for k, v in value.items() for c in _calls(v, path + (k,))]
    if isinstance(value, list):
        return [c for i, v in enumerate(value) for c in _calls(v, path + (i,))]
    return []


def _ignored(res: Resource) -> tuple[tuple, ...]:
    return tuple(res.meta.get("ignore_changes", ()))


# Arguments that exist to replace their resource (and re-run its provisioners) when they
# change: a timestamp() there asks for a run on every apply.
_TRIGGERS = {"null_resource": ("triggers",), "terraform_data": ("triggers_replace",)}


SHAPES = (
    Shape(
        BlockLabels,
        types={"terraform": (ANY,)},
        fields={"labels": Field({"terraform": _labels})},
    ),
    Shape(
        DuplicateKeys,
        types={"terraform": (ANY,), "cloudformation": (ANY,), "compose": (ANY,)},
        fields={
            "keys": Field(dict.fromkeys(("terraform", "cloudformation", "compose"), _repeated))
        },
        applies=_has_repeated,
    ),
    Shape(
        PlanTimeArguments,
        types={"terraform": (ANY,)},
        fields={
            "calls": Field({"terraform": lambda res: tuple(_calls(res.attrs))}),
            "ignored": Field({"terraform": _ignored}),
            "intended": Field({"terraform": lambda res: _TRIGGERS.get(res.type, ())}),
        },
    ),
)
