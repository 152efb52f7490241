"""Type constraints of Terraform variables: a value converted to its declared ``type`` the way
Terraform converts it, so far as a rule can tell the difference. Object attributes declared
``optional()`` and not given get their default (null without one); attributes the type does not
declare are dropped; primitives are converted (``"true"`` for a ``bool``). A value that does not
fit the type, or an unknown one, is left as it is.
"""

from __future__ import annotations

from typing import Any

from infralint.graph.hcl_values import EvalError, number, to_string
from infralint.model import Choice, Ref, Unknown
from infralint.parse import hcl_ast as ast


def convert(ev: Any, type_expr: Any, value: Any) -> Any:
    """``value`` converted to the type ``type_expr`` (an expression node) describes."""
    if value is None or isinstance(value, Unknown | Ref | Choice):
        return value  # a list or map with unknown parts is still converted, part by part
    kind = type(type_expr)
    if kind is ast.Variable:
        return _primitive(type_expr.name, value)
    if kind is not ast.FunctionCall or not type_expr.args:
        return value
    name, args = type_expr.name, type_expr.args
    if name in ("list", "set") and isinstance(value, list):
        return [convert(ev, args[0], v) for v in value]
    if name == "map" and isinstance(value, dict):
        return {k: convert(ev, args[0], v) for k, v in value.items()}
    if name == "tuple" and isinstance(value, list) and type(args[0]) is ast.Tuple:
        items = args[0].items
        if len(items) == len(value):
            return [convert(ev, t, v) for t, v in zip(items, value, strict=True)]
    if name == "object" and isinstance(value, dict) and type(args[0]) is ast.Object:
        return _object(ev, args[0], value)
    return value


def _object(ev: Any, spec: ast.Object, value: dict) -> dict:
    out: dict = {}
    for item in spec.items:
        key = item.key.value if type(item.key) is ast.Literal else None
        if not isinstance(key, str):
            return value  # an attribute name we cannot read: leave the value as written
        attr_type, optional = item.value, None
        if type(attr_type) is ast.FunctionCall and attr_type.name == "optional":
            optional = attr_type.args[1:]
            attr_type = attr_type.args[0] if attr_type.args else None
        if key in value and value[key] is not None:
            out[key] = convert(ev, attr_type, value[key])
        elif key in value or optional is not None:
            given = ev.evaluate(optional[0]) if optional else None
            out[key] = convert(ev, attr_type, given)
    return out


def _primitive(name: str, value: Any) -> Any:
    if isinstance(value, list | dict):
        return value
    try:
        if name == "string" and isinstance(value, bool | int | float):
            return to_string(value)
        if name == "number" and isinstance(value, str):
            return number(value)
        if name == "bool" and value in ("true", "false"):
            return value == "true"
    except EvalError:
        pass
    return value


__all__ = ["convert"]
