"""Evaluate HCL expressions (``infralint.parse.hcl_ast`` nodes) to values, statically.

What cannot be known (a variable without value, an unsupported function, a runtime attribute)
becomes ``Unknown`` with the reason; references to resources become ``Ref`` values and are
collected in ``Evaluator.refs`` (the graph's edges). Evaluation spends the scan's ``Budget``
(``infralint.limits``): steps and time stop it, a value too large becomes UNKNOWN.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from infralint.graph.hcl_functions import FUNCTIONS, LAZY
from infralint.graph.hcl_values import (
    Encoded,
    EvalError,
    decode_json,
    number,
    to_int,
    to_string,
    why,
)
from infralint.limits import Budget, Exceeded
from infralint.model import Choice, Ref, Span, Unknown, is_literal
from infralint.parse import hcl_ast as ast

__all__ = ["Encoded", "EvalError", "Evaluator", "decode_json", "to_string"]


# A scope resolves the first name of a traversal: it gets the root name and the following
# attribute/index steps, and returns (value, number of steps it consumed). KeyError: no such name.
Scope = Callable[[str, list], tuple[Any, int]]


class Evaluator:
    def __init__(
        self,
        scope: Scope,
        path: str = "",
        text: str = "",
        budget: Budget | None = None,
    ):
        self.scope = scope
        self.path = path
        self.text = text
        self.locals: list[dict[str, Any]] = []
        self.refs: set[str] = set()
        self.budget = budget if budget is not None else Budget()  # the scan's, shared

    # -- entry points -------------------------------------------------------------------------
    def evaluate(self, node: Any) -> Any:
        try:
            return self.eval(node)
        except EvalError as exc:
            return self.unknown(node, str(exc))
        except Exceeded as exc:  # steps or time: every value left is unknown
            return self.spent(exc, node)
        except RecursionError:
            return self.unknown(node, "nested too deeply to be evaluated")

    def unknown(self, node: Any, reason: str) -> Unknown:
        span = _safe_span(node)
        return Unknown(reason, self.source(span), self.path, span)

    def source(self, span: Span | None) -> str:
        if span is None or not self.text:
            return ""
        lines = _lines(self.text)[span.line - 1 : span.end_line]
        if not lines:
            return ""
        if len(lines) == 1:
            return lines[0][span.col - 1 : span.end_col - 1].strip()
        return (lines[0][span.col - 1 :] + " …").strip()

    # -- the evaluator ------------------------------------------------------------------------
    def eval(self, node: Any) -> Any:
        self.budget.step()
        handler = _HANDLERS.get(type(node))
        if handler is None:
            return self.unknown(node, f"unsupported expression ({type(node).__name__})")
        try:
            value = handler(self, node)
            if type(value) is list or type(value) is dict:
                self.budget.value(value)
            return value
        except Exceeded as exc:
            if exc.everything:
                raise
            return self.spent(exc, node)  # a size: only the value too large is unknown

    def spent(self, exc: Exceeded, node: Any) -> Unknown:
        span = _safe_span(node)
        self.budget.note(exc, self.path, span.line if span else 0)
        return self.unknown(node, str(exc))

    def _literal(self, node: ast.Literal) -> Any:
        return node.value

    def _variable(self, node: ast.Variable) -> Any:
        return self.traverse(node.name, [], node)

    def _parens(self, node: ast.Parens) -> Any:
        return self.eval(node.expr)

    def _tuple(self, node: ast.Tuple) -> list:
        return [self.eval(item) for item in node.items]

    def _object(self, node: ast.Object) -> dict:
        out: dict = {}
        for item in node.items:
            key = self.eval(item.key)
            if not isinstance(key, str | int | float | bool):
                raise EvalError("object key cannot be evaluated")
            out[to_string(key)] = self.eval(item.value)
        return out

    def _conditional(self, node: ast.Conditional) -> Any:
        test = self.eval(node.cond)
        if isinstance(test, Unknown | Ref | Choice):
            return self.unknown(node, f"condition is not known ({why(test)})")
        if not isinstance(test, bool):
            raise EvalError("condition is not a boolean")
        return self.eval(node.yes if test else node.no)

    def _unary(self, node: ast.Unary) -> Any:
        operand = self.eval(node.operand)
        if not is_literal(operand):
            return self.unknown(node, f"operand is not known ({why(operand)})")
        if node.op == "!":
            if not isinstance(operand, bool):
                raise EvalError("! needs a boolean")
            return not operand
        return -number(operand)

    def _binary(self, node: ast.Binary) -> Any:
        op = node.op
        lv = self.eval(node.left)
        if _decides(op, lv):
            return lv  # short-circuit keeps known results
        rv = self.eval(node.right)
        if _decides(op, rv) and not is_literal(lv):
            return rv  # `unknown && false` is false, `unknown || true` is true
        if not (is_literal(lv) and is_literal(rv)):
            return self.unknown(
                node, f"operand is not known ({why(lv if not is_literal(lv) else rv)})"
            )
        if op == "==":
            return lv == rv
        if op == "!=":
            return lv != rv
        if op in ("&&", "||"):
            if not isinstance(lv, bool) or not isinstance(rv, bool):
                raise EvalError(f"{op} needs booleans")
            return rv
        a, b = number(lv), number(rv)
        if op == "+":
            return number(a + b)
        if op == "-":
            return number(a - b)
        if op == "*":
            return number(a * b)
        if op in ("/", "%") and b == 0:
            raise EvalError("division by zero")
        if op == "/":
            return a / b
        if op == "%":
            return a % b
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]

    # -- traversals ---------------------------------------------------------------------------
    def _traversal(self, node: ast.Traversal) -> Any:
        steps = self._steps(node.steps)
        source = node.source
        if type(source) is ast.Variable:
            return self.traverse(source.name, steps, node)
        return self.apply_steps(self.eval(source), steps, node)

    def _steps(self, steps: list) -> list:
        out: list = []
        for step in steps:
            kind = type(step)
            if kind is ast.GetAttr:
                out.append(step.name)
            elif kind is ast.Index:
                out.append(self.eval(step.key))
            else:
                out.append(_Splat(self._steps(step.steps)))
        return out

    def traverse(self, root: str, steps: list, node: Any) -> Any:
        for frame in reversed(self.locals):
            if root in frame:
                return self.apply_steps(frame[root], steps, node)
        try:
            value, used = self.scope(root, steps)
        except KeyError:
            return self.unknown(node, f"unknown name {root!r}")
        address = getattr(value, "address", None)  # a Ref or a resource view: a graph edge
        if isinstance(address, str):
            self.refs.add(address)
        if isinstance(value, Unknown) and value.span is None:
            value = Unknown(
                value.reason, self.source(_safe_span(node)), self.path, _safe_span(node)
            )
        return self.apply_steps(value, steps[used:], node)

    def apply_steps(self, value: Any, steps: list, node: Any) -> Any:
        for step in steps:
            if isinstance(step, _Splat):
                if isinstance(value, Unknown | Ref):
                    return value
                items = value if isinstance(value, list) else ([] if value is None else [value])
                value = [self.apply_steps(v, step.steps, node) for v in items]
                continue
            value = self._step(value, step, node)
        return value

    def _step(self, value: Any, step: Any, node: Any) -> Any:
        if isinstance(value, Unknown):
            return value
        if isinstance(value, Ref):
            return Ref(value.address, f"{value.attribute}.{step}" if value.attribute else str(step))
        if isinstance(step, Unknown | Ref):
            return self.unknown(node, "index is not known")
        if isinstance(value, dict):
            if to_string(step) in value:
                return value[to_string(step)]
            raise EvalError(f"no attribute or key {step!r}")
        if isinstance(value, list):
            index = step if isinstance(step, int) else to_int(step)
            if index is None or not 0 <= index < len(value):
                raise EvalError(f"index {step!r} out of range")
            return value[index]
        if hasattr(value, "step"):  # a resource/module view
            return value.step(step)
        raise EvalError(f"cannot index {type(value).__name__} with {step!r}")

    # -- for expressions ----------------------------------------------------------------------
    def _bindings(self, node: Any) -> list[dict] | Unknown:
        """One frame of names per element of a ``for``'s collection."""
        collection = self.eval(node.collection)
        if not is_literal(collection) or not isinstance(collection, list | dict):
            return self.unknown(
                node, f"for expression over an unknown collection ({why(collection)})"
            )
        pairs = collection.items() if isinstance(collection, dict) else enumerate(collection)
        self.budget.items(len(collection))
        frames = []
        for key, value in pairs:
            frame = {node.value_var: value}
            if node.key_var is not None:
                frame[node.key_var] = key
            frames.append(frame)
        return frames

    def _for(self, node: ast.ForExpr) -> Any:
        frames = self._bindings(node)
        if isinstance(frames, Unknown):
            return frames
        items: list = []
        out: dict = {}
        for frame in frames:
            with _Frame(self, frame):
                if node.cond is not None and not self._cond(node.cond):
                    continue
                if node.key is None:
                    items.append(self.eval(node.value))
                    continue
                key = self.eval(node.key)
                if not isinstance(key, str | int | float | bool):
                    return self.unknown(node, "for expression key is not known")
                if node.grouping:
                    out.setdefault(to_string(key), []).append(self.eval(node.value))
                else:
                    out[to_string(key)] = self.eval(node.value)
        return items if node.key is None else out

    def _cond(self, cond: Any) -> bool:
        value = self.eval(cond)
        if not isinstance(value, bool):
            raise EvalError("for expression condition is not known")
        return value

    # -- functions ----------------------------------------------------------------------------
    def _call(self, node: ast.FunctionCall) -> Any:
        name = node.name
        if "::" in name:
            return self.unknown(node, "provider-defined functions are not evaluated")
        if name in LAZY:
            return LAZY[name](self, node.args, node)
        fn = FUNCTIONS.get(name)
        if fn is None:
            return self.unknown(node, f"function {name}() is not evaluated")
        args = [self.eval(a) for a in node.args]
        if node.expand and args and isinstance(args[-1], list):
            args = args[:-1] + args[-1]
        if name != "jsonencode":
            for arg in args:
                if not is_literal(arg):
                    return self.unknown(node, f"{name}() argument is not known ({why(arg)})")
        try:
            return fn(self.budget, *args)
        except (EvalError, Exceeded):
            raise
        except Exception as exc:
            raise EvalError(f"{name}(): {exc}") from None

    # -- templates ----------------------------------------------------------------------------
    def _template(self, node: ast.Template) -> Any:
        parts = node.parts
        if len(parts) == 1 and type(parts[0]) not in _TEXT_PARTS:
            return self.eval(parts[0])  # "${x}" is x itself, whatever its type
        if all(type(p) is str for p in parts):
            return "".join(parts)
        values = self._parts(parts)
        for value in values:
            if isinstance(value, Ref):
                self.refs.add(value.address)
        for value in values:
            if not is_literal(value) or isinstance(value, list | dict | Encoded):
                partial = _partial_json(parts, values)
                if partial is not None:  # a heredoc policy naming "${aws_s3_bucket.x.arn}/*"
                    return partial
                return self.unknown(node, f"interpolates a value that is not known ({why(value)})")
        return self.join([to_string(v) for v in values])

    def _parts(self, parts: list) -> list:
        """Each part's value; a directive's value is the text it renders (or Unknown)."""
        values = []
        for part in parts:
            kind = type(part)
            if kind is str:
                values.append(part)
            elif kind is ast.TemplateIf:
                values.append(self._template_if(part))
            elif kind is ast.TemplateFor:
                values.append(self._template_for(part))
            else:
                values.append(self.eval(part))
        return values

    def _render(self, parts: list, node: Any) -> Any:
        values = self._parts(parts)
        for value in values:
            if not is_literal(value) or isinstance(value, list | dict | Encoded):
                return self.unknown(
                    node, f"template directive over a value not known ({why(value)})"
                )
        return self.join([to_string(v) for v in values])

    def join(self, texts: list[str]) -> str:
        """The texts end to end, once the budget allows a string that long."""
        self.budget.text(sum(map(len, texts)))
        return "".join(texts)

    def _template_if(self, node: ast.TemplateIf) -> Any:
        test = self.eval(node.cond)
        if not isinstance(test, bool):
            return self.unknown(node, f"%{{ if }} condition is not known ({why(test)})")
        return self._render(node.then if test else node.otherwise, node)

    def _template_for(self, node: ast.TemplateFor) -> Any:
        frames = self._bindings(node)
        if isinstance(frames, Unknown):
            return frames
        out = []
        for frame in frames:
            with _Frame(self, frame):
                text = self._render(node.body, node)
            if isinstance(text, Unknown):
                return text
            out.append(text)
        return self.join(out)


