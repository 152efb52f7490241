"""Joins between facts without the graph: the resource a reference names, as a key.

A bucket's versioning written in its own ``aws_s3_bucket_versioning``, a WAF association naming
a load balancer, a log delivery naming a distribution: the configuring resource refers to the
configured one (``aws_s3_bucket.logs.id``, ``!Ref Logs``, ``!GetAtt Site.Arn``). ``target``
reads that reference as the configured resource's ``key_of``; rules then group the configuring
facts by it with ``ctx.index(Kind, by="target.value")``. A reference that names no resource of
the configuration (a variable, a name computed at deploy time) is UNKNOWN, so a rule can stay
silent on what it cannot see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from infralint.facts import Fact, shapes
from infralint.facts.values import ABSENT, Value, known
from infralint.graph import node
from infralint.model import Ref, Resource, Unknown


def key_of(res: Resource) -> str:
    """The key every instance of ``res`` (``count``/``for_each`` included) is joined on: the
    graph's ``node``, which a reference to it names."""
    return node(res.scope, res.address)


def name_key(res: Resource, name: object) -> str:
    """The key of a resource named ``name`` (a bucket's literal name) in ``res``'s scope."""
    return f"{res.scope}::name={name}"


def target(res: Resource, dotted: str) -> Value:
    """The resource the reference at ``dotted`` names, as a key: a ``Ref``'s ``key_of``, a
    literal name's ``name_key``, UNKNOWN for anything else, ABSENT when not written."""
    value = shapes.setting(res, dotted)
    if value.defaulted:
        return value
    ref = value.value
    if isinstance(ref, Ref):
        return replace(value, value=shapes.target(res, ref))
    if isinstance(ref, str) and ref and "${" not in ref:
        return replace(value, value=name_key(res, ref))
    return known(Unknown("the resource it names is not known before deployment"), value.path)


@dataclass(slots=True)
class Link(Fact):
    """A fact about a resource that names another one (``target``, a key)."""

    target: Value = ABSENT

    @property
    def unresolved_scope(self) -> str:
        """The scope of a link whose target is not known before deployment ("" otherwise)."""
        return self.resource.scope if self.target.unknown else ""


def naming(
    ctx: Any, kind: type, keys: tuple | list, scope: str, where: Callable[[Any], bool] = bool
) -> list | None:
    """For rules: the ``kind`` links (passing ``where``) that name one of ``keys``; None when
    such a link of ``scope`` names a resource not known before deployment (it may be one of
    them). The rule declares ``kind`` in its ``READS``."""
    by_target = ctx.index(kind, by="target.value")
    found = [link for key in keys for link in by_target.get(key, ()) if where(link)]
    if found:
        return found
    unresolved = ctx.index(kind, by="unresolved_scope").get(scope, ())
    return None if any(where(link) for link in unresolved) else []
