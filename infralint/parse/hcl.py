"""The HCL native syntax (``.tf``, ``.tfvars``) read into the typed tree of ``hcl_ast``.

It follows HashiCorp's specification of the native syntax: newlines end attributes and separate
object elements, but inside parentheses, brackets, function arguments, ``for`` expressions and
template interpolations they are insignificant (an operator may start a line there); operators
have their precedence; numbers may have an exponent; quoted templates and heredocs (``<<`` and
flush ``<<-``, whose end is a line holding only the marker) hold interpolations and ``%{ if }``
/ ``%{ for }`` directives; ``provider::name::function()`` calls are read.

Two passes: ``tokenize`` (a small state machine: normal code, quoted templates, heredocs, and
the interpolations nested in them), then a recursive-descent parser. A syntax error costs the
top-level block (or attribute) holding it, not the file: the parser records where it is and
why, skips to the next line that starts with a name at column 1, and goes on.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator

from infralint.model import Span
from infralint.parse import MAX_DEPTH
from infralint.parse import hcl_ast as ast

# A token: (kind, value, line, column, end_line, end_column). Kinds: "nl" (a newline or a line
# comment), "id", "num", punctuation (the text itself), "oquote"/"cquote" (the quotes of a
# template), "oheredoc"/"cheredoc", "lit" (decoded literal text of a template), "${" and "%{"
# (value "${~"/"%{~" with a strip marker), "tend" (the "}" or "~}" ending those), "error"
# (value: the message) and "eof".
Token = tuple

_NORMAL = re.compile(
    r"""[ \t\r\ufeff]*(?:
    (?P<nl>\n|\#[^\n]*(?:\n|\Z)|//[^\n]*(?:\n|\Z))
    |(?P<id>[^\W\d][\w-]*)
    |(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    |(?P<heredoc><<(?P<trim>-?)(?P<tag>[^\W\d][\w-]*)[ \t]*\r?\n)
    |(?P<punct>\.\.\.|::|\.\*|\[\*\]|=>|==|!=|<=|>=|&&|\|\||~\}|/(?![*/])|[={},?:!<>*%+().\[\]-])
    |(?P<quote>")
    |(?P<comment>/\*[\s\S]*?\*/)
    |(?P<end>\Z)
    |(?P<bad>/\*|[\s\S]))""",
    re.X,
)
_QUOTED = re.compile(
    r"""(?P<lit>(?:[^"\\$%\n]|\\(?:[ntr"\\]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})
        |\$\$\{|%%\{|\$(?!\{)|%(?!\{))+)
    |(?P<open>[$%]\{~?)|(?P<quote>")|(?P<escape>\\[^\n]?)|(?P<nl>\r?\n|\Z)""",
    re.X,
)
_HEREDOC = re.compile(r"(?P<lit>(?:[^$%]|\$\$\{|%%\{|\$(?!\{)|%(?!\{))+)|(?P<open>[$%]\{~?)")
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[^\n])|\$\$\{|%%\{")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _number(text: str) -> int | float:
    """A number literal's value: an integer when it is one of a sensible size, else a float
    (an integer of thousands of digits is a float too: infinity when it exceeds one)."""
    if "." in text or "e" in text or "E" in text or len(text) > _MAX_INT_DIGITS:
        return float(text)
    return int(text)


_MAX_INT_DIGITS = 300


def _unescape(match: re.Match) -> str:
    text = match.group()
    if text[0] != "\\":
        return text[1:]  # $${ and %%{
    kind = text[1]
    if kind in "uU" and len(text) > 2:
        return chr(int(text[2:], 16)) if int(text[2:], 16) < 0x110000 else "\ufffd"
    return _ESCAPES.get(kind, text)


def _literal(text: str, quoted: bool) -> str:
    if quoted:
        return _ESCAPE.sub(_unescape, text) if ("\\" in text or "{" in text) else text
    return text.replace("$${", "${").replace("%%{", "%{") if "{" in text else text


def _trim_indent(text: str, at_line_start: bool, cut: int) -> str:
    """A flush heredoc's literal text without its first ``cut`` columns of indentation."""
    lines = text.split("\n")
    for i in range(0 if at_line_start else 1, len(lines)):
        line = lines[i]
        lines[i] = line[min(cut, len(line) - len(line.lstrip(" \t"))) :]
    return "\n".join(lines)


def tokenize(text: str, template: bool = False) -> list[Token]:
    """The tokens of ``text``; ``template``: the whole text is a template (a ``.tf.json``
    string), closed by a "cheredoc" token at its end."""
    tokens: list[Token] = []
    append = tokens.append
    # modes: ("q",) quoted template, ("h", end, after, cut) heredoc body, ("t",) an
    # interpolation or directive inside a template, ("{",) braces of code
    stack: list[tuple] = [("h", len(text), len(text), -1)] if template else []
    pos, line, line_start = 0, 1, 0
    while True:
        mode = stack[-1][0] if stack else ""
        if mode == "q":
            m = _QUOTED.match(text, pos)
            kind = m.lastgroup
            start, end = m.span(kind)
            column = start - line_start + 1
            if kind == "lit":
                append(
                    ("lit", _literal(m.group(kind), True), line, column, line, column + end - start)
                )
            elif kind == "open":
                value = m.group(kind)
                append((value[:2], value, line, column, line, column + len(value)))
                stack.append(("t",))
            elif kind == "quote":
                append(("cquote", '"', line, column, line, column + 1))
                stack.pop()
            elif kind == "escape":
                append(("error", "invalid escape sequence", line, column, line, column + 1))
            else:
                append(("error", "unterminated string", line, column, line, column))
                stack.pop()
                end = start  # the newline is read as code again
            pos = end
            continue
        if mode == "h":
            _, limit, after, cut = stack[-1]
            if pos >= limit:
                column = pos - line_start + 1
                end_column = after - line_start + 1
                append(("cheredoc", "", line, column, line, end_column))
                stack.pop()
                pos = max(pos, after)  # an interpolation may have run past the marker
                continue
            m = _HEREDOC.match(text, pos, limit)
            kind = m.lastgroup
            start, end = m.span(kind)
            column = start - line_start + 1
            value = m.group(kind)
            if kind == "open":
                append((value[:2], value, line, column, line, column + len(value)))
                stack.append(("t",))
                pos = end
                continue
            at_line_start = start == line_start
            value = _literal(value, False)
            if cut > 0:
                value = _trim_indent(value, at_line_start, cut)
            newlines = text.count("\n", start, end)
            if newlines:
                end_line = line + newlines
                last = text.rindex("\n", start, end)
                append(("lit", value, line, column, end_line, end - last))
                line, line_start = end_line, last + 1
            else:
                append(("lit", value, line, column, line, column + end - start))
            pos = end
            continue
        m = _NORMAL.match(text, pos)
        kind = m.lastgroup
        start, end = m.span(kind)
        column = start - line_start + 1
        pos = end
        if kind == "id" or kind == "num":
            append((kind, m.group(kind), line, column, line, column + end - start))
        elif kind == "nl":
            append(("nl", "", line, column, line + 1, 1))
            if text[end - 1 : end] == "\n":
                line, line_start = line + 1, end
        elif kind == "punct":
            value = m.group(kind)
            if value == "{":
                stack.append(("{",))
            elif value == "}" or value == "~}":
                if stack and stack[-1][0] == "t":
                    append(("tend", value, line, column, line, column + len(value)))
                    stack.pop()
                    continue
                if stack:
                    stack.pop()
            append((value, value, line, column, line, column + len(value)))
        elif kind == "quote":
            append(("oquote", '"', line, column, line, column + 1))
            stack.append(("q",))
        elif kind == "heredoc":
            line, line_start = _heredoc(m, text, line, line_start, column, stack, append)
            pos = m.end()
        elif kind == "comment":
            newlines = text.count("\n", start, end)
            if newlines:
                line, line_start = line + newlines, text.rindex("\n", start, end) + 1
        elif kind == "end":
            append(("eof", "", line, column, line, column))
            return tokens
        else:
            char = m.group(kind)
            if char == "/*":
                what = "unterminated comment"
            elif char.isprintable() and char.isascii():
                what = f"character `{char}`"
            else:
                what = f"character U+{ord(char):04X}"
            append(("error", f"unexpected {what}", line, column, line, column + 1))


def _heredoc(m: re.Match, text: str, line: int, line_start: int, column: int, stack, append):
    """Open a heredoc: its body ends before the first line holding only its marker (leading
    and trailing blanks allowed), as Terraform requires."""
    tag, trim = m.group("tag"), m.group("trim") == "-"
    body = m.end()
    closing = re.compile(rf"^[ \t]*{re.escape(tag)}[ \t]*\r?$", re.M).search(text, body)
    head = m.group("heredoc").rstrip()
    append(("oheredoc", "<<-" if trim else "<<", line, column, line, column + len(head)))
    if closing is None:
        append(
            ("error", f"unterminated heredoc: no line holds only {tag}", line, column, line, column)
        )
        stack.append(("h", body, len(text), -1))
        return line + 1, body
    limit = closing.start()
    cut = -1
    if trim:
        indents = [
            len(ln) - len(ln.lstrip(" \t")) for ln in text[body:limit].split("\n") if ln.strip()
        ]
        cut = min(indents) if indents else 0
    stack.append(("h", limit, closing.end(), cut))
    return line + 1, body


# -- the parser ---------------------------------------------------------------------------------
class HclSyntaxError(Exception):
    def __init__(self, message: str, token: Token):
        super().__init__(message)
        self.message = message
        self.token = token


_BINARY = {
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
_CONSTANTS = {"true": True, "false": False, "null": None}


def _describe(token: Token) -> str:
    kind = token[0]
    if kind == "nl":
        return "newline"
    if kind == "eof":
        return "end of file"
    if kind == "id":  # a long name is not quoted: it could be a token pasted without quotes
        return f"`{token[1]}`" if len(token[1]) <= 16 else "name"
    if kind == "num":
        return "number"
    if kind in ("oquote", "cquote", "lit"):
        return "string"
    if kind in ("oheredoc", "cheredoc"):
        return "heredoc"
    if kind == "tend":
        return f"`{token[1]}`"
    return f"`{kind}`"


class _Parser:
    def __init__(self, tokens: list[Token], max_depth: int = MAX_DEPTH):
        self.tokens = tokens
        self.max_depth = max_depth
        self.depth = 0  # expressions being read, one inside the other
        self.i = 0
        self.newlines = [True]  # are newlines significant here?
        self.strip_next = False  # a "~}" asked to strip the next literal's leading space

    # -- tokens --------------------------------------------------------------------------------
    def peek(self) -> Token:
        token = self.tokens[self.i]
        if token[0] == "nl" and not self.newlines[-1]:
            while token[0] == "nl":
                self.i += 1
                token = self.tokens[self.i]
        return token

    def take(self) -> Token:
        token = self.peek()
        if token[0] != "eof":
            self.i += 1
        return token

    def skip_newlines(self) -> None:
        while self.tokens[self.i][0] == "nl":
            self.i += 1

    def expect(self, kind: str, what: str) -> Token:
        token = self.peek()
        if token[0] != kind:
            self.fail(token, what)
        self.i += 1
        return token

    def fail(self, token: Token, what: str):
        if token[0] == "error":
            raise HclSyntaxError(token[1], token)
        raise HclSyntaxError(f"unexpected {_describe(token)}, expected {what}", token)

    # -- bodies --------------------------------------------------------------------------------
    def file(self) -> ast.Body:
        body = ast.Body()
        issues: list[ast.SyntaxIssue] = []
        while True:
            self.skip_newlines()
            token = self.tokens[self.i]
            if token[0] == "eof":
                break
            first = self.i
            try:
                self.item(body)
            except HclSyntaxError as exc:
                where = exc.token
                issues.append(ast.SyntaxIssue(exc.message, where[2], where[3]))
                self.recover(first)
            except RecursionError:
                issues.append(ast.SyntaxIssue("nested too deeply", token[2], token[3]))
                self.recover(first)
        body.issues = issues
        return body

    def recover(self, first: int) -> None:
        """Skip to the next name that starts a line at column 1 (the next top-level item)."""
        self.newlines = [True]
        self.strip_next = False
        tokens = self.tokens
        i = max(self.i, first + 1)
        while tokens[i][0] != "eof" and not (
            tokens[i][0] == "id" and tokens[i][3] == 1 and tokens[i - 1][0] == "nl"
        ):
            i += 1
        self.i = i

    def body(self) -> ast.Body:
        body = ast.Body()
        while True:
            self.skip_newlines()
            if self.tokens[self.i][0] in ("}", "eof"):
                return body
            self.item(body)

    def item(self, body: ast.Body, one_line: bool = False) -> None:
        name = self.tokens[self.i]
        if name[0] != "id":
            self.fail(name, "an attribute or a block")
        self.i += 1
        token = self.tokens[self.i]
        if token[0] == "=":
            if name[1] in body.attributes:
                first = body.attributes[name[1]].span.line
                raise HclSyntaxError(f"`{name[1]}` is set twice (first on line {first})", name)
            self.i += 1
            expr = self.expression()
            body.attributes[name[1]] = ast.Attribute(
                name[1], expr, Span(name[2], expr.end_line, name[3], expr.end_column)
            )
        else:
            labels = []
            while token[0] in ("id", "oquote"):
                labels.append(token[1] if token[0] == "id" else self.label())
                if token[0] == "id":
                    self.i += 1
                token = self.tokens[self.i]
            if token[0] != "{":
                self.fail(token, "`=` or a block's `{`" if not labels else "a block's `{`")
            self.i += 1
            inner = self.body() if self.tokens[self.i][0] in ("nl", "}") else self.one_line()
            end = self.tokens[self.i]
            if end[0] == "eof":
                raise HclSyntaxError(f"unclosed block `{name[1]}`: its `{{` has no `}}`", token)
            end = self.expect("}", "`}` or an attribute or block")
            body.blocks.append(
                ast.Block(name[1], labels, inner, Span(name[2], end[4], name[3], end[5]))
            )
        token = self.tokens[self.i]
        if token[0] != "nl" and token[0] != "eof" and not (one_line and token[0] == "}"):
            self.fail(token, "a newline")

    def one_line(self) -> ast.Body:
        """A block written on one line: one attribute, then its ``}`` on that line."""
        body = ast.Body()
        self.item(body, one_line=True)
        if body.blocks or self.tokens[self.i][0] != "}":
            self.fail(self.tokens[self.i], "`}` ending a one-line block after its attribute")
        return body

    def label(self) -> str:
        template = self.template_expr()
        if not all(isinstance(p, str) for p in template.parts):
            self.fail(self.tokens[self.i - 1], "a label without interpolation")
        return "".join(template.parts)

    # -- expressions ---------------------------------------------------------------------------
    def expression(self) -> object:
        if self.depth >= self.max_depth:
            raise HclSyntaxError(
                f"nested more than {self.max_depth:,} levels ([limits] nesting_depth)", self.peek()
            )
        self.depth += 1
        try:
            return self.conditional()
        finally:
            self.depth -= 1

    def conditional(self) -> object:
        cond = self.binary(1)
        if self.peek()[0] != "?":
            return cond
        self.i += 1
        yes = self.expression()
        self.expect(":", "`:` of a conditional")
        no = self.expression()
        return ast.Conditional(cond.line, cond.column, no.end_line, no.end_column, cond, yes, no)

    def binary(self, level: int) -> object:
        left = self.unary()
        while True:
            op = self.peek()[0]
            precedence = _BINARY.get(op)
            if precedence is None or precedence < level:
                return left
            self.i += 1
            right = self.binary(precedence + 1)
            left = ast.Binary(
                left.line, left.column, right.end_line, right.end_column, op, left, right
            )

    def unary(self) -> object:
        token = self.peek()
        if token[0] != "-" and token[0] != "!":
            return self.term()
        self.i += 1
        operand = self.unary()
        if token[0] == "-" and type(operand) is ast.Literal and _is_number(operand.value):
            value = -operand.value
            return ast.Literal(token[2], token[3], operand.end_line, operand.end_column, value)
        return ast.Unary(
            token[2], token[3], operand.end_line, operand.end_column, token[0], operand
        )

    def term(self) -> object:
        token = self.peek()
        kind = token[0]
        if kind == "id":
            self.i += 1
            name = token[1]
            after = self.peek()[0]
            if after == "(" or after == "::":
                node = self.call(token)
            elif name in _CONSTANTS:
                node = ast.Literal(token[2], token[3], token[4], token[5], _CONSTANTS[name])
            else:
                node = ast.Variable(token[2], token[3], token[4], token[5], name)
        elif kind == "num":
            self.i += 1
            text = token[1]
            node = ast.Literal(token[2], token[3], token[4], token[5], _number(text))
        elif kind == "oquote" or kind == "oheredoc":
            node = self.template_expr()
        elif kind == "(":
            self.i += 1
            self.newlines.append(False)
            inner = self.expression()
            end = self.expect(")", "`)`")
            self.newlines.pop()
            node = ast.Parens(token[2], token[3], end[4], end[5], inner)
        elif kind == "[":
            node = self.tuple(token)
        elif kind == "{":
            node = self.object(token)
        else:
            self.fail(token, "an expression")
        return self.postfix(node)

    def postfix(self, node: object) -> object:
        steps: list = []
        end = None
        while True:
            token = self.tokens[self.i]
            kind = token[0]
            if kind == "nl" and not self.newlines[-1]:
                token = self.peek()
                kind = token[0]
            if kind == "." or kind == "[":
                end = self.step(steps)
            elif kind == ".*" or kind == "[*]":
                self.i += 1
                inner: list = []
                end = token
                while True:
                    following = self.peek()[0]
                    if following == "." or (following == "[" and kind == "[*]"):
                        end = self.step(inner)
                    elif following == ".*" and kind == ".*":
                        self.fail(self.peek(), "no splat inside an attribute-only splat")
                    else:
                        break
                steps.append(ast.Splat(kind == "[*]", inner))
            else:
                break
        if not steps:
            return node
        return ast.Traversal(node.line, node.column, end[4], end[5], node, steps)

    def step(self, steps: list) -> Token:
        token = self.take()
        if token[0] == "[":
            self.newlines.append(False)
            key = self.expression()
            end = self.expect("]", "`]`")
            self.newlines.pop()
            steps.append(ast.Index(key))
            return end
        name = self.tokens[self.i]
        self.i += 1
        if name[0] == "id":
            steps.append(ast.GetAttr(name[1]))
        elif name[0] == "num" and name[1].isdigit():  # the legacy index a.0
            steps.append(
                ast.Index(ast.Literal(name[2], name[3], name[4], name[5], _number(name[1])))
            )
        else:
            self.fail(name, "an attribute name after `.`")
        return name

    def call(self, first: Token) -> ast.FunctionCall:
        name = first[1]
        while self.tokens[self.i][0] == "::":
            self.i += 1
            part = self.expect("id", "a function name after `::`")
            name += "::" + part[1]
        self.expect("(", "`(`")
        self.newlines.append(False)
        args: list = []
        expand = False
        while self.peek()[0] != ")":
            args.append(self.expression())
            token = self.peek()
            if token[0] == "...":
                self.i += 1
                expand = True
                break
            if token[0] != ",":
                break
            self.i += 1
        end = self.expect(")", "`,` or `)` in the arguments")
        self.newlines.pop()
        return ast.FunctionCall(first[2], first[3], end[4], end[5], name, args, expand)

    def starts_for(self) -> bool:
        """A collection that starts with the word ``for`` is a ``for`` expression."""
        i = self.i
        while self.tokens[i][0] == "nl":
            i += 1
        return self.tokens[i][0] == "id" and self.tokens[i][1] == "for"

    def tuple(self, start: Token) -> object:
        self.i += 1
        self.newlines.append(False)
        if self.starts_for():
            node = self.for_expr(start, "]")
            self.newlines.pop()
            return node
        items: list = []
        while self.peek()[0] != "]":
            items.append(self.expression())
            if self.peek()[0] != ",":
                break
            self.i += 1
        end = self.expect("]", "`,` or `]` in a tuple")
        self.newlines.pop()
        return ast.Tuple(start[2], start[3], end[4], end[5], items)

    def object(self, start: Token) -> object:
        self.i += 1
        if self.starts_for():
            self.newlines.append(False)
            node = self.for_expr(start, "}")
            self.newlines.pop()
            return node
        self.newlines.append(True)
        items: list = []
        while True:
            self.skip_newlines()
            token = self.tokens[self.i]
            if token[0] == "}":
                break
            following = self.tokens[self.i + 1][0] if token[0] == "id" else ""
            if following == "=" or following == ":":
                self.i += 1
                key: object = ast.Literal(token[2], token[3], token[4], token[5], token[1])
            else:
                key = self.expression()
            if self.tokens[self.i][0] not in ("=", ":"):
                self.fail(self.tokens[self.i], "`=` after an object key")
            self.i += 1
            value = self.expression()
            items.append(
                ast.ObjectItem(key.line, key.column, value.end_line, value.end_column, key, value)
            )
            token = self.tokens[self.i]
            if token[0] == ",":
                self.i += 1
            elif token[0] != "nl" and token[0] != "}":
                self.fail(token, "a newline or `,` between object elements")
        end = self.expect("}", "`}`")
        self.newlines.pop()
        return ast.Object(start[2], start[3], end[4], end[5], items)

    def for_head(self) -> tuple[list[str], ast.Expr]:
        """``NAME [, NAME] in COLLECTION`` of a for-expression or a ``%{ for }`` directive."""
        names = [self.expect("id", "a name after `for`")[1]]
        if self.peek()[0] == ",":
            self.i += 1
            names.append(self.expect("id", "a second name after `,`")[1])
        token = self.take()
        if token[0] != "id" or token[1] != "in":
            self.fail(token, "`in`")
        return names, self.expression()

    def for_expr(self, start: Token, close: str) -> ast.ForExpr:
        self.take()  # for
        names, collection = self.for_head()
        self.expect(":", "`:` after the collection")
        key = None
        value = self.expression()
        grouping = False
        if close == "}":
            self.expect("=>", "`=>`")
            key, value = value, self.expression()
            if self.peek()[0] == "...":
                self.i += 1
                grouping = True
        cond = None
        token = self.peek()
        if token[0] == "id" and token[1] == "if":
            self.i += 1
            cond = self.expression()
        end = self.expect(close, f"`{close}` closing the for expression")
        key_var = names[0] if len(names) == 2 else None
        return ast.ForExpr(
            start[2],
            start[3],
            end[4],
            end[5],
            key_var,
            names[-1],
            collection,
            key,
            value,
            cond,
            grouping,
        )

    # -- templates -----------------------------------------------------------------------------
    def template_expr(self) -> ast.Template:
        start = self.tokens[self.i]
        self.i += 1
        heredoc = start[0] == "oheredoc"
        parts, end, _ = self.template_parts("cheredoc" if heredoc else "cquote", ())
        return ast.Template(start[2], start[3], end[4], end[5], parts, heredoc)

    def template_parts(self, close: str, words: tuple) -> tuple[list, Token, str]:
        """Parts up to ``close`` or a directive named in ``words`` (else, endif, endfor):
        (parts, the closing token, the directive's name or "")."""
        parts: list = []
        tokens = self.tokens
        while True:
            token = tokens[self.i]
            kind = token[0]
            self.i += 1
            if kind == "lit":
                text = token[1]
                if self.strip_next:
                    text, self.strip_next = text.lstrip(), False
                parts.append(text)
            elif kind == "${":
                self.strip_before(parts, token)
                self.newlines.append(False)
                expr = self.expression()
                self.end_sequence()
                parts.append(expr)
            elif kind == "%{":
                self.strip_before(parts, token)
                self.newlines.append(False)
                word = self.expect("id", "a template directive")
                if word[1] in words:
                    self.end_sequence()
                    return parts, word, word[1]
                parts.append(self.directive(word, close))
            elif kind == close:
                self.strip_next = False
                return parts, token, ""
            else:
                self.i -= 1
                self.fail(token, "the end of the template" if kind != "error" else "")

    def strip_before(self, parts: list, token: Token) -> None:
        self.strip_next = False
        if token[1].endswith("~") and parts and isinstance(parts[-1], str):
            parts[-1] = parts[-1].rstrip()

    def end_sequence(self) -> None:
        token = self.expect("tend", "`}`")
        self.newlines.pop()
        self.strip_next = token[1] == "~}"

    def directive(self, word: Token, close: str) -> object:
        if word[1] == "if":
            cond = self.expression()
            self.end_sequence()
            then, end, which = self.template_parts(close, ("else", "endif"))
            otherwise: list = []
            if which == "else":
                otherwise, end, which = self.template_parts(close, ("endif",))
            if which != "endif":
                self.fail(end, "%{ endif }")
            return ast.TemplateIf(word[2], word[3], end[4], end[5], cond, then, otherwise)
        if word[1] == "for":
            names, collection = self.for_head()
            self.end_sequence()
            body, end, which = self.template_parts(close, ("endfor",))
            if which != "endfor":
                self.fail(end, "%{ endfor }")
            key_var = names[0] if len(names) == 2 else None
            return ast.TemplateFor(
                word[2], word[3], end[4], end[5], key_var, names[-1], collection, body
            )
        self.fail(word, "`if` or `for` in a template directive")


def _is_number(value: object) -> bool:
    return type(value) is int or type(value) is float


def parse(text: str, max_depth: int = MAX_DEPTH) -> ast.Body:
    """The body of a file; its ``issues`` list the syntax errors recovered from (an
    expression nested more than ``max_depth`` levels is one)."""
    with _headroom(max_depth):
        return _Parser(tokenize(text), max_depth).file()


@contextlib.contextmanager
def _headroom(max_depth: int) -> Iterator[None]:
    """Python's recursion limit raised, while parsing, to what ``max_depth`` levels of
    expressions need (a few frames each)."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _FRAMES_PER_LEVEL * max_depth + 1000))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


_FRAMES_PER_LEVEL = 8


def parse_template(text: str, line: int = 1, column: int = 1) -> ast.Template:
    """``text`` read as a template (a ``.tf.json`` string), at ``line``/``column``. A syntax
    error raises ``HclSyntaxError``."""
    tokens = tokenize(text, template=True)
    if line != 1 or column != 1:
        tokens = [_shift(t, line, column) for t in tokens]
    parser = _Parser(tokens)
    parser.newlines = [False]
    parts, end, _ = parser.template_parts("cheredoc", ())
    return ast.Template(line, column, end[4], end[5], parts)


def _shift(token: Token, line: int, column: int) -> Token:
    kind, value, l1, c1, l2, c2 = token
    if l1 == 1:
        c1 += column - 1
    if l2 == 1:
        c2 += column - 1
    return (kind, value, l1 + line - 1, c1, l2 + line - 1, c2)