def _decides(op: str, value: Any) -> bool:
    """True when ``value`` alone decides ``&&`` (false) or ``||`` (true)."""
    return isinstance(value, bool) and value is (op == "||") and op in ("&&", "||")


_TEXT_PARTS = (str, ast.TemplateIf, ast.TemplateFor)
_HANDLERS: dict[type, Callable] = {
    ast.Literal: Evaluator._literal,
    ast.Template: Evaluator._template,
    ast.Variable: Evaluator._variable,
    ast.Traversal: Evaluator._traversal,
    ast.FunctionCall: Evaluator._call,
    ast.Unary: Evaluator._unary,
    ast.Binary: Evaluator._binary,
    ast.Conditional: Evaluator._conditional,
    ast.Parens: Evaluator._parens,
    ast.Tuple: Evaluator._tuple,
    ast.Object: Evaluator._object,
    ast.ForExpr: Evaluator._for,
    ast.TemplateIf: Evaluator._template_if,
    ast.TemplateFor: Evaluator._template_for,
}


_MARK = "\ue000"  # a private-use character standing for an interpolation inside JSON text


def _partial_json(parts: list, values: list) -> Encoded | None:
    """A heredoc of JSON whose interpolations are not all known, as ``Encoded`` structure: a
    string that is exactly one interpolation keeps its value (a ``Ref``), a string holding one
    among other text is ``Unknown``. None when the text is not JSON with the interpolations
    inside strings."""
    chunks, marked = [], []
    for part, value in zip(parts, values, strict=True):
        if type(part) is not str and (
            not is_literal(value) or isinstance(value, list | dict | Encoded)
        ):
            chunks.append(f"{_MARK}{len(marked)}{_MARK}")
            marked.append(value)
        else:
            chunks.append(to_string(value))
    text = "".join(chunks)
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None

    def restore(value: Any) -> Any:
        if isinstance(value, list):
            return [restore(v) for v in value]
        if isinstance(value, dict):
            return {k: restore(v) for k, v in value.items()}
        if isinstance(value, str) and _MARK in value:
            whole = value.split(_MARK)
            if len(whole) == 3 and not whole[0] and not whole[2] and whole[1].isdigit():
                return marked[int(whole[1])]
            return Unknown("interpolates a value that is not known")
        return value

    return Encoded(restore(doc))


class _Frame:
    def __init__(self, ev: Evaluator, frame: dict):
        self.ev, self.frame = ev, frame

    def __enter__(self) -> None:
        self.ev.locals.append(self.frame)

    def __exit__(self, *exc: Any) -> None:
        self.ev.locals.pop()


class _Splat:
    __slots__ = ("steps",)

    def __init__(self, steps: list):
        self.steps = steps


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    """The lines of a file, split once (an evaluator is made for every resource instance)."""
    from infralint.lines import split_lines

    return split_lines(text)


def _safe_span(node: Any) -> Span | None:
    return node.span if isinstance(node, ast.Expr) else None
