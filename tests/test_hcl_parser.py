"""The HCL parser (``infralint.parse.hcl``): the native syntax's constructs with their values
and exact spans, errors with their true position and recovery, and two oracles: Terraform itself
(``terraform fmt``, where it is on PATH) decides which texts are valid syntax, and python-hcl2
(current release, a test dependency) must find the same literal values wherever both parsers
accept a file. Seeded random documents drive all of it as a fuzzer."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from infralint.graph.hcl_eval import Evaluator
from infralint.model import Unknown, is_literal
from infralint.parse import hcl
from infralint.parse import hcl_ast as ast

ROOT = Path(__file__).resolve().parent.parent
TERRAFORM = shutil.which("terraform")


def no_names(root, steps):
    raise KeyError(root)


def names(root, steps):
    """``var.<name>`` is the name in capitals; ``var.list`` and ``var.map`` are collections."""
    values = {"list": ["a", "b"], "map": {"k": "v", "j": "w"}, "t": True, "f": False}
    if root == "var" and steps:
        return values.get(steps[0], str(steps[0]).upper()), 1
    raise KeyError(root)


def value(text: str, scope=names):
    body = hcl.parse(text + "\n")
    assert body.issues == [], body.issues
    return Evaluator(scope, "x.tf", text).evaluate(body.attributes["x"].expr)


# -- the constructs of the native syntax ----------------------------------------------------------
SPEC = [
    # numbers, exponents, precedence
    ("x = 5e6", 5e6),
    ("x = 1.5E-3", 1.5e-3),
    ("x = 007", 7),
    ("x = 1 + 2 * 3", 7),
    ("x = (1 + 2) * 3", 9),
    ("x = 10 - 4 - 3", 3),
    ("x = 2 * 3 % 4", 2),
    ("x = -2 * -3", 6),
    ("x = 1 + 2 == 3 && !false", True),
    ("x = 1 == 2 || 3 > 2 && 1 >= 1", True),
    ('x = 1 == 1 ? "yes" : "no"', "yes"),
    ("x = false ? 1 : true ? 2 : 3", 2),
    ("x = 1 < 2 == true", True),
    # newlines are insignificant inside parentheses, brackets and arguments
    ("x = (\n  var.t\n  || var.f\n)", True),
    ("x = (\n  var.f\n  ? 1\n  : 2\n)", 2),
    ("x = (\n  1\n  + 2\n  * 3\n)", 7),
    ("x = [\n  1,\n  2\n]", [1, 2]),
    ("x = max(\n  1,\n  2\n)", 2),
    ("x = {\n  for k, v in var.map : k\n  => v\n}", {"k": "v", "j": "w"}),
    ('x = {\n  for k, v in var.map :\n  k => v\n  if k == "k"\n}', {"k": "v"}),
    ("x = [\n  for s in var.list :\n  upper(s)\n]", ["A", "B"]),
    ("x = {for s in var.list : s => 1...}", {"a": [1], "b": [1]}),
    ("x = merge({\n  a = (\n    var.t\n    ? 1\n    : 2\n  )\n  b = 3\n}, {})", {"a": 1, "b": 3}),
    ("x = {\n  a = var.t ? 1 : 2\n  b = 3\n}", {"a": 1, "b": 3}),
    ("x = {\n  a = 1 + 1\n  c = 2\n}", {"a": 2, "c": 2}),
    ("x = { a = 1, b = 2, }", {"a": 1, "b": 2}),
    ('x = { "a b" = 1, (var.q) = 2 }', {"a b": 1, "Q": 2}),
    ("x = { a: 1 }", {"a": 1}),
    # templates: escapes, interpolations, directives, strip markers
    (r'x = "a\tb\\ \"q\" \u00e9"', 'a\tb\\ "q" \u00e9'),
    ('x = "$${var.q} %%{x}"', "${var.q} %{x}"),
    ('x = "${var.q}-${1 + 1}"', "Q-2"),
    ('x = "${var.list}"', ["a", "b"]),
    ('x = "%{ if var.t }on%{ else }off%{ endif }"', "on"),
    ('x = "%{ for s in var.list }${s},%{ endfor }"', "a,b,"),
    ('x = "%{ for i, s in var.list }${i}=${s} %{ endfor }"', "0=a 1=b "),
    ('x = "a   ${~ var.q ~}   b"', "aQb"),
    ('x = "${ {a = "}"}["a"] }"', "}"),
    ("x = <<EOT\nhello ${var.q}\nEOT", "hello Q\n"),
    ("x = <<-EOT\n    a\n      b\n    EOT", "a\n  b\n"),
    ("x = <<EOT\n%{ if var.f }no%{ endif }yes EOT\nEOTX\n  EOT", "yes EOT\nEOTX\n"),
    ("x = <<EOT\nEOT", ""),
    ("x = <<EOT\n$${literal}\\n\nEOT", "${literal}\\n\n"),
    # traversals, splats, the legacy index
    ("x = var.list[1]", "b"),
    ("x = var.map.k", "v"),
    ('x = var.map["j"]', "w"),
    ("x = [{a = 1}, {a = 2}][*].a", [1, 2]),
    ("x = [{a = [5]}, {a = [6]}].*.a[0]", [5]),
    ("x = [[1, 2], [3]][0].1", 2),
    ("x = [for o in [{a = 1}] : o.a]", [1]),
    ('x = try(var.map.nope, "fallback")', "fallback"),
    ("x = max([1, 5, 3]...)", 5),
    ('x = ["a", "b", "c"][1 + 1]', "c"),
]


@pytest.mark.parametrize("text, expected", SPEC, ids=[t[:40] for t, _ in SPEC])
def test_construct_has_its_value(text, expected):
    assert value(text) == expected


def test_provider_function_is_read_and_not_evaluated():
    body = hcl.parse('x = provider::aws::arn_parse("arn:aws:s3:::b").region\n')
    expr = body.attributes["x"].expr
    assert type(expr) is ast.Traversal and expr.source.name == "provider::aws::arn_parse"
    result = Evaluator(no_names).evaluate(expr)
    assert isinstance(result, Unknown) and "provider-defined" in result.reason


def test_node_types_and_spans():
    text = (
        'resource "aws_s3_bucket" "b" {\n'
        '  tags = { Name = "n-${var.env}" }\n'
        "  count = var.on ? 1 : 0\n"
        "  ids = aws_instance.web[*].id\n"
        "}\n"
    )
    block = hcl.parse(text).blocks[0]
    assert (block.type, block.labels, block.span.line, block.span.end_line) == (
        "resource",
        ["aws_s3_bucket", "b"],
        1,
        5,
    )
    assert (block.span.col, block.span.end_col) == (1, 2)
    tags = block.body.attributes["tags"]
    assert (tags.span.line, tags.span.col, tags.span.end_col) == (2, 3, 35)
    item = tags.expr.items[0]
    assert type(item.key) is ast.Literal and item.key.value == "Name"
    assert (item.value.column, item.value.end_column) == (19, 33)
    assert item.value.parts[0] == "n-" and type(item.value.parts[1]) is ast.Traversal
    count = block.body.attributes["count"].expr
    assert type(count) is ast.Conditional and (count.column, count.end_column) == (11, 25)
    ids = block.body.attributes["ids"].expr
    assert [type(s).__name__ for s in ids.steps] == ["GetAttr", "Splat"]
    assert ids.steps[1].full and ids.steps[1].steps == [ast.GetAttr("id")]
    binary = hcl.parse("x = 1 + 2 * 3 - 4\n").attributes["x"].expr
    assert binary.op == "-" and binary.left.op == "+" and binary.left.right.op == "*"


# -- errors: true position, short message, recovery -----------------------------------------------
ERRORS = [
    ("x = }", 1, 5, "unexpected `}`, expected an expression"),
    ("a = 1\nb = = 2", 2, 5, "unexpected `=`, expected an expression"),
    (
        'resource "a" "b" {\n  x = [1, 2\n  y = 1\n}',
        3,
        3,
        "unexpected `y`, expected `,` or `]` in a tuple",
    ),
    ('x = "abc\ny = 1', 1, 9, "unterminated string"),
    ("x = <<EOT\nabc EOT\n", 1, 5, "unterminated heredoc: no line holds only EOT"),
    ("block {\n  a = 1\n", 1, 7, "unclosed block `block`: its `{` has no `}`"),
    ("x = 1 y = 2", 1, 7, "unexpected `y`, expected a newline"),
    ("x = a ? b", 1, 10, "unexpected newline, expected `:` of a conditional"),
    ("x = f(a b)", 1, 9, "unexpected `b`, expected `,` or `)` in the arguments"),
    ("x = @", 1, 5, "unexpected character `@`"),
    ("x = 1 ghp_0123456789abcdefghij", 1, 7, "unexpected name, expected a newline"),
    ("x = 1\n/* open", 2, 1, "unexpected unterminated comment"),
]


@pytest.mark.parametrize("text, line, column, message", ERRORS, ids=[e[0][:30] for e in ERRORS])
def test_error_has_its_true_position(text, line, column, message):
    issues = hcl.parse(text + "\n").issues
    assert [(i.line, i.column, i.message) for i in issues][:1] == [(line, column, message)]


def test_an_error_costs_only_its_top_level_block():
    text = (
        'resource "a" "one" {\n  x = 1\n}\n'
        'resource "a" "broken" {\n  nested {\n    y = (1 +\n  }\n  z = 2\n}\n'
        'resource "a" "three" {\n  x = 3\n}\n'
        "top = 4\n"
    )
    body = hcl.parse(text)
    assert [b.labels[1] for b in body.blocks] == ["one", "three"]
    assert list(body.attributes) == ["top"]
    assert [(i.line, i.column) for i in body.issues] == [(7, 3)]


# -- oracles --------------------------------------------------------------------------------------
def _terraform_rejects(texts: list[str], tmp_path: Path) -> list[bool]:
    """For each text, whether ``terraform fmt`` rejects it (one run for all)."""
    for i, text in enumerate(texts):
        (tmp_path / f"t{i}.tf").write_text(text, encoding="utf-8")
    run = subprocess.run(
        [TERRAFORM, "fmt", "-check", "-no-color", "-list=false", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    rejected = {int(n) for n in re.findall(r"^\s*on .*?t(\d+)\.tf line", run.stderr, re.M)}
    return [i in rejected for i in range(len(texts))]


def _samples() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.tf"))]
    texts += [t + "\n" for t, _ in SPEC] + [c + "\n" for c in CORNERS]
    texts += [e[0] + "\n" for e in ERRORS]
    documents = Documents(1)
    texts += [documents.document() for _ in range(300)]
    return texts


@pytest.mark.skipif(TERRAFORM is None, reason="terraform is not on PATH")
def test_terraform_and_the_parser_agree_on_what_is_valid(tmp_path):
    texts = _samples()
    rejected = _terraform_rejects(texts, tmp_path)
    ours = [bool(hcl.parse(t).issues) for t in texts]
    disagree = [t for t, a, b in zip(texts, rejected, ours, strict=True) if a != b]
    assert not disagree, disagree[:5]
    assert 50 < sum(rejected) < len(texts) - 100  # both kinds are well represented


def _plain(value):
    """python-hcl2's value when it is a literal (quoted strings unquoted), else None."""
    if isinstance(value, bool | int | float) or value is None:
        return ("v", value)
    if isinstance(value, str):
        if value[:1] == '"' and value[-1:] == '"' and not re.search(r"[\\$%]|<<", value):
            return ("v", value[1:-1])
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value)
    out = {}
    for key, item in items:
        inner = _plain(item)
        if inner is None:
            return None
        out[str(key).strip('"')] = inner[1]
    return ("v", out if isinstance(value, dict) else list(out.values()))


