"""YAML with exact spans, built on PyYAML's composer (the C one when available).

Only safe constructs are built: scalars, sequences and mappings. CloudFormation short-form tags
(``!Ref``, ``!GetAtt``, ``!Sub``...) become their long form (``{"Ref": ...}``); other tags are
ignored and their value kept. Anchors, aliases and merge keys (``<<``) work, with a budget on the
number of nodes so an alias bomb is an error, not an out-of-memory.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from infralint.lines import split_lines
from infralint.model import Span
from infralint.parse import MAX_DEPTH, MAX_NODES, Document, ParseError, duplicate_path

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_RAW = (_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary")
_SCALARS = yaml.constructor.SafeConstructor()

CFN_TAGS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    "!Base64": "Fn::Base64",
    "!Cidr": "Fn::Cidr",
    "!FindInMap": "Fn::FindInMap",
    "!GetAtt": "Fn::GetAtt",
    "!GetAZs": "Fn::GetAZs",
    "!ImportValue": "Fn::ImportValue",
    "!Join": "Fn::Join",
    "!Select": "Fn::Select",
    "!Split": "Fn::Split",
    "!Sub": "Fn::Sub",
    "!Transform": "Fn::Transform",
    "!And": "Fn::And",
    "!Equals": "Fn::Equals",
    "!If": "Fn::If",
    "!Not": "Fn::Not",
    "!Or": "Fn::Or",
    "!ToJsonString": "Fn::ToJsonString",
    "!Length": "Fn::Length",
}


def load(text: str, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Document:
    """Parse a YAML stream: its first document, with the documents after it in ``more`` (one
    node budget for the whole stream)."""
    text = _one_line_model(text)
    _check_depth(text, max_depth)  # our own limit, before any library's
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = min(mark.line + 1, max(text.count("\n"), 1)) if mark else 0  # EOF: last line
        raise ParseError(_yaml_message(exc), line) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ParseError("YAML nested too deeply") from None
    lines = split_lines(text)
    docs = [Document(None)]
    used = 0  # nodes built so far in the stream
    for i, node in enumerate(nodes):
        if node is None:
            continue
        doc = docs[0] if i == 0 else Document(None)
        # an alias bomb is a few nodes referring to each other: cap the expansion relative to
        # the nodes actually written (and to max_nodes), so it fails fast. Without an anchor
        # ("&") there is no alias, and every node is built once.
        cap = max_nodes
        if "&" in text:
            cap = min(max_nodes, used + max(EXPANSION * _distinct_nodes(node), 10_000))
        builder = _Builder(doc, lines, cap, max_depth)
        builder.nodes = used
        doc.value = builder.build(node, (), 0)
        used = builder.nodes
        if i and doc.value is not None:  # an empty document after a `---` adds nothing
            docs.append(doc)
    docs[0].more = docs[1:]
    return docs[0]


_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


def _one_line_model(text: str) -> str:
    """``text`` with the line breaks YAML 1.1 adds to ``\\n`` (``\\x85``, U+2028, U+2029, a
    lone ``\\r``) made spaces: lines are counted as everywhere else (``infralint.lines``), so
    a suppression or a finding cannot be moved onto another line by an invisible character."""
    if "\r" not in text and not any(c in text for c in "\x85\u2028\u2029"):
        return text
    return _OTHER_BREAKS.sub(" ", text)


_BLOCK_PREFIX = re.compile(r"(?m)^[ \t]*(?:[-?][ \t]+)*")
_FLOW = re.compile(r"[\[\]{}]")


def _depth_bounds(text: str) -> tuple[int, int]:
    """Cheap upper bounds on the block and flow nesting of ``text`` (tight enough to skip the
    exact passes on ordinary files): the widest block prefix (indentation and ``- ``/``? ``
    indicators) and the deepest run of flow brackets, quotes and comments included."""
    block = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    flow = deepest = 0
    for m in _FLOW.finditer(text):
        if m.group() in "[{":
            flow += 1
            deepest = max(deepest, flow)
        elif flow:
            flow -= 1
    return block, deepest


def _check_depth(text: str, max_depth: int) -> None:
    """Raise infralint's own nesting error, reached before the YAML library's limit."""
    block, flow = _depth_bounds(text)
    if flow > max_depth:
        line = _flow_too_deep(text, max_depth)
        if line:
            raise ParseError(f"YAML nested deeper than {max_depth} levels", line)
    if block + flow <= max_depth:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    raise ParseError(
                        f"YAML nested deeper than {max_depth} levels", event.start_mark.line + 1
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: compose reports it with its position


def _flow_too_deep(text: str, max_depth: int) -> int:
    """The line where flow collections (``[``/``{``) first nest deeper than ``max_depth``, or 0.

    The library's scanner reads a whole flow collection ahead before it emits an event, so its
    own limit would fire first; this small scanner knows just enough YAML (quotes, comments,
    where a value may start) to find the depth in one pass. Only run on suspicious files."""
    depth, line, i, n = 0, 1, 0, len(text)
    value_start = True
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            value_start = value_start or depth == 0
            i += 1
            continue
        if ch in " \t":
            i += 1
            continue
        if ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            i = text.find("\n", i)
            i = n if i < 0 else i
            continue
        if ch in "\"'" and (value_start or depth):
            end = _quote_end(text, i)
            line += text.count("\n", i, end)
            i, value_start = end, False
            continue
        nxt = text[i + 1 : i + 2]
        if ch in "[{" and (value_start or depth):
            depth += 1
            if depth > max_depth:
                return line
            value_start = True
        elif ch in "]}" and depth:
            depth -= 1
            value_start = False
        elif (ch == "," and depth) or (ch in "-?:" and nxt in ("", " ", "\t", "\n")):
            value_start = True
        elif ch == "\r" or (ch == ":" and depth):
            pass
        else:
            value_start = False
        i += 1
    return 0


def _quote_end(text: str, i: int) -> int:
    """The index just past the quoted scalar starting at ``text[i]``."""
    quote, j = text[i], i + 1
    while True:
        j = text.find(quote, j)
        if j < 0:
            return len(text)
        if quote == '"' and _escaped(text, j):
            j += 1
        elif quote == "'" and text[j + 1 : j + 2] == "'":
            j += 2
        else:
            return j + 1


def _escaped(text: str, j: int) -> bool:
    backslashes = 0
    while text[j - 1 - backslashes] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


EXPANSION = 50  # how many times its own size a document may grow through aliases


def _distinct_nodes(root: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return len(seen)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "invalid YAML: " + (", ".join(parts) if parts else str(exc).splitlines()[0])


def span_of(node: yaml.Node, end: yaml.Node | None, lines: list[str]) -> Span:
    start, stop = node.start_mark, (end or node).end_mark
    end_line, end_col = stop.line + 1, stop.column + 1
    if stop.column == 0 and stop.line > start.line:
        # a block node ends where the next token starts: step back over blank and comment lines
        end_line = stop.line
        while end_line > start.line + 1 and _is_blank(lines, end_line):
            end_line -= 1
        end_col = len(lines[end_line - 1]) + 1 if end_line <= len(lines) else 0
    return Span(start.line + 1, end_line, start.column + 1, end_col)


def _is_blank(lines: list[str], line: int) -> bool:
    text = lines[line - 1].strip() if line <= len(lines) else ""
    return not text or text.startswith("#")


class _Builder:
    def __init__(self, doc: Document, lines: list[str], max_nodes: int, max_depth: int):
        self.doc = doc
        self.lines = lines
        self.nodes = 0
        self.max_nodes, self.max_depth = max_nodes, max_depth

    def build(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise ParseError(
                f"YAML expands to more than {self.max_nodes:,} nodes "
                "([limits] yaml_nodes; an alias bomb?)"
            )
        if depth > self.max_depth:
            raise ParseError(
                f"YAML nested deeper than {self.max_depth} levels", node.start_mark.line + 1
            )
        value = self._value(node, path, depth)
        fn = CFN_TAGS.get(node.tag)
        if fn is not None:
            if fn == "Fn::GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
            value = {fn: value}
        return value

    def _value(self, node: yaml.Node, path: tuple, depth: int) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag.startswith("tag:yaml.org,2002:") and node.tag not in _RAW:
                try:
                    return _SCALARS.construct_object(node)
                except (yaml.YAMLError, ValueError):
                    return node.value
            return node.value
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, child in enumerate(node.value):
                self.doc.spans[path + (i,)] = span_of(child, None, self.lines)
                out.append(self.build(child, path + (i,), depth + 1))
            return out
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        return None

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        out: dict = {}
        pairs = node.value
        for key_node, value_node in pairs:  # merged keys first: explicit keys override them
            if key_node.tag != _MERGE:
                continue
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for src in sources:
                value = self.build(src, path, depth + 1)
                if isinstance(value, dict):
                    for k, v in value.items():
                        out.setdefault(k, v)
        explicit: set = set()
        for key_node, value_node in pairs:
            if key_node.tag == _MERGE:
                continue
            key = self.build(key_node, path + ("<key>",), depth + 1)
            if isinstance(key, list | dict):
                key = str(key)
            span = span_of(key_node, value_node, self.lines)
            if key in explicit:
                self.doc.warnings.append(
                    (key_node.start_mark.line + 1, f"duplicate key {key!r}; the last one wins")
                )
                first = self.doc.spans[path + (key,)].line
                self.doc.spans[duplicate_path(path, key, first)] = span
            explicit.add(key)
            self.doc.spans[path + (key,)] = span
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out
