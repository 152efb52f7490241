"""Terraform (HCL2) files: python-hcl2's grammar, read into blocks and attributes with exact
spans. Expressions stay as parse trees; ``infralint.graph.hcl_eval`` evaluates them.

Files are parsed by ``infralint.parse.hcl``, which builds the trees of python-hcl2's grammar by
hand; what it does not accept goes to Lark with that grammar, for the tree or the error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infralint.model import Span
from infralint.parse import ParseError
from infralint.parse.hcl import LAYOUT


@dataclass(slots=True)
class Attribute:
    name: str
    expr: Any  # an infralint.parse.hcl Node or Leaf
    span: Span  # the whole "name = expr"


@dataclass(slots=True)
class Block:
    type: str
    labels: list[str]
    body: Body
    span: Span


@dataclass(slots=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def blocks_of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.type == kind]


@dataclass(slots=True)
class HclFile:
    path: str
    text: str
    body: Body


# python-hcl2's string terminals nest repetitions (``(a+)+``): on an unterminated string the
# regex engine backtracks exponentially (ten characters took minutes). The same language,
# written with one level of repetition, fails in linear time.
_LINEAR_STRINGS = {
    "STRING_LIT": r'STRING_LIT : "\"" (STRING_CHAR | INTERPOLATION)* "\""',
    "STRING_CHARS": r'STRING_CHAR : /(?!\$\{)(?:[^"\\]|\\.)/',
    "INTERPOLATION": r'INTERPOLATION : "${" (/(?!\$\{)[^}]/ | NESTED_INTERPOLATION)+ "}"',
}
_PARSER: list = []


def parser() -> Any:
    """python-hcl2's grammar with linear-time string terminals (built once; its tables are kept
    in infralint's cache directory, see ``infralint.cache.lark_parser``)."""
    if _PARSER:
        return _PARSER[0]
    from pathlib import Path

    import hcl2

    lines = (Path(hcl2.__file__).parent / "hcl2.lark").read_text(encoding="utf-8").splitlines()
    names = [line.split(" ", 1)[0] for line in lines]
    if not all(names.count(name) == 1 for name in _LINEAR_STRINGS):
        from hcl2.parser import hcl2 as stock  # an unknown grammar: use it as it is

        _PARSER.append(stock)
        return stock
    grammar = "\n".join(_LINEAR_STRINGS.get(n, line) for n, line in zip(names, lines, strict=True))
    from infralint.cache import lark_parser  # tables kept as data, never Lark's pickle

    _PARSER.append(lark_parser(grammar, parser="lalr", propagate_positions=True))
    return _PARSER[0]


def parse(text: str, path: str = "", lark: bool = True) -> HclFile:
    """``lark`` false: raise ``hcl.Unsupported`` for what the hand-written parser hands over."""
    # Terraform reads CRLF files; the grammar knows only "\n" (lines stay the same)
    start = tree(text.replace("\r\n", "\n") + "\n", lark)
    return HclFile(path, text, _body(start.children[0]))


def tree(text: str, lark: bool = True) -> Any:
    """The ``start`` tree of ``text``: the hand-written parser's, else Lark's (``ParseError``
    when Lark does not accept it either)."""
    from infralint.parse import hcl

    try:
        return hcl.parse(text)
    except RecursionError:
        if not lark:
            raise hcl.Unsupported("nested deeper than the hand-written parser goes") from None
    except hcl.Unsupported:
        if not lark:
            raise
    from lark.exceptions import LarkError, UnexpectedInput

    try:
        return _from_lark(parser().parse(text))
    except UnexpectedInput as exc:
        raise ParseError(f"invalid HCL: {_lark_message(exc)}", getattr(exc, "line", 0)) from None
    except LarkError as exc:
        raise ParseError(f"invalid HCL: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise ParseError("HCL nested too deeply") from None


def _from_lark(node: Any) -> Any:
    """A Lark tree as ``infralint.parse.hcl`` nodes and leaves."""
    from infralint.parse.hcl import Node, leaf

    if not hasattr(node, "data"):
        return leaf(node.type, str(node), node.line, node.column, node.end_line, node.end_column)
    children = [_from_lark(c) for c in node.children]
    meta = node.meta
    if meta.empty:
        return Node(str(node.data), children)
    return Node(str(node.data), children, meta.line, meta.column, meta.end_line, meta.end_column)


def _lark_message(exc: Exception) -> str:
    token = getattr(exc, "token", None)
    if token is not None and getattr(token, "type", "") != "$END":
        return f"unexpected {str(token)[:40]!r}"
    if token is not None:
        return "unexpected end of file (unclosed block or string?)"
    char = getattr(exc, "char", None)
    return f"unexpected character {char!r}" if char else str(exc).splitlines()[0]


def _body(tree: Any) -> Body:
    body = Body()
    for child in tree.children:
        kind = getattr(child, "data", None)
        if kind == "attribute":
            name = _identifier(child.children[0])
            body.attributes[name] = Attribute(name, child.children[1], span(child))
        elif kind == "block":
            labels: list[str] = []
            inner = None
            for part in child.children[1:]:
                part_kind = getattr(part, "data", None)
                if part_kind == "body":
                    inner = part
                elif part_kind == "identifier":
                    labels.append(_identifier(part))
                elif part_kind is None:  # a STRING_LIT label
                    labels.append(unquote(str(part)))
            block_type = _identifier(child.children[0])
            body.blocks.append(
                Block(
                    block_type, labels, _body(inner) if inner is not None else Body(), span(child)
                )
            )
    return body


def _identifier(tree: Any) -> str:
    return str(tree.children[0]) if hasattr(tree, "children") else str(tree)


def unquote(literal: str) -> str:
    """The text of a string literal without quotes; escapes are left for the evaluator."""
    return literal[1:-1] if len(literal) >= 2 and literal[0] == '"' else literal


def span(node: Any) -> Span:
    """Span of a tree or token; trailing newlines and comments do not count."""
    if not hasattr(node, "children"):  # a Leaf
        return Span(node.line, node.end_line, node.column, node.end_column)
    current = node
    while current.data not in _CLOSED:
        # an empty subtree (the body of `data "aws_partition" "current" {}`) has no position
        children = [c for c in current.children if not getattr(c, "empty", False)]
        if not children or (children[-1].end_line, children[-1].end_column) != (
            current.end_line,
            current.end_column,
        ):
            break  # a closing token ends it
        kept = [c for c in children if getattr(c, "data", None) not in LAYOUT]
        if not kept:
            break
        current = kept[-1]  # it ends with its last child: that child's real end, then
        if not hasattr(current, "children"):
            break
    return Span(node.line, current.end_line, node.column, current.end_column)


# Rules whose text ends with their own token (a bracket, a name, a literal), never with a newline
# or comment they took in: their span is their position.
_CLOSED = frozenset(
    (
        "expr_term",
        "unary_op",
        "identifier",
        "int_lit",
        "float_lit",
        "tuple",
        "object",
        "function_call",
        "provider_function_call",
        "heredoc_template",
        "heredoc_template_trim",
        "index_expr_term",
        "get_attr_expr_term",
        "attr_splat_expr_term",
        "full_splat_expr_term",
        "get_attr",
        "index",
        "attr_splat",
        "full_splat",
        "for_tuple_expr",
        "for_object_expr",
        "block",
        "colons",
    )
)
