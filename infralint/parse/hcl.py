"""A hand-written HCL2 parser that builds the trees of python-hcl2's grammar, fast.

python-hcl2's grammar (``hcl2.lark``) is the reference: ``parse`` returns the tree Lark builds
with that grammar (the same rule names, children, token types and positions), several times
faster, because it skips Lark's table-driven LALR machinery. It follows the grammar's quirks
too: binary operators nest to the right without precedence (the evaluator applies it), a
newline after a binary operation belongs to it, an integer is one token per digit.

One thing it reads that the grammar rejects, because Terraform reads it: object elements on
separate lines after an operation (``a = b + 1`` then ``c = 2``). The grammar gives the newline
to the operation and then finds no separator; here the newline becomes that separator.

Whatever else it does not accept (a syntax error, a number with an exponent, an unusual layout)
raises ``Unsupported``; ``infralint.parse.terraform`` then asks Lark, for the error message or
the tree. ``tests/test_hcl_parser.py`` compares both parsers' trees on every fixture, a
generated corpus, hand-picked corner cases and random documents.
"""

from __future__ import annotations

import re
from typing import Any


class Unsupported(Exception):
    """Not parsed here: let Lark decide (it reports the error or builds the tree)."""


LAYOUT = ("new_line_or_comment", "new_line_and_or_comma")  # rules that only lay the text out


class Node:
    """A rule's tree, shaped like Lark's ``Tree``: ``data``, ``children`` and positions
    (``meta`` is the node itself; ``empty`` when it has no position, like an empty body)."""

    __slots__ = ("data", "children", "line", "column", "end_line", "end_column")

    def __init__(
        self,
        data: str,
        children: list,
        line: int = 0,
        column: int = 0,
        end_line: int = 0,
        end_column: int = 0,
    ):
        self.data = data
        self.children = children
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column

    @property
    def meta(self) -> Node:
        return self

    @property
    def empty(self) -> bool:
        return self.line == 0

    def __repr__(self) -> str:
        return f"Node({self.data!r}, {self.children!r})"


class Leaf(str):
    """A token: its text, with the terminal's name in ``type`` and its positions."""

    __slots__ = ("type", "line", "column", "end_line", "end_column")


def leaf(kind: str, text: str, line: int, column: int, end_line: int, end_column: int) -> Leaf:
    token = str.__new__(Leaf, text)
    token.type = kind
    token.line, token.column, token.end_line, token.end_column = line, column, end_line, end_column
    return token


# -- tokens ----------------------------------------------------------------------------------
# The terminals of hcl2.lark (with infralint's linear-time string terminal), longest first where
# they share a prefix, as Lark's lexer orders them.
_TOKENS = re.compile(
    r"""[ \t]*(?:
    (?P<nl>\n|\#[^\n]*\n|//[^\n]*\n)
    |(?P<id>[a-zA-Z_][a-zA-Z0-9_-]*)
    |(?P<heredoc><<-?(?P<tag>[a-zA-Z][a-zA-Z0-9._-]+)\n[\s\S]*?(?P=tag))
    |(?P<punct>\.\.\.|::|\.\*|\[\*\]|=>|==|!=|<=|>=|&&|\|\||[={},?:!<>*%+().\[\]-]|/(?![*/]))
    |(?P<str>"(?:(?:\$\{(?:(?:\$\{[^}]+\}|(?!\$\{)[^}]))+\}|(?!\$\{)(?:[^"\\]|\\.)))*")
    |(?P<num>[0-9]+)
    |(?P<skip>/\*[\s\S]*?\*/)
    |(?P<bad>[\s\S]))""",
    re.X,
)
_KEYWORDS = {"if": "IF", "in": "IN", "for": "FOR", "for_each": "FOR_EACH"}
_NEWLINES = {"\n": "__ANON_0", "#": "__ANON_1", "/": "__ANON_2"}
_OPERATORS = {
    "==": "__ANON_4",
    "!=": "__ANON_5",
    "<": "LESSTHAN",
    ">": "MORETHAN",
    "<=": "__ANON_6",
    ">=": "__ANON_7",
    "-": "MINUS",
    "*": "STAR",
    "/": "SLASH",
    "%": "PERCENT",
    "&&": "__ANON_8",
    "||": "__ANON_9",
    "+": "PLUS",
}
_PUNCT = {"[": "LSQB", "]": "RSQB", "{": "LBRACE", "}": "RBRACE", ",": "COMMA", ":": "COLON"}
_PUNCT.update({".": "DOT", "=>": "__ANON_16", "...": "__ANON_12", "!": "BANG", "-": "MINUS"})
_EXPRESSION_START = {"id", "str", "num", "heredoc", "(", "[", "{", "-", "!"}

