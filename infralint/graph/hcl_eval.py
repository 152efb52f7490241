"""Evaluate HCL expressions (python-hcl2 parse trees) to values, statically.

What cannot be known (a variable without value, an unsupported function, a runtime attribute)
becomes ``Unknown`` with the reason; references to resources become ``Ref`` values and are
collected in ``Evaluator.refs`` (the graph's edges). Evaluation is bounded by a step budget.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from infralint.model import Choice, Ref, Span, Unknown, is_literal
from infralint.parse import MAX_STEPS
from infralint.parse.hcl import LAYOUT
from infralint.parse.terraform import span as tree_span

_TRAVERSALS = (
    "get_attr_expr_term",
    "index_expr_term",
    "attr_splat_expr_term",
    "full_splat_expr_term",
)


class EvalError(Exception):
    """A definite error (missing attribute, wrong type): ``try()`` moves on, otherwise UNKNOWN."""


class Budget(Exception):
    pass


class Encoded:
    """``jsonencode`` of a value that is not fully known: keeps the structure for policy rules."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        return f"Encoded({self.value!r})"


def decode_json(value: Any) -> Any:
    """A policy-like value as a structure: parses JSON strings, unwraps ``Encoded``."""
    if isinstance(value, Encoded):
        return value.value
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "{[":
            try:
                return json.loads(text)
            except ValueError:
                return Unknown("not valid JSON")
    return value


# A scope resolves the first name of a traversal: it gets the root name and the following
# attribute/index steps, and returns (value, number of steps it consumed). KeyError: no such name.
Scope = Callable[[str, list], tuple[Any, int]]


