"""Terraform JSON configuration (``*.tf.json``) read into the same blocks and attributes as HCL.

Terraform's JSON syntax writes blocks as nested objects keyed by block type and labels
(``{"resource": {"aws_db_instance": {"main": {...}}}}``); string values are templates that may
hold ``${...}`` interpolations. Values become the expression nodes of ``hcl_ast``, so a
``.tf.json`` module evaluates exactly like a ``.tf`` one. A block type that appears twice at the
top level (two ``"resource"`` keys) is read twice, as Terraform does, with a warning. Which
nested object is a block and which is a map attribute needs the provider schema; without it, an
object is a nested block unless its name is one of the usual map attributes (``tags``, ...).
"""

from __future__ import annotations

from typing import Any

from infralint.model import Span
from infralint.parse import ParseError, json_doc
from infralint.parse import hcl_ast as ast
from infralint.parse.terraform import Attribute, Block, Body, HclFile, SyntaxIssue

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


def parse(text: str, path: str = "") -> HclFile:
    doc = json_doc.load(text, top_pairs=True)
    if not isinstance(doc.value, list):
        raise ParseError("a Terraform JSON file must hold an object", 1)
    spans = doc.spans
    top = Body()
    seen: set[str] = set()
    for index, (kind, content) in enumerate(doc.value):
        if kind == "//":
            continue
        if kind in seen:  # Terraform reads every occurrence of a block type
            line = spans[(index,)].line
            top.issues.append(
                SyntaxIssue(f"{kind!r} appears again: its blocks are merged", line, 1, "warning")
            )
        seen.add(kind)
        labels_wanted = _LABELS.get(kind, 0)
        for labels, body_path, value in _labelled(content, (index,), labels_wanted):
            if kind == "locals":
                for item_path, item in _objects(value, body_path):
                    top.blocks.append(
                        Block(kind, [], _body(item, spans, item_path, kind), spans[item_path])
                    )
                continue
            for item_path, item in _objects(value, body_path):
                span = spans.get(item_path, spans.get(body_path, _NO_SPAN))
                top.blocks.append(Block(kind, labels, _body(item, spans, item_path, kind), span))
    for line, message in doc.warnings:
        top.issues.append(SyntaxIssue(message, line, 1, "warning"))
    return HclFile(path, text, top)


def expression(value: Any, spans: dict, path: tuple, literal: bool = False) -> Any:
    """A JSON value as an expression: strings are templates (``${...}`` interpolations), arrays
    tuples, objects objects; ``literal``: the value as it is written (a variable's default)."""
    span = spans.get(path, _NO_SPAN)
    where = (span.line, span.col, span.end_line, span.end_col)
    if literal or value is None or isinstance(value, bool | int | float):
        return ast.Literal(*where, value)
    if isinstance(value, str):
        if "${" not in value and "%{" not in value:
            return ast.Template(*where, [value])
        from infralint.parse import hcl

        try:
            template = hcl.parse_template(value, span.line, span.col + 1)
        except hcl.HclSyntaxError:
            return ast.Literal(*where, value)
        template.line, template.column = span.line, span.col
        template.end_line, template.end_column = span.end_line, span.end_col
        return template
    if isinstance(value, list):
        return ast.Tuple(*where, [expression(v, spans, path + (i,)) for i, v in enumerate(value)])
    items = []
    for key, item in value.items():
        item_span = spans.get(path + (key,), span)
        at = (item_span.line, item_span.col, item_span.end_line, item_span.end_col)
        key_node = ast.Literal(*at, key)
        items.append(ast.ObjectItem(*at, key_node, expression(item, spans, path + (key,))))
    return ast.Object(*where, items)


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
        body.attributes[name] = Attribute(name, expression(item, spans, item_path, literal), span)
    return body


def _is_block(item: Any, name: str, kind: str) -> bool:
    if name in ("depends_on", "for_each", "count", "provider", "providers"):
        return False
    if kind == "dynamic":  # for_each / iterator / labels are arguments; content is a block
        return name == "content"
    if isinstance(item, dict):
        return True
    return isinstance(item, list) and bool(item) and all(isinstance(v, dict) for v in item)