def _compare(ours: ast.Body, theirs: dict, where: str, compared: list) -> None:
    for name, attr in ours.attributes.items():
        expected = _plain(theirs.get(name, "${?}"))
        if expected is None:
            continue
        mine = Evaluator(no_names).evaluate(attr.expr)
        if is_literal(mine):
            assert mine == expected[1], f"{where}.{name}"
            compared.append(name)
    by_type: dict[str, list] = {}
    for block in ours.blocks:
        by_type.setdefault(block.type, []).append(block)
    for kind, blocks in by_type.items():
        entries = theirs.get(kind, [])
        assert len(entries) == len(blocks), f"{where}.{kind}"
        for block, entry in zip(blocks, entries, strict=True):
            for label in block.labels:
                entry = entry[f'"{label}"'] if f'"{label}"' in entry else entry[label]
            _compare(block.body, entry, f"{where}.{kind}", compared)


def test_python_hcl2_finds_the_same_literal_values():
    hcl2 = pytest.importorskip("hcl2")
    compared: list = []
    for text in _samples():
        try:
            theirs = hcl2.loads(text)
        except Exception:
            continue
        ours = hcl.parse(text)
        if ours.issues:
            continue
        _compare(ours, theirs, text[:60], compared)
    assert len(compared) > 300


# -- random documents as a fuzzer -----------------------------------------------------------------
@pytest.mark.parametrize("seed", range(10))
def test_random_documents_parse_quickly_with_positions_inside_the_text(seed):
    documents = Documents(seed)
    for _ in range(100):
        text = documents.document()
        started = time.monotonic()
        body = hcl.parse(text)
        assert time.monotonic() - started < 1
        lines = text.split("\n")
        for issue in body.issues:
            assert 1 <= issue.line <= len(lines)
            assert 1 <= issue.column <= len(lines[issue.line - 1]) + 1
        Evaluator(no_names, "x.tf", text).evaluate(ast.Tuple(1, 1, 1, 1, _exprs(body)))