class Evaluator:
    def __init__(
        self,
        scope: Scope,
        path: str = "",
        text: str = "",
        steps: list | None = None,
        max_steps: int = MAX_STEPS,
    ):
        self.scope = scope
        self.path = path
        self.text = text
        self.locals: list[dict[str, Any]] = []
        self.refs: set[str] = set()
        self.steps = steps if steps is not None else [0]  # shared budget across evaluators
        self.max_steps = max_steps

    # -- entry points -------------------------------------------------------------------------
    def evaluate(self, node: Any) -> Any:
        try:
            return self.eval(node)
        except EvalError as exc:
            return self.unknown(node, str(exc))
        except (Budget, RecursionError):
            return self.unknown(node, "evaluation budget exhausted")

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
        self.steps[0] += 1
        if self.steps[0] > self.max_steps:
            raise Budget()
        kind = getattr(node, "data", None)
        if kind is None and hasattr(node, "spans"):  # an expression of a .tf.json file
            return self._json(node)
        if kind is None:  # a token: STRING_LIT
            return self.template(str(node)[1:-1], node)
        handler = getattr(self, "_" + kind, None)
        if handler is None:
            return self.unknown(node, f"unsupported expression ({kind})")
        return handler(node)

    def _json(self, node: Any) -> Any:
        value = node.value
        if node.literal:
            return value
        if isinstance(value, str):
            return self.template(value, node, escapes=False)
        if isinstance(value, list):
            return [self.eval(node.child(i)) for i in range(len(value))]
        if isinstance(value, dict):
            return {k: self.eval(node.child(k)) for k in value}
        return value

    def _kept(self, node: Any) -> list:
        """The children that are not layout (newlines, comments, commas); do not change it."""
        children = node.children
        if len(children) == 1:  # most nodes: an expr_term around one term
            return [] if getattr(children[0], "data", None) in LAYOUT else children
        return [c for c in children if getattr(c, "data", None) not in LAYOUT]

    def _expr_term(self, node: Any) -> Any:
        kept = self._kept(node)
        return self.eval(kept[0]) if kept else None

    def _int_lit(self, node: Any) -> int:
        return int("".join(str(c) for c in node.children))

    def _float_lit(self, node: Any) -> float:
        return float("".join(str(c) for c in node.children))

    def _identifier(self, node: Any) -> Any:
        name = str(node.children[0])
        if name in ("true", "false"):
            return name == "true"
        if name == "null":
            return None
        return self.traverse(name, [], node)

    def _tuple(self, node: Any) -> list:
        return [self.eval(c) for c in self._kept(node)]

    def _object(self, node: Any) -> dict:
        out: dict = {}
        for elem in self._kept(node):
            key_node, value_node = elem.children[0], elem.children[-1]
            if getattr(key_node, "data", None) == "identifier":
                key: Any = str(key_node.children[0])
            else:
                key = self.eval(key_node)
                if getattr(key_node, "data", None) == "expr_term" and isinstance(key, Unknown):
                    raise EvalError("object key cannot be evaluated")
            if not isinstance(key, str | int | float | bool):
                raise EvalError("object key is not a string")
            out[str(key)] = self.eval(value_node)
        return out

    def _heredoc_template(self, node: Any) -> Any:
        text = str(node.children[0])
        body = text.split("\n", 1)[1] if "\n" in text else ""
        body = body.rsplit("\n", 1)[0] + "\n" if "\n" in body else ""
        return self.template(body, node, escapes=False)

    def _heredoc_template_trim(self, node: Any) -> Any:
        text = str(node.children[0])
        body = text.split("\n", 1)[1] if "\n" in text else ""
        lines = body.rsplit("\n", 1)[0].split("\n") if "\n" in body else []
        indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
        cut = min(indents) if indents else 0
        return self.template("\n".join(ln[cut:] for ln in lines) + "\n", node, escapes=False)

    def _conditional(self, node: Any) -> Any:
        cond, yes, no = self._kept(node)
        test = self.eval(cond)
        if isinstance(test, Unknown | Ref | Choice):
            return self.unknown(node, f"condition is not known ({_why(test)})")
        if not isinstance(test, bool):
            raise EvalError("condition is not a boolean")
        return self.eval(yes if test else no)

    def _unary_op(self, node: Any) -> Any:
        op, operand = str(node.children[0]), self.eval(node.children[1])
        if not is_literal(operand):
            return self.unknown(node, f"operand is not known ({_why(operand)})")
        if op == "!":
            if not isinstance(operand, bool):
                raise EvalError("! needs a boolean")
            return not operand
        return -_number(operand)

    def _binary_op(self, node: Any) -> Any:
        # python-hcl2 nests a chain right-recursively without precedence: flatten it and apply
        # HCL's precedence ourselves.
        operands, operators = [], []
        current = node
        while getattr(current, "data", None) == "binary_op":
            kept = self._kept(current)
            operands.append(kept[0])
            term = kept[1]
            term_kept = self._kept(term)
            operators.append(str(term_kept[0].children[0]))
            current = term_kept[1]
        # it also reads `a == b ? x : y` as `a == (b ? x : y)`: the conditional binds loosest
        last = current
        while getattr(last, "data", None) == "expr_term" and len(self._kept(last)) == 1:
            last = self._kept(last)[0]
        if getattr(last, "data", None) == "conditional":
            cond, yes, no = self._kept(last)
            test = self._precedence(operands + [cond], operators, node)
            if isinstance(test, Unknown | Ref | Choice):
                return self.unknown(node, f"condition is not known ({_why(test)})")
            if not isinstance(test, bool):
                raise EvalError("condition is not a boolean")
            return self.eval(yes if test else no)
        operands.append(current)
        return self._precedence(operands, operators, node)

    _PRECEDENCE = {
        "||": 1,
        "&&": 2,
        "==": 3,
        "!=": 3,
        "<": 4,
        ">": 4,
        "<=": 4,
        ">=": 4,
        "+": 5,
        "-": 5,
        "*": 6,
        "/": 6,
        "%": 6,
    }

    def _precedence(self, operands: list, operators: list, node: Any) -> Any:
        output: list = [operands[0]]
        stack: list[str] = []
        for op, operand in zip(operators, operands[1:], strict=True):
            while stack and self._PRECEDENCE[stack[-1]] >= self._PRECEDENCE[op]:
                output.append(stack.pop())
            stack.append(op)
            output.append(operand)
        output.extend(reversed(stack))
        values: list = []
        for item in output:
            if isinstance(item, str) and item in self._PRECEDENCE:
                right, left = values.pop(), values.pop()
                values.append(self._apply(item, left, right, node))
            else:
                values.append(_Lazy(self, item))
        return values[0].get() if isinstance(values[0], _Lazy) else values[0]

    def _apply(self, op: str, left: Any, right: Any, node: Any) -> Any:
        lv = left.get() if isinstance(left, _Lazy) else left
        if isinstance(lv, bool) and ((op == "&&" and not lv) or (op == "||" and lv)):
            return lv  # short-circuit keeps known results
        rv = right.get() if isinstance(right, _Lazy) else right
        if not (is_literal(lv) and is_literal(rv)):
            return self.unknown(
                node, f"operand is not known ({_why(lv if not is_literal(lv) else rv)})"
            )
        if op == "==":
            return lv == rv
        if op == "!=":
            return lv != rv
        if op in ("&&", "||"):
            if not isinstance(rv, bool):
                raise EvalError(f"{op} needs booleans")
            return rv
        a, b = _number(lv), _number(rv)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            if b == 0:
                raise EvalError("division by zero")
            return a / b
        if op == "%":
            if b == 0:
                raise EvalError("division by zero")
            return a % b
        return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]

    # -- traversals ---------------------------------------------------------------------------
    def _get_attr_expr_term(self, node: Any) -> Any:
        return self._traversal(node)

    _index_expr_term = _attr_splat_expr_term = _full_splat_expr_term = _get_attr_expr_term

    def _traversal(self, node: Any) -> Any:
        steps: list = []
        current = node
        while True:
            if getattr(current, "data", None) in _TRAVERSALS:
                inner, op = current.children[0], current.children[1]
                steps[:0] = self._steps(op)
                current = inner
                continue
            # python-hcl2 wraps each inner traversal in an expr_term: `data.a.b.json` nests as
            # expr_term(get_attr(expr_term(get_attr(...)))); unwrap it so the root name sees
            # every step (data sources and module outputs need two)
            kept = self._kept(current) if getattr(current, "data", None) == "expr_term" else []
            if len(kept) == 1 and getattr(kept[0], "data", None) in _TRAVERSALS:
                current = kept[0]
                continue
            break
        root = self._kept(current)[0] if getattr(current, "data", None) == "expr_term" else current
        if getattr(root, "data", None) == "identifier":
            return self.traverse(str(root.children[0]), steps, node)
        return self.apply_steps(self.eval(current), steps, node)

    def _steps(self, op: Any) -> list:
        kind = op.data
        if kind == "get_attr":
            return [str(op.children[0].children[0])]
        if kind == "index":
            kept = self._kept(op)
            if all(getattr(c, "data", None) is None for c in kept):  # the legacy .0 form
                return [int("".join(str(c) for c in kept))]
            return [self.eval(kept[0])]
        sub: list = []
        for child in op.children:  # attr_splat / full_splat
            sub.extend(self._steps(child))
        return [_Splat(sub)]

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
        for i, step in enumerate(steps):
            if isinstance(step, _Splat):
                if isinstance(value, Unknown | Ref):
                    return value
                items = value if isinstance(value, list) else ([] if value is None else [value])
                return [self.apply_steps(v, step.steps + steps[i + 1 :], node) for v in items]
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
            if str(step) in value:
                return value[str(step)]
            raise EvalError(f"no attribute or key {step!r}")
        if isinstance(value, list):
            index = step if isinstance(step, int) else _to_int(step)
            if index is None or not 0 <= index < len(value):
                raise EvalError(f"index {step!r} out of range")
            return value[index]
        if hasattr(value, "step"):  # a resource/module view
            return value.step(step)
        raise EvalError(f"cannot index {type(value).__name__} with {step!r}")

    # -- for expressions ----------------------------------------------------------------------
    def _for_intro(self, node: Any) -> tuple[list[str], Any]:
        names = [
            str(c.children[0]) for c in node.children if getattr(c, "data", None) == "identifier"
        ]
        collection = [
            c
            for c in node.children
            if hasattr(c, "data") and c.data not in ("identifier", "new_line_or_comment")
        ][0]
        return names, self.eval(collection)

    def _iterate(self, node: Any) -> tuple[list, Any] | Unknown:
        trees = [c for c in node.children if hasattr(c, "data") and c.data != "new_line_or_comment"]
        names, collection = self._for_intro(trees[0])
        if not is_literal(collection) or not isinstance(collection, list | dict):
            return self.unknown(
                node, f"for expression over an unknown collection ({_why(collection)})"
            )
        pairs = (
            list(collection.items())
            if isinstance(collection, dict)
            else list(enumerate(collection))
        )
        bindings = []
        for key, value in pairs:
            frame = {names[-1]: value}
            if len(names) == 2:
                frame[names[0]] = key
            bindings.append(frame)
        return bindings, trees[1:]

    def _for_tuple_expr(self, node: Any) -> Any:
        result = self._iterate(node)
        if isinstance(result, Unknown):
            return result
        bindings, trees = result
        value_expr, cond = trees[0], (trees[1] if len(trees) > 1 else None)
        out = []
        for frame in bindings:
            with _Frame(self, frame):
                if cond is not None and not self._cond(cond, node):
                    continue
                out.append(self.eval(value_expr))
        return out

    def _for_object_expr(self, node: Any) -> Any:
        result = self._iterate(node)
        if isinstance(result, Unknown):
            return result
        bindings, trees = result
        grouping = any(str(c) == "..." for c in node.children if not hasattr(c, "data"))
        key_expr, value_expr = trees[0], trees[1]
        cond = trees[2] if len(trees) > 2 else None
        out: dict = {}
        for frame in bindings:
            with _Frame(self, frame):
                if cond is not None and not self._cond(cond, node):
                    continue
                key = self.eval(key_expr)
                if not isinstance(key, str | int | float | bool):
                    return self.unknown(node, "for expression key is not known")
                if grouping:
                    out.setdefault(str(key), []).append(self.eval(value_expr))
                else:
                    out[str(key)] = self.eval(value_expr)
        return out

    def _cond(self, cond: Any, node: Any) -> bool:
        expr = [c for c in cond.children if hasattr(c, "data") and c.data != "new_line_or_comment"][
            0
        ]
        value = self.eval(expr)
        if not isinstance(value, bool):
            raise EvalError("for expression condition is not known")
        return value

    # -- functions ----------------------------------------------------------------------------
    def _function_call(self, node: Any) -> Any:
        kept = self._kept(node)
        name = str(kept[0].children[0])
        arg_nodes = self._kept(kept[1]) if len(kept) > 1 else []
        expand = len(kept) > 1 and any(
            str(c) == "..." for c in kept[1].children if not hasattr(c, "data")
        )
        from infralint.graph.hcl_functions import FUNCTIONS, LAZY

        if name in LAZY:
            return LAZY[name](self, arg_nodes, node)
        fn = FUNCTIONS.get(name)
        if fn is None:
            return self.unknown(node, f"function {name}() is not evaluated")
        args = [self.eval(a) for a in arg_nodes]
        if expand and args and isinstance(args[-1], list):
            args = args[:-1] + args[-1]
        if name != "jsonencode":
            for arg in args:
                if not is_literal(arg):
                    return self.unknown(node, f"{name}() argument is not known ({_why(arg)})")
        try:
            return fn(*args)
        except EvalError:
            raise
        except Exception as exc:
            raise EvalError(f"{name}(): {exc}") from None

    def _provider_function_call(self, node: Any) -> Any:
        return self.unknown(node, "provider-defined functions are not evaluated")

    # -- templates ----------------------------------------------------------------------------
    def template(self, text: str, node: Any, escapes: bool = True) -> Any:
        parts = split_template(text, escapes)
        if isinstance(parts, str):
            return parts
        if parts is None:
            return self.unknown(node, "template directives (%{...}) are not evaluated")
        values = []
        for part in parts:
            if isinstance(part, _Interp):
                expr = _parse_expression(part.source)
                if expr is None:
                    return self.unknown(node, f"cannot parse interpolation ${{{part.source}}}")
                values.append(self.eval(expr))
            else:
                values.append(part)
        if len(values) == 1 and isinstance(parts[0], _Interp):
            return values[0]  # "${x}" is x itself, whatever its type
        for value in values:
            if isinstance(value, Ref):
                self.refs.add(value.address)
        for value in values:
            if not is_literal(value) or isinstance(value, list | dict | Encoded):
                partial = None if escapes else _partial_json(parts, values)
                if partial is not None:  # a heredoc policy naming "${aws_s3_bucket.x.arn}/*"
                    return partial
                return self.unknown(node, f"interpolates a value that is not known ({_why(value)})")
        return "".join(_to_string(v) for v in values)


