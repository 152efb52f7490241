"""CloudFormation resource types' properties, from the resource provider schemas that cfn-lint
bundles (``cfnlint/data/schemas``), read as JSON without importing cfn-lint.

Only what a scan needs is read: the index of types once, then one schema file per resource type
met. Callers cache both per scan (``ctx.memo``). Two layouts are understood: an index
``providers/us-east-1.json`` naming each type's file in ``resources/``, and the older
``providers/us_east_1/aws-s3-bucket.json``, one file per type.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from infralint.facts import Fact

# Types whose properties are whatever the template author chooses.
FREE_FORM = ("AWS::CloudFormation::CustomResource",)
MAX_DEPTH = 12


@dataclass(slots=True)
class TemplateResource(Fact):
    """A CloudFormation resource as written: its properties, and whether a macro
    (``Transform``) rewrites the template before CloudFormation reads them."""

    properties: dict = field(default_factory=dict)
    rewritten: bool = False


def schemas_root() -> Path | None:
    """Where the installed cfn-lint keeps its schemas (None when it is not installed)."""
    spec = find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"
    return root if root.is_dir() else None


def load_index(root: Path | None) -> dict[str, str] | None:
    """Type name → schema file name of the current layout (None for the older layout)."""
    index = root / "providers" / "us-east-1.json" if root else None
    if index is None or not index.is_file():
        return None
    return json.loads(index.read_text(encoding="utf-8"))


def load_schema(root: Path | None, index: dict[str, str] | None, rtype: str) -> dict | None:
    """The provider schema of ``rtype``, or None when cfn-lint has none (SAM, custom, modules
    and third-party types)."""
    if root is None or rtype.startswith("Custom::") or rtype in FREE_FORM:
        return None
    if index is not None:
        name = index.get(rtype)
        path = root / "resources" / f"{name}.json" if isinstance(name, str) else None
    else:
        path = root / "providers" / "us_east_1" / (rtype.lower().replace("::", "-") + ".json")
    if path is None or not path.is_file():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    return schema if isinstance(schema, dict) else None


def unknown_properties(value: Any, schema: dict, path: tuple = ()) -> Iterator[tuple]:
    """(path, name, known names) for each property of ``value`` that ``schema`` does not
    define, at the top level and inside nested objects whose schema is closed and plain (no
    ``oneOf``/``anyOf``/pattern properties, which could admit other names)."""
    yield from _walk(value, schema, schema.get("definitions", {}), path, 0)


def _walk(value: Any, schema: Any, defs: dict, path: tuple, depth: int) -> Iterator[tuple]:
    schema = _resolved(schema, defs)
    if depth > MAX_DEPTH or not isinstance(schema, dict):
        return
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            yield from _walk(item, schema["items"], defs, path + (i,), depth + 1)
        return
    props = schema.get("properties")
    if not isinstance(value, dict) or not isinstance(props, dict):
        return
    closed = schema.get("additionalProperties") is False and not any(
        k in schema for k in ("patternProperties", "oneOf", "anyOf", "allOf")
    )
    for name, item in value.items():
        if name in props:
            yield from _walk(item, props[name], defs, path + (name,), depth + 1)
        elif closed and isinstance(name, str) and not name.startswith(("Fn::", "Ref")):
            yield path, name, sorted(props)


def _resolved(schema: Any, defs: dict) -> Any:
    for _ in range(MAX_DEPTH):  # a definition may be an alias of another
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/definitions/"):
            return schema
        schema = defs.get(ref.rsplit("/", 1)[-1])
    return None
