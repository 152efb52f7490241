"""The typed syntax tree of an HCL file (the native syntax: ``.tf``, ``.tfvars``).

``infralint.parse.hcl`` builds it; ``infralint.parse.terraform_json`` maps ``.tf.json`` into the
same expression nodes; ``infralint.graph.hcl_eval`` evaluates it, dispatching on node types.

Every expression node carries its exact position: ``line`` and ``column`` of its first
character, ``end_line`` and ``end_column`` just after its last one (1-based, end exclusive, as
``infralint.model.Span``). Bodies keep attributes by name and blocks in order; a template's
literal text is already decoded (escapes, ``$${``, a flush heredoc's indentation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infralint.model import Span


# -- structure ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Attribute:
    name: str
    expr: Any  # an expression node
    span: Span  # the whole ``name = expr``


@dataclass(slots=True)
class Block:
    type: str
    labels: list[str]
    body: Body
    span: Span  # from the type to the closing brace


@dataclass(slots=True)
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    issues: list[SyntaxIssue] = field(default_factory=list)  # a file's recovered errors

    def blocks_of(self, kind: str) -> list[Block]:
        return [b for b in self.blocks if b.type == kind]


@dataclass(slots=True)
class SyntaxIssue:
    """A problem found while parsing: an error the parser recovered from (the enclosing
    top-level item was dropped), or a warning."""

    message: str
    line: int
    column: int
    level: str = "error"


# -- expressions --------------------------------------------------------------------------------
@dataclass(slots=True)
class Expr:
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def span(self) -> Span:
        return Span(self.line, self.end_line, self.column, self.end_column)


@dataclass(slots=True)
class Literal(Expr):
    """A number, ``true``, ``false``, ``null``, an object key written as a bare name, or (in
    ``.tf.json``) a value taken as written."""

    value: Any


@dataclass(slots=True)
class Template(Expr):
    """A quoted string or heredoc: literal ``str`` parts, expressions (``${...}``) and
    ``TemplateIf`` / ``TemplateFor`` directives (``%{...}``)."""

    parts: list
    heredoc: bool = False


@dataclass(slots=True)
class TemplateIf(Expr):
    cond: Any
    then: list  # template parts
    otherwise: list


@dataclass(slots=True)
class TemplateFor(Expr):
    key_var: str | None
    value_var: str
    collection: Any
    body: list  # template parts


@dataclass(slots=True)
class Variable(Expr):
    """A name at the root of a traversal (``var`` in ``var.x``), or alone."""

    name: str


@dataclass(slots=True)
class GetAttr:
    name: str


@dataclass(slots=True)
class Index:
    key: Any  # an expression; the legacy ``.0`` form is a Literal


@dataclass(slots=True)
class Splat:
    """``[*]`` (``full``) or ``.*``: the steps after it apply to every element."""

    full: bool
    steps: list


@dataclass(slots=True)
class Traversal(Expr):
    source: Any  # a Variable, or any expression (``f(x).y``, ``[1, 2][0]``)
    steps: list  # GetAttr | Index | Splat


@dataclass(slots=True)
class FunctionCall(Expr):
    name: str  # ``provider::aws::arn_parse`` for a provider-defined function
    args: list
    expand: bool = False  # the last argument ends with ``...``


@dataclass(slots=True)
class Unary(Expr):
    op: str  # "!" or "-"
    operand: Any


@dataclass(slots=True)
class Binary(Expr):
    op: str
    left: Any
    right: Any


@dataclass(slots=True)
class Conditional(Expr):
    cond: Any
    yes: Any
    no: Any


@dataclass(slots=True)
class Parens(Expr):
    expr: Any


@dataclass(slots=True)
class Tuple(Expr):
    items: list


@dataclass(slots=True)
class ObjectItem(Expr):
    key: Any  # a Literal for a bare name; else an expression
    value: Any


@dataclass(slots=True)
class Object(Expr):
    items: list[ObjectItem]


@dataclass(slots=True)
class ForExpr(Expr):
    """``[for k, v in c : v if cond]`` (``key`` None) or ``{for k, v in c : k => v...}``."""

    key_var: str | None
    value_var: str
    collection: Any
    key: Any
    value: Any
    cond: Any
    grouping: bool = False
