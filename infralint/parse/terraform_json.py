"""Terraform JSON configuration (``*.tf.json``) read into the same blocks and attributes as HCL.

Terraform's JSON syntax writes blocks as nested objects keyed by block type and labels
(``{"resource": {"aws_db_instance": {"main": {...}}}}``); string values are templates that may
hold ``${...}`` interpolations. Attribute expressions are ``JsonExpr`` nodes, which the HCL
evaluator understands, so a ``.tf.json`` module evaluates exactly like a ``.tf`` one. Which
nested object is a block and which is a map attribute needs the provider schema; without it, an
object is a nested block unless its name is one of the usual map attributes (``tags``, ...).
"""

from __future__ import annotations

from typing import Any

from infralint.model import Span
from infralint.parse import ParseError, json_doc
from infralint.parse.terraform import Attribute, Block, Body, HclFile

# Nested objects that are map-valued attributes, not blocks.
MAP_ATTRIBUTES = frozenset(
    {
        "tags",
        "tags_all",
        "variables",
        "labels",
        "parameters",
        "triggers",
        "metadata",
        "environment_variables",
    }
)
# Blocks whose every key is an argument (an object value is a map or object expression).
_ARGUMENT_BODIES = ("locals", "module", "output", "variable")
# Block types and how many labels they take.
_LABELS = {"resource": 2, "data": 2, "module": 1, "output": 1, "variable": 1, "provider": 1}
_NO_SPAN = Span(0, 0)


class JsonExpr:
    """An expression written in JSON: strings are templates, the rest literal structure.

    ``literal`` values (a variable's ``default``) are taken as they are written."""

    __slots__ = ("value", "spans", "path", "literal", "line", "end_line", "column", "end_column")

    def __init__(self, value: Any, spans: dict, path: tuple, literal: bool = False):
        self.value = value
        self.spans = spans
        self.path = path
        self.literal = literal
        span = spans.get(path, _NO_SPAN)
        self.line, self.end_line = span.line, span.end_line
        self.column, self.end_column = span.col, span.end_col

    def child(self, step: Any) -> JsonExpr:
        return JsonExpr(self.value[step], self.spans, self.path + (step,), self.literal)

    def sub_spans(self) -> dict[tuple, Span]:
        n = len(self.path)
        return {p[n:]: s for p, s in self.spans.items() if p[:n] == self.path and len(p) > n}

    def __str__(self) -> str:  # a source string, quoted as HCL would have it
        return f'"{self.value}"' if isinstance(self.value, str) else str(self.value)


def parse(text: str, path: str = "") -> HclFile:
    doc = json_doc.load(text)
    if not isinstance(doc.value, dict):
        raise ParseError("a Terraform JSON file must hold an object", 1)
    spans = doc.spans
    top = Body()
    for kind, content in doc.value.items():
        if kind == "//":
            continue
        labels_wanted = _LABELS.get(kind, 0)
        for labels, body_path, value in _labelled(content, (kind,), labels_wanted):
            if kind == "locals":
                for item_path, item in _objects(value, body_path):
                    top.blocks.append(
                        Block(kind, [], _body(item, spans, item_path, kind), spans[item_path])
                    )
                continue
            for item_path, item in _objects(value, body_path):
                span = spans.get(item_path, spans.get(body_path, _NO_SPAN))
                top.blocks.append(Block(kind, labels, _body(item, spans, item_path, kind), span))
    return HclFile(path, text, top)


def _labelled(value: Any, path: tuple, count: int) -> list[tuple[list[str], tuple, Any]]:
    """(labels, path, body) of the blocks below ``path``, descending ``count`` label levels."""
    if count == 0:
        return [([], path, value)]
    if not isinstance(value, dict):
        return []
    out = []
    for label, inner in value.items():
        if label == "//":
            continue
        for labels, inner_path, body in _labelled(inner, path + (label,), count - 1):
            out.append(([str(label), *labels], inner_path, body))
    return out


def _objects(value: Any, path: tuple) -> list[tuple[tuple, dict]]:
    """A block body is an object, or an array of objects (several blocks of the same kind)."""
    if isinstance(value, dict):
        return [(path, value)]
    if isinstance(value, list):
        return [(path + (i,), v) for i, v in enumerate(value) if isinstance(v, dict)]
    return []


def _body(value: dict, spans: dict, path: tuple, kind: str) -> Body:
    body = Body()
    arguments_only = kind in _ARGUMENT_BODIES
    for name, item in value.items():
        if name == "//":
            continue
        item_path = path + (name,)
        span = spans.get(item_path, _NO_SPAN)
        if kind == "variable" and name == "validation":
            continue
        if name == "dynamic" and isinstance(item, dict) and not arguments_only:
            for label, inner in item.items():
                for inner_path, obj in _objects(inner, item_path + (label,)):
                    body.blocks.append(
                        Block(
                            "dynamic",
                            [str(label)],
                            _body(obj, spans, inner_path, "dynamic"),
                            spans.get(inner_path, span),
                        )
                    )
            continue
        if not arguments_only and name not in MAP_ATTRIBUTES and _is_block(item, name, kind):
            for inner_path, obj in _objects(item, item_path):
                inner_kind = "content" if name == "content" else name
                body.blocks.append(
                    Block(
                        name,
                        [],
                        _body(obj, spans, inner_path, inner_kind),
                        spans.get(inner_path, span),
                    )
                )
            continue
        literal = kind == "variable" and name == "default"
        body.attributes[name] = Attribute(name, JsonExpr(item, spans, item_path, literal), span)
    return body


def _is_block(item: Any, name: str, kind: str) -> bool:
    if name in ("depends_on", "for_each", "count", "provider", "providers"):
        return False
    if kind == "dynamic":  # for_each / iterator / labels are arguments; content is a block
        return name == "content"
    if isinstance(item, dict):
        return True
    return isinstance(item, list) and bool(item) and all(isinstance(v, dict) for v in item)