# A token: (kind, text, line, column, end_line, end_column); kind is "nl", "id", "str", "num",
# "heredoc", "eof" or the punctuation itself.
Token = tuple


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    line, line_start = 1, 0
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup  # the outer group: a heredoc's tag group closes before it
        value = m.group(kind)
        start = m.start(kind)
        column = start - line_start + 1
        if kind == "nl":
            append(("nl", value, line, column, line + 1, 1))
            line, line_start = line + 1, start + len(value)
        elif kind == "id" or kind == "num":
            append((kind, value, line, column, line, column + len(value)))
        elif kind == "punct":
            append((value, value, line, column, line, column + len(value)))
        elif kind == "bad":
            raise Unsupported(f"unexpected character {value!r} on line {line}")
        elif "\n" in value:  # a string, heredoc or comment over several lines
            last = value.rindex("\n")
            end_line = line + value.count("\n")
            if kind != "skip":
                append((kind, value, line, column, end_line, len(value) - last))
            line, line_start = end_line, start + last + 1
        elif kind != "skip":
            append((kind, value, line, column, line, column + len(value)))
    column = len(text) - line_start + 1
    append(("eof", "", line, column, line, column))
    return tokens


# -- the grammar ------------------------------------------------------------------------------
class _Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.i = 0
        self.kind = tokens[0][0]
        self.separated: set[tuple[int, int]] = set()  # newlines made object separators

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        self.kind = self.tokens[self.i][0]
        return token

    def expect(self, kind: str) -> Token:
        if self.kind != kind:
            token = self.tokens[self.i]
            raise Unsupported(f"expected {kind!r}, found {token[1]!r} on line {token[2]}")
        return self.take()

    def peek(self, ahead: int = 1) -> str:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)][0]

    def leaf(self, kind: str) -> Leaf:
        _, text, line, column, end_line, end_column = self.take()
        return leaf(kind, text, line, column, end_line, end_column)

    # -- body ---------------------------------------------------------------------------------
    def start(self) -> Node:
        body = self.body()
        if self.kind != "eof":
            token = self.tokens[self.i]
            raise Unsupported(f"unexpected {token[1]!r} on line {token[2]}")
        return _wrap("start", [body], body, body)

    def body(self) -> Node:
        children = []
        while True:
            if self.kind == "nl":
                children.append(self.newlines())
            elif self.kind == "id":
                children.append(self.attribute_or_block())
            else:
                break
        if not children:
            return Node("body", children)
        return _wrap("body", children, children[0], children[-1])

    def attribute_or_block(self) -> Node:
        name = self.identifier()
        if self.kind == "=":
            self.take()
            value = self.expression()
            return _wrap("attribute", [name, value], name, value)
        children: list = [name]
        while self.kind in ("id", "str"):
            children.append(self.identifier() if self.kind == "id" else self.leaf("STRING_LIT"))
        if self.kind == "nl":
            children.append(self.newlines())
        self.expect("{")
        children.append(self.body())
        end = self.expect("}")
        return _span("block", children, name, end)

    def identifier(self) -> Node:
        if self.kind != "id":
            token = self.tokens[self.i]
            raise Unsupported(f"expected a name, found {token[1]!r} on line {token[2]}")
        _, text, line, column, end_line, end_column = self.take()
        token = leaf(_KEYWORDS.get(text, "__ANON_3"), text, line, column, end_line, end_column)
        return Node("identifier", [token], line, column, end_line, end_column)

    def newlines(self) -> Node:
        tokens = []
        while self.kind == "nl":
            tokens.append(self.leaf(_NEWLINES[self.tokens[self.i][1][0]]))
        return _wrap("new_line_or_comment", tokens, tokens[0], tokens[-1])

    def optional_newlines(self, children: list) -> None:
        if self.kind == "nl":
            children.append(self.newlines())

    # -- expressions --------------------------------------------------------------------------
    def expression(self, in_object: bool = False) -> Any:
        """``in_object``: the value of an object element, whose trailing newline may have to
        separate it from the next element."""
        if self.kind in ("-", "!"):
            sign = self.leaf(_PUNCT[self.kind])
            operand = self.expr_term()
            left: Any = _wrap("unary_op", [sign, operand], sign, operand)
        else:
            left = self.expr_term()
        if self.kind == "?":  # conditional : expression "?" nl? expression nl? ":" nl? expression
            self.take()
            children = [left]
            self.optional_newlines(children)
            children.append(self.expression())
            self.optional_newlines(children)
            self.expect(":")
            self.optional_newlines(children)
            children.append(self.expression(in_object))
            return _wrap("conditional", children, left, children[-1])
        if self.kind in _OPERATORS:  # binary_op : expression binary_term nl?
            operator = self.leaf(_OPERATORS[self.kind])
            term: list = [_wrap("binary_operator", [operator], operator, operator)]
            self.optional_newlines(term)
            term.append(self.expression(in_object))
            children = [left, _wrap("binary_term", term, operator, term[-1])]
            if (
                in_object
                and self.kind == "nl"
                and self.peek(self.after_newlines()) not in ("}", ",")
            ):
                # python-hcl2's grammar takes this newline into the operation, then finds no
                # separator before the object's next element and fails; Terraform reads it.
                # Here the newline is left to separate the elements.
                self.separated.add(self.tokens[self.i][2:4])
            else:
                self.optional_newlines(children)
            return _wrap("binary_op", children, left, children[-1])
        return left

    def after_newlines(self, ahead: int = 0) -> int:
        """How far ahead the first token that is not a newline is, from ``ahead`` on."""
        while self.peek(ahead) == "nl":
            ahead += 1
        return ahead

    def expr_term(self) -> Node:
        kind = self.kind
        if kind == "id":
            after = self.tokens[self.i + 1][0]  # an "id" is never the last token ("eof" is)
            if after == "(":
                term = self.function_call()
            elif after == "::":
                term = self.provider_function_call()
            else:
                term = self.identifier()
            node = _wrap("expr_term", [term], term, term)
        elif kind == "str":
            token = self.leaf("STRING_LIT")
            node = _wrap("expr_term", [token], token, token)
        elif kind == "num":
            term = self.number()
            node = _wrap("expr_term", [term], term, term)
        elif kind == "(":
            start = self.take()
            children: list = []
            self.optional_newlines(children)
            children.append(self.expression())
            self.optional_newlines(children)
            node = _span("expr_term", children, start, self.expect(")"))
        elif kind == "[":
            term = self.for_tuple() if self.starts_for() else self.tuple()
            node = _wrap("expr_term", [term], term, term)
        elif kind == "{":
            term = self.for_object() if self.starts_for() else self.object()
            node = _wrap("expr_term", [term], term, term)
        elif kind == "heredoc":
            trim = self.tokens[self.i][1].startswith("<<-")
            token = self.leaf("__ANON_11" if trim else "__ANON_10")
            term = _wrap(
                "heredoc_template_trim" if trim else "heredoc_template", [token], token, token
            )
            node = _wrap("expr_term", [term], term, term)
        else:
            token = self.tokens[self.i]
            raise Unsupported(f"unexpected {token[1]!r} on line {token[2]}")
        return self.postfix(node)

    def postfix(self, node: Node) -> Node:
        while True:
            kind = self.kind
            if kind == ".":
                part = self.get_attr_or_index()
                rule = "get_attr_expr_term" if part.data == "get_attr" else "index_expr_term"
            elif kind == "[":
                part = self.index()
                rule = "index_expr_term"
            elif kind == "[*]":
                start = self.take()
                parts: list = []
                while self.kind == "." or self.kind == "[":
                    parts.append(self.get_attr_or_index() if self.kind == "." else self.index())
                part = _span("full_splat", parts, start, parts[-1] if parts else start)
                rule = "full_splat_expr_term"
            elif kind == ".*":
                start = self.take()
                parts = []
                while self.kind == "." and self.peek() == "id":
                    parts.append(self.get_attr_or_index())
                if self.kind == ".":  # Lark takes the "." for another name and fails
                    raise Unsupported("an index after a splat")
                part = _span("attr_splat", parts, start, parts[-1] if parts else start)
                rule = "attr_splat_expr_term"
            else:
                return node
            inner = _wrap(rule, [node, part], node, part)
            node = _wrap("expr_term", [inner], inner, inner)

    def get_attr_or_index(self) -> Node:
        dot = self.take()
        if self.kind == "id":
            name = self.identifier()
            return _span("get_attr", [name], dot, name)
        digits = self.digits()
        return _span("index", digits, dot, digits[-1])

    def index(self) -> Node:
        start = self.take()
        children: list = []
        self.optional_newlines(children)
        children.append(self.expression())
        self.optional_newlines(children)
        return _span("index", children, start, self.expect("]"))

    def digits(self) -> list[Leaf]:
        if self.kind != "num":
            raise Unsupported("expected a number")
        out = []
        while self.kind == "num":
            _, text, line, column, _, _ = self.take()
            out.extend(
                leaf("DECIMAL", d, line, column + k, line, column + k + 1)
                for k, d in enumerate(text)
            )
        return out

    def number(self) -> Node:
        children: list = self.digits()
        rule = "int_lit"
        if self.kind == ".":
            if self.peek() != "num":
                raise Unsupported("a number followed by '.'")
            children.append(self.leaf("DOT"))
            children.extend(self.digits())
            rule = "float_lit"
        if self.kind == "id" and self.tokens[self.i][1][:1] in "eE":
            raise Unsupported("a number with an exponent")
        return _wrap(rule, children, children[0], children[-1])

    def function_call(self) -> Node:
        name = self.identifier()
        return self.call("function_call", [name], name)

    def provider_function_call(self) -> Node:
        children: list = [self.identifier()]
        for _ in range(2):
            colons = self.expect("::")
            children.append(_span("colons", [], colons, colons))
            children.append(self.identifier())
        return self.call("provider_function_call", children, children[0])

    def call(self, rule: str, children: list, first: Any) -> Node:
        self.expect("(")
        self.optional_newlines(children)
        if self.kind != ")":
            children.append(self.arguments())
            self.optional_newlines(children)
        return _span(rule, children, first, self.expect(")"))

    def arguments(self) -> Node:
        # arguments : expression (nl* "," nl* expression)* ("," | "...")? nl*
        children: list = [self.expression()]
        last: Any = children[0]
        while True:
            before: list = []
            self.optional_newlines(before)
            if self.kind == "," or self.kind == "...":
                mark = self.take()
                after: list = []
                self.optional_newlines(after)
                if mark[0] == "," and self.kind in _EXPRESSION_START:
                    children += before + after
                    children.append(self.expression())
                    last = children[-1]
                    continue
                if before:
                    raise Unsupported("a newline before a trailing comma")
                children += after
                last = after[-1] if after else mark
            else:
                children += before
                last = before[-1] if before else last
            return _span("arguments", children, children[0], last)

    def tuple(self) -> Node:
        start = self.take()
        children: list = []
        while True:
            self.optional_newlines(children)
            if self.kind == "]":
                break
            children.append(self.expression())
            self.optional_newlines(children)
            if self.kind != ",":
                break
            self.take()
        return _span("tuple", children, start, self.expect("]"))

    def object(self) -> Node:
        start = self.take()
        children: list = []
        self.optional_newlines(children)
        while self.kind != "}":
            children.append(self.object_elem())
            if self.kind == ",":
                comma = self.take()
                parts: list = []
                self.optional_newlines(parts)
                children.append(
                    _span("new_line_and_or_comma", parts, comma, parts[-1] if parts else comma)
                )
            elif self.kind == "nl":
                lines = self.newlines()
                children.append(_wrap("new_line_and_or_comma", [lines], lines, lines))
            else:
                break
        return _span("object", children, start, self.expect("}"))

    def object_elem(self) -> Node:
        if self.kind == "id" and self.peek() in ("=", ":"):
            key: Any = self.identifier()
        else:
            key = self.expression()
        if self.kind not in ("=", ":"):
            raise Unsupported("expected '=' or ':' in an object")
        self.take()
        value = self.expression(in_object=True)
        return _wrap("object_elem", [key, value], key, value)

    # -- for expressions ----------------------------------------------------------------------
    def starts_for(self) -> bool:
        ahead = self.after_newlines(1)
        token = self.tokens[self.i + ahead]
        if token[0] != "id" or token[1] != "for":
            return False
        if self.peek(ahead + 1) not in ("id", "nl"):  # `for` as a name: Lark's call
            raise Unsupported("'for' as a name in a collection")
        return True

    def for_head(self, bracket: str) -> list:
        # "[" or "{", nl? for_intro nl? expression
        children: list = [self.leaf(bracket)]
        self.optional_newlines(children)
        children.append(self.for_intro())
        self.optional_newlines(children)
        children.append(self.expression())
        return children

    def for_tuple(self) -> Node:
        children = self.for_head("LSQB")
        self.for_end(children)
        children.append(self.keyword("]", "RSQB"))
        return _wrap("for_tuple_expr", children, children[0], children[-1])

    def for_object(self) -> Node:
        children = self.for_head("LBRACE")
        children.append(self.keyword("=>", "__ANON_16"))
        self.optional_newlines(children)
        children.append(self.expression())
        if self.kind == "...":
            children.append(self.leaf("__ANON_12"))
        self.for_end(children)
        children.append(self.keyword("}", "RBRACE"))
        return _wrap("for_object_expr", children, children[0], children[-1])

    def for_end(self, children: list) -> None:
        # nl? for_cond? nl?
        self.optional_newlines(children)
        if self.kind == "id" and self.tokens[self.i][1] == "if":
            cond: list = [self.leaf("IF")]
            self.optional_newlines(cond)
            cond.append(self.expression())
            children.append(_wrap("for_cond", cond, cond[0], cond[-1]))
            self.optional_newlines(children)

    def for_intro(self) -> Node:
        # "for" nl? identifier ("," identifier nl?)? nl? "in" nl? expression nl? ":" nl?
        children: list = [self.keyword("for", "FOR")]
        self.optional_newlines(children)
        children.append(self.identifier())
        if self.kind == ",":
            children.append(self.leaf("COMMA"))
            children.append(self.identifier())
            self.optional_newlines(children)
        self.optional_newlines(children)
        children.append(self.keyword("in", "IN"))
        self.optional_newlines(children)
        children.append(self.expression())
        self.optional_newlines(children)
        children.append(self.keyword(":", "COLON"))
        self.optional_newlines(children)
        return _wrap("for_intro", children, children[0], children[-1])

    def keyword(self, text: str, kind: str) -> Leaf:
        if self.tokens[self.i][1] != text:
            token = self.tokens[self.i]
            raise Unsupported(f"expected {text!r}, found {token[1]!r} on line {token[2]}")
        return self.leaf(kind)


def _wrap(rule: str, children: list, first: Any, last: Any) -> Node:
    """A node from its first to its last child (each a Node or a Leaf)."""
    return Node(rule, children, first.line, first.column, last.end_line, last.end_column)


def _span(rule: str, children: list, first: Any, last: Any) -> Node:
    """A node from ``first`` to ``last``, each a child or a token tuple (a bracket, a keyword)."""
    if type(first) is tuple:
        line, column = first[2], first[3]
    else:
        line, column = first.line, first.column
    if type(last) is tuple:
        end_line, end_column = last[4], last[5]
    else:
        end_line, end_column = last.end_line, last.end_column
    return Node(rule, children, line, column, end_line, end_column)


def parse(text: str) -> Node:
    """The ``start`` tree of ``text`` (which ends with a newline, as Lark is given it)."""
    try:
        return _Parser(tokenize(text)).start()
    except IndexError:  # read past the end
        raise Unsupported("unexpected end of file") from None
