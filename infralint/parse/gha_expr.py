"""GitHub Actions expressions: ``${{ ... }}`` found in raw text with their exact positions, and
the context references each one reads (``github.event.issue.title``, ``steps.build.outputs.tag``,
``secrets.TOKEN``).

Only what the rules need is parsed: the context references. Functions, operators and literals
are skipped; a quoted string (``'...'``, a doubled ``''`` inside) never holds a reference. An
index written as a string becomes a property (``github['event']`` is ``github.event``), any
other index becomes ``*`` (``commits[0].message`` is ``commits.*.message``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from infralint.model import Span

CONTEXTS = frozenset(
    ("github", "env", "vars", "job", "jobs", "steps", "runner", "secrets", "strategy")
    + ("matrix", "needs", "inputs")
)
_OPEN = "${{"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_INDEX = re.compile(r"\[\s*(?:'((?:[^']|'')*)'|(\*|\d+))\s*\]")
MAX_EXPRESSIONS = 10_000  # per text: a hostile file costs a bounded amount of work


@dataclass(frozen=True, slots=True)
class Expression:
    """One ``${{ ... }}`` (or a bare ``if:`` condition): its text between the braces, the
    context references it reads, where it is written and the attribute holding it."""

    text: str
    refs: tuple[str, ...]
    span: Span
    path: tuple = ()


def find(text: str, line: int = 1, col: int = 1) -> list[Expression]:
    """Every ``${{ ... }}`` of ``text``, which starts at ``line``/``col`` of its file."""
    out: list[Expression] = []
    start = text.find(_OPEN)
    while start >= 0 and len(out) < MAX_EXPRESSIONS:
        end = _close(text, start + len(_OPEN))
        if end < 0:
            break  # unclosed: GitHub rejects the file; nothing more is an expression
        inner = text[start + len(_OPEN) : end]
        (first, first_col), (last, last_col) = (
            _position(text, start, line, col),
            _position(text, end + 2, line, col),
        )
        span = Span(first, last, first_col, last_col)
        out.append(Expression(inner.strip(), references(inner), span))
        start = text.find(_OPEN, end + 2)
    return out


def bare(text: str, span: Span) -> Expression:
    """A condition written without ``${{ }}`` (``if: github.event_name == 'push'``)."""
    return Expression(text.strip(), references(text), span)


def references(expr: str) -> tuple[str, ...]:
    """The context references read by the expression text ``expr``, in order, each once."""
    refs: list[str] = []
    i, n = 0, len(expr)
    while i < n:
        ch = expr[i]
        if ch == "'":
            i = _string_end(expr, i)
            continue
        match = _NAME.match(expr, i) if ch.isalpha() or ch == "_" else None
        if match is None or (i and (expr[i - 1].isalnum() or expr[i - 1] in "_-.")):
            i += 1 if match is None else match.end() - i
            continue
        chain, i = _chain(expr, match)
        context = chain.split(".", 1)[0].lower()
        if context in CONTEXTS and chain not in refs and not _is_call(expr, i):
            refs.append(chain)
    return tuple(refs)


_BOOLEAN_CALL = re.compile(r"^!?\s*(contains|startsWith|endsWith)\s*\(", re.I)
_COMPARISON = re.compile(r"==|!=|<|>|^\s*!")


def is_boolean(expr: str) -> bool:
    """Whether the expression text ``expr`` evaluates to true or false (a comparison, a
    negation, ``contains``/``startsWith``/``endsWith``), never to the text it reads. With
    ``&&`` or ``||`` it may be an operand's text (``a == b && title``): not boolean."""
    bare = _without_strings(expr)
    if "&&" in bare or "||" in bare:
        return False
    return bool(_COMPARISON.search(bare)) or (
        bool(_BOOLEAN_CALL.match(bare.strip())) and _call_spans_all(bare.strip())
    )


def _without_strings(expr: str) -> str:
    """``expr`` with every quoted string emptied (``'a == b'`` becomes ``''``)."""
    out, i = [], 0
    while i < len(expr):
        if expr[i] == "'":
            end = _string_end(expr, i)
            out.append("''")
            i = end
        else:
            out.append(expr[i])
            i += 1
    return "".join(out)


def _call_spans_all(expr: str) -> bool:
    """Whether the call opening ``expr`` closes at its very end (``contains(a, b)``, not
    ``contains(a, b) && a || b``)."""
    depth = 0
    for i, ch in enumerate(expr):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i == len(expr) - 1
    return False


def _chain(expr: str, first: re.Match) -> tuple[str, int]:
    """``name(.prop | ['prop'] | [index] | .*)*`` from ``first``, and the index after it."""
    parts, i = [first.group()], first.end()
    while i < len(expr):
        if expr[i] == "." and (prop := _NAME.match(expr, i + 1)):
            parts.append(prop.group())
            i = prop.end()
        elif expr.startswith(".*", i):
            parts.append("*")
            i += 2
        elif expr[i] == "[" and (index := _INDEX.match(expr, i)):
            name = index.group(1)
            parts.append(name.replace("''", "'") if name is not None else "*")
            i = index.end()
        else:
            break
    return ".".join(parts), i


def _is_call(expr: str, i: int) -> bool:
    return expr[i:].lstrip().startswith("(")


def _close(text: str, i: int) -> int:
    """The index of the ``}}`` closing an expression whose body starts at ``i`` (-1: none)."""
    n = len(text)
    while i < n:
        if text[i] == "'":
            i = _string_end(text, i)
        elif text.startswith("}}", i):
            return i
        else:
            i += 1
    return -1


def _string_end(text: str, i: int) -> int:
    """Just past the single-quoted string starting at ``text[i]`` (a doubled quote escapes)."""
    j = i + 1
    while True:
        j = text.find("'", j)
        if j < 0:
            return len(text)
        if text.startswith("''", j):
            j += 2
            continue
        return j + 1


def _position(text: str, index: int, line: int, col: int) -> tuple[int, int]:
    """(line, column) of ``text[index]`` in the file where ``text`` starts at line/col."""
    newlines = text.count("\n", 0, index)
    if not newlines:
        return line, col + index
    return line + newlines, index - text.rfind("\n", 0, index)