def _exprs(body: ast.Body) -> list:
    out = [a.expr for a in body.attributes.values()]
    for block in body.blocks:
        out += _exprs(block.body)
    return out


def test_deep_nesting_is_an_error_not_a_crash():
    body = hcl.parse("x = " + "[" * 5000 + "]" * 5000 + "\ny = 1\n")
    assert [i.message for i in body.issues] == [
        "nested more than 200 levels ([limits] nesting_depth)"
    ]
    assert list(body.attributes) == ["y"]


CORNERS = [
    "x = a + b * c ? 1 : -d",
    "x = { a = b + c\n  d = 1 }",
    "x = 1 e = 2",
    "x = [1e5]",
    "x = 1.foo",
    "x = 007",
    "x = 1 . 5",
    "x = a.0.b[1].c",
    "x = a[*].b.c[0].d",
    "x = a.*.b.c[0]",
    "x = a.*",
    "x = a.*[0]",
    "x = a[*].*",
    "x = a.in.if",
    "x = a.\nb",
    "x = a. b",
    "x = a [0]",
    "x = [for, a]",
    "x = {for: 1}",
    "x = [\n  for x in y :\n  x\n  if x\n]",
    "x = [for k, v\n  in m: v]",
    "x = { for k, v in m : k => v... if v }",
    "x = [for x in y: x...]",
    "x = [for for in for: for]",
    "x = {for if in if: if => if if if}",
    'x = [for k, "v" in m : 1]',
    "x = {for k, 1 in m : k => 1}",
    "x = f(a, b...)",
    "x = f(a, b,)",
    "x = f(a...,)",
    "x = f(a\n, b)",
    "x = f(\n)",
    "x = f( # c\n  1, # d\n)",
    "x = provider::aws::arn_parse(x)",
    "x = a::b",
    "x = p::1::f()",
    "x = !a ? b : c",
    "x = - -a",
    "x = a -1",
    "x = a ? b : c ? d : e",
    "x = a ?\n  b :\n  c",
    "x = (\na + b\n)",
    "x = a-b",
    "x = a==b&&c!=d||e>=f",
    "x = a\n  + b",
    "x = a +\n  b",
    "x = a +\n# comment\nb",
    "x = a + b # comment\ny = c",
    "x = [ a + b\n, c]",
    "x = <<EOF\nhello ${x}\nEOF",
    "x = <<-EOT\n    hi\n  EOT\ny = 1",
    "x = <<EOFX\nEOF\nEOFX",
    "x = <<EOF\nno end",
    "x = <<EOF\na\nEOF y = 1",
    "x = a<<EOF\nEOF",
    'x = "a" /* c */ + "b"',
    "/* multi\nline */ x = 1",
    "x = 1 # c\n// d\ny = 2",
    'x = "${"${"x"}"}"',
    'x = "multi\nline"',
    'resource "a" "b"\n{\n  x = 1\n}',
    "a b c {\n}",
    'a "x" "y" b {}',
    "x = 1\ry = 2",
    "in = 1\nif = 2\nfor_each = 3\nfor = 4",
    "x = { in = 1, for = 2, if = 3 }",
    'x = { "a": 1, (b) = 2, c.d = 3 }',
    "x = {\n  a = 1,\n  b = 2,\n}",
    "x = {a=1 b=2}",
    "x = {a, b}",
    'x = {"a" => 1}',
    "x = { a = 1\n,b=2}",
    "x = [1, 2,]",
    "x = [ # c\n  1, # d\n  2 # e\n]",
    "x",
]