_MARK = "\ue000"  # a private-use character standing for an interpolation inside JSON text


def _partial_json(parts: list, values: list) -> Encoded | None:
    """A heredoc of JSON whose interpolations are not all known, as ``Encoded`` structure: a
    string that is exactly one interpolation keeps its value (a ``Ref``), a string holding one
    among other text is ``Unknown``. None when the text is not JSON with the interpolations
    inside strings."""
    chunks, marked = [], []
    for part, value in zip(parts, values, strict=True):
        if isinstance(part, _Interp) and (
            not is_literal(value) or isinstance(value, list | dict | Encoded)
        ):
            chunks.append(f"{_MARK}{len(marked)}{_MARK}")
            marked.append(value)
        else:
            chunks.append(_to_string(value))
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


class _Lazy:
    """An operand evaluated only when needed (short-circuit of && and ||)."""

    __slots__ = ("ev", "node", "done", "value")

    def __init__(self, ev: Evaluator, node: Any):
        self.ev, self.node, self.done, self.value = ev, node, False, None

    def get(self) -> Any:
        if not self.done:
            self.value, self.done = self.ev.eval(self.node), True
        return self.value


class _Splat:
    __slots__ = ("steps",)

    def __init__(self, steps: list):
        self.steps = steps


class _Interp:
    __slots__ = ("source",)

    def __init__(self, source: str):
        self.source = source


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def split_template(text: str, escapes: bool = True) -> str | list | None:
    """Literal text and ``${...}`` interpolations; a plain string when there is none, None for
    ``%{...}`` directives."""
    if "${" not in text and "%{" not in text and (not escapes or "\\" not in text):
        return text
    parts: list = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if escapes and ch == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "u" and i + 6 <= n:
                try:
                    buf.append(chr(int(text[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                except ValueError:
                    pass
            buf.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        if ch in "$%" and text.startswith(ch + "{", i + 1):  # $${ and %%{ are literal
            buf.append(ch + "{")
            i += 3
            continue
        if ch in "$%" and text.startswith("{", i + 1):
            end = _matching_brace(text, i + 2)
            if end < 0:
                buf.append(text[i:])
                break
            if ch == "%":
                return None
            if buf:
                parts.append("".join(buf))
                buf = []
            inner = text[i + 2 : end].strip()
            parts.append(_Interp(inner.strip("~").strip()))
            i = end + 1
            continue
        buf.append(ch)
        i += 1
    if buf:
        parts.append("".join(buf))
    if not any(isinstance(p, _Interp) for p in parts):
        return "".join(parts)
    return parts


def _matching_brace(text: str, start: int) -> int:
    depth, i, quote = 1, start, False
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = False
        elif ch == '"':
            quote = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


_EXPR_CACHE: dict[str, Any] = {}


def _parse_expression(source: str) -> Any:
    if source not in _EXPR_CACHE:
        from infralint.parse.terraform import tree

        try:
            _EXPR_CACHE[source] = tree(f"x = {source}\n").children[0].children[0].children[1]
        except Exception:
            _EXPR_CACHE[source] = None
    return _EXPR_CACHE[source]


@functools.lru_cache(maxsize=8)
def _lines(text: str) -> list[str]:
    """The lines of a file, split once (an evaluator is made for every resource instance)."""
    from infralint.lines import split_lines

    return split_lines(text)


def _safe_span(node: Any) -> Span | None:
    try:
        return tree_span(node)
    except Exception:
        return None


def _why(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.reason
    if isinstance(value, Ref):
        return f"{value} is known only after apply"
    if isinstance(value, Choice):
        return "one of several values"
    if isinstance(value, list | dict):
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            if not is_literal(item):
                return _why(item)
    return "not known"


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError("expected a number, got a boolean")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                pass
    raise EvalError(f"expected a number, got {value!r}")


def _to_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _to_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


to_string = _to_string
number = _number
why = _why