# -- random documents ------------------------------------------------------------------------------
class Documents:
    """Random HCL documents, mostly valid: bodies, blocks, attributes, operators, conditionals,
    tuples, objects, calls, for expressions, splats, heredocs, strings, comments and newlines
    in odd places; one in five gets a random edit."""

    NAMES = ["a", "b", "var", "x-y", "_u", "local", "each", "true", "null", "count"]
    KEYWORDS = ["for", "in", "if", "for_each"]
    OPERATORS = ["+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"]
    STRINGS = ['"s"', '""', '"${a.b}"', '"x\\"y"', '"${f("q")}"', '"%{if a}b%{endif}"']
    STRINGS += ['"multi\nline"', '"${"${x}"}"', '"é ü"', '"a\\\\"']
    HEREDOCS = ["<<EOF\nline ${a}\nEOF", "<<-EOT\n  x\n  EOT", "<<EOF\nEOF", '<<A.b\n"\nA.b']
    NUMBERS = ["1", "12", "3.25", "0", "007", "1.0"]
    SUFFIXES = [".c", ".0", "[0]", "[*]", ".*", ".for", ".in", "[*].d", ".*.e", "[*][1]"]
    AFTER_SPLAT = [".c", ".in", "[0]", ".*"]  # ".*" takes names only: a ".0" after it is an error
    EDITS = list(',.[](){}=\n*"#?:-') + [" for ", "...", "<<EOF\n", "/*"]

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def document(self) -> str:
        text = self.nl() + self.body(0)
        if self.r.random() < 0.2:
            at = self.r.randrange(len(text))
            edit = self.r.randrange(3)
            if edit == 0:
                text = text[:at] + text[at + 1 :]
            elif edit == 1:
                text = text[:at] + self.r.choice(self.EDITS) + text[at:]
            else:
                text = text[:at] + text[at : at + self.r.randrange(1, 8)] + text[at:]
        return text if text.endswith("\n") else text + "\n"

    # layout: gap() where no newline may stand, nl() where newlines and comments may
    def gap(self) -> str:
        if self.r.random() < 0.04:
            return " /* a\n b */ "
        return self.r.choice(["", " ", " ", " ", "  ", "\t", "/* c */ "])

    def nl(self) -> str:
        if self.r.random() < 0.6:
            return self.gap()
        return self.r.choice(["\n", "\n\n", " # c\n", " // d\n", "\n  # e\n  ", "\n/* f */\n"])

    def slip(self) -> bool:
        """Now and then: time for a newline or a token where the grammar may not take it."""
        return self.r.random() < 0.01

    def odd(self) -> str:
        return "\n" if self.slip() else ""

    def name(self) -> str:
        return self.r.choice(self.NAMES + self.KEYWORDS if self.r.random() < 0.15 else self.NAMES)

    def body(self, depth: int) -> str:
        out = ""
        for _ in range(self.r.randrange(1, 4)):
            if depth < 2 and self.r.random() < 0.25:
                labels = self.r.choice(["", ' "t"', ' "t" n', " n", ' "a" "b"'])
                head = self.r.choice(["resource", "dynamic", "b", "locals"]) + labels
                head += self.r.choice([" ", "\n", " # c\n"]) + "{" + self.nl()
                out += head + self.body(depth + 1) + self.nl() + "}"
            else:
                out += self.name() + self.gap() + "=" + self.gap() + self.expr(0)
            out += self.r.choice(["\n"] * 4 + ["\n\n", " # c\n", " // d\n", " "])
        return out

    def expr(self, depth: int) -> str:
        r = self.r
        if depth > 3:
            return r.choice(["1", "a", '"s"', "b.c"])
        k = r.randrange(16)
        e = self.expr
        d = depth + 1
        if k == 0:
            return e(d) + self.gap() + self.odd() + r.choice(self.OPERATORS) + self.nl() + e(d)
        if k == 1:
            parts = [e(d), "?", self.nl(), e(d), self.nl(), ":", self.nl(), e(d)]
            return self.gap().join(parts[:2]) + "".join(parts[2:])
        if k == 2:
            return r.choice(["-", "!"]) + self.term(d)
        if k == 3:
            items = [self.nl() + e(d) + self.nl() for _ in range(r.randrange(4))]
            end = r.choice(["", ",", "," + self.nl()]) if items else ""
            return "[" + ",".join(items) + end + self.nl() + "]"
        if k == 4:
            return self.object(d)
        if k == 5:
            return self.call(d)
        if k == 6:
            return "[" + self.nl() + self.for_intro(d) + e(d) + self.for_end(d) + "]"
        if k == 7:
            pair = e(d) + self.gap() + "=>" + self.nl() + e(d) + r.choice(["", "", "..."])
            return "{" + self.nl() + self.for_intro(d) + pair + self.for_end(d) + "}"
        if k == 8:
            return "(" + self.nl() + e(d) + self.nl() + ")"
        if k == 9:
            return r.choice(self.HEREDOCS)
        if k == 10:
            return r.choice(self.STRINGS)
        if k == 11:
            return r.choice(self.NUMBERS)
        return self.term(depth)

    def term(self, depth: int) -> str:
        r = self.r
        text = r.choice([self.name(), "f(a)", "(b)", "[1]", '"s"', "a.b", "{a = 1}"])
        splat = False
        for _ in range(r.randrange(4)):
            if r.random() < 0.2:
                text += "[" + self.nl() + self.expr(depth + 1) + self.nl() + "]"
            else:
                text += self.odd() + r.choice(self.AFTER_SPLAT if splat else self.SUFFIXES)
            splat = text.endswith((".*", ".*.e")) and r.random() < 0.9
        return text

    def object(self, depth: int) -> str:
        r = self.r
        elems = []
        for _ in range(r.randrange(4)):
            key = r.choice(self.NAMES + self.KEYWORDS + ['"k"', "(a)", "a.b", '"${a}"'])
            assign = r.choice(["=>", ""]) if self.slip() else r.choice(["=", ":"])
            elems.append(key + self.gap() + assign + self.gap() + self.expr(depth))
        separators = [",", "\n", ", ", ",\n", " # c\n", ",\n\n"]
        ends = [r.choice(separators) for _ in elems]
        if elems and r.random() < 0.5:  # no separator after the last element
            ends[-1] = ""
        text = "".join(elem + end for elem, end in zip(elems, ends, strict=True))
        return "{" + self.nl() + text + self.nl() + "}"

    def call(self, depth: int) -> str:
        r = self.r
        name = r.choice(["f", "lookup", "merge", "provider::aws::arn_parse"])
        args = [self.expr(depth) for _ in range(r.randrange(4))]
        text = ",".join(self.nl() + a + r.choice([self.gap(), self.gap(), self.nl()]) for a in args)
        if args:
            text += r.choice(["", "", ",", "...", ",\n", "\n"])
        return name + "(" + self.nl() + text + self.nl() + ")"

    def for_intro(self, depth: int) -> str:
        names = 'k, "v"' if self.slip() else self.r.choice(["k", "k, v", "k,v", "k, v\n"])
        intro = "for" + self.r.choice([" ", "\n"]) + names + self.r.choice([" ", "\n "]) + "in "
        return intro + self.expr(depth) + self.gap() + ":" + self.nl()

    def for_end(self, depth: int) -> str:
        cond = " if " + self.expr(depth) if self.r.random() < 0.4 else ""
        return self.gap() + cond + self.nl()
