"""The hand-written HCL parser (``infralint.parse.hcl``) against Lark with python-hcl2's grammar:
on every Terraform file of the repository, a generated corpus, hand-picked corner cases and
seeded random documents, the fast parser builds exactly Lark's tree (rule names, positions,
token types, texts) or hands the text over (``Unsupported``). It accepts one thing Lark rejects,
and Terraform reads: object elements separated by a newline after an operation. Then the
fallback of ``terraform.tree`` and the spans built on those trees."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest
from lark.exceptions import LarkError

from infralint.graph.hcl_eval import Evaluator
from infralint.parse import ParseError, hcl, terraform

ROOT = Path(__file__).resolve().parent.parent


# -- comparing trees -------------------------------------------------------------------------------
def shape(tree):
    """A tree as nested tuples: (rule, position or None when empty, children) for a rule,
    (type, text, position) for a token. Reads Lark's Tree/Token and hcl's Node/Leaf alike."""
    if hasattr(tree, "data"):
        meta = tree.meta
        where = None if meta.empty else (meta.line, meta.column, meta.end_line, meta.end_column)
        return (str(tree.data), where, [shape(child) for child in tree.children])
    return (tree.type, str(tree), (tree.line, tree.column, tree.end_line, tree.end_column))


def first_difference(mine, ref, path: str = "start") -> str | None:
    """Where two shapes first differ (a path of rule names and child indexes), or None."""
    if mine == ref:
        return None
    rules = isinstance(mine[2], list) and isinstance(ref[2], list)
    if rules and mine[:2] == ref[:2] and len(mine[2]) == len(ref[2]):
        for i, (a, b) in enumerate(zip(mine[2], ref[2], strict=True)):
            found = first_difference(a, b, f"{path} > {i}:{b[0]}")
            if found:
                return found
    return f"at {path}\n  fast: {_head(mine)}\n  lark: {_head(ref)}"


def _head(s) -> str:
    if isinstance(s[2], list):
        return f"{s[0]} {s[1]} children {[c[0] for c in s[2]]}"
    return repr(s)


def _classes(tree) -> set[type]:
    found = {type(tree)}
    for child in getattr(tree, "children", ()):
        found |= _classes(child)
    return found


def lark_shape(text: str):
    """The shape of Lark's tree, None when Lark rejects the text."""
    try:
        return shape(terraform.parser().parse(text))
    except LarkError:
        return None


def check(text: str, name: str = "") -> str:
    """Compare both parsers on ``text``: "fast" (the same tree), "lark" (handed over, Lark builds
    the tree) or "error" (handed over, Lark rejects it too)."""
    name = name or repr(text if len(text) < 400 else text[:400] + "...")
    ref = lark_shape(text)
    try:
        tree = hcl.parse(text)
    except hcl.Unsupported:
        return "error" if ref is None else "lark"
    if ref is None:
        _check_separators(text, tree, name)
        return "fast"
    assert _classes(tree) <= {hcl.Node, hcl.Leaf}, name
    diff = first_difference(shape(tree), ref)
    if diff:
        pytest.fail(f"{name}: the trees differ {diff}")
    return "fast"


def _check_separators(text: str, tree, name: str) -> None:
    """The one thing the fast parser reads that Lark rejects: object elements separated by a
    newline after an operation (`a = b + 1` then `c = 2` on the next line), where the grammar
    gives the newline to the operation. With a comma at the end of those elements Lark must
    accept the text and build the same tree, positions apart."""
    parser = hcl._Parser(hcl.tokenize(text))
    parser.start()
    if not parser.separated:
        pytest.fail(f"{name}: the fast parser accepts what Lark rejects")
    lines = text.split("\n")
    for line, column in sorted(parser.separated, reverse=True):
        row = lines[line - 1]
        lines[line - 1] = row[: column - 1] + "," + row[column - 1 :]
    with_commas = "\n".join(lines)
    ref = lark_shape(with_commas)
    assert ref is not None, f"{name}: Lark rejects it even with commas:\n{with_commas}"
    assert _without_positions(shape(tree)) == _without_positions(ref), name


def _without_positions(s):
    if isinstance(s[2], list):
        return (s[0], [_without_positions(c) for c in s[2]])
    return s[:2]


# -- the repository's Terraform files and a generated corpus ---------------------------------------
def _terraform_files() -> list[Path]:
    found = []
    for top in ("fixtures", "tests"):
        found += (p for p in (ROOT / top).rglob("*") if p.suffix in (".tf", ".tfvars"))
    return sorted(found)


def _file_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n") + "\n"


def _check_file(path: Path) -> None:
    outcome = check(_file_text(path), str(path))
    assert outcome != "lark", f"{path}: Lark parses it, the fast parser hands it over"


def test_the_repository_has_terraform_files():
    files = _terraform_files()
    assert len(files) > 30
    assert any(p.suffix == ".tfvars" for p in files)


@pytest.mark.parametrize("path", _terraform_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_repository_file_builds_larks_tree(path):
    _check_file(path)


def test_a_file_lark_rejects_is_handed_over():
    path = ROOT / "tests/hostile/regressions/unterminated-string-backtracking/terraform.tfvars"
    assert check(_file_text(path)) == "error"


def test_generated_corpus_builds_larks_trees(tmp_path):
    spec = importlib.util.spec_from_file_location("corpus", ROOT / "bench" / "corpus.py")
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    files = [
        p
        for p in corpus.write_corpus(tmp_path, modules=5, seed=3)
        if p.suffix in (".tf", ".tfvars")
    ]
    assert len(files) >= 40
    for path in files:
        _check_file(path)


# -- corner cases ----------------------------------------------------------------------------------
# Each must build Lark's tree or be handed over; test_corner_case_outcome pins a few outcomes.
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


@pytest.mark.parametrize("case", CORNERS, ids=lambda c: c[:40].replace("\n", "\\n"))
def test_corner_case(case):
    check(case + "\n")


@pytest.mark.parametrize(
    "case, outcome",
    [
        ("x = a + b ? c : d", "fast"),
        ('resource "a" "b" {}', "fast"),
        ("x = f(a, b,)", "fast"),
        ("x = f(a...)", "fast"),
        ('x = [for k, v in m: v if k != "" ]', "fast"),
        ("x = {\n  for k, v in m :\n  k => v\n}", "fast"),
        ("x = <<-EOT\n    hi\n  EOT", "fast"),
        # The identifier terminal wins over the exponent mark: Lark rejects every exponent
        ("x = 1e5", "error"),
        ("x = [1.5E-3]", "error"),
        ("x = a.*.0", "error"),  # an attribute splat takes names only
        ("x = [\nfor]", "error"),
        ("x = [,]", "error"),
        ("x = f(a\n,)", "error"),  # no newline before a trailing comma
        ('x = "unterminated', "error"),
        ("x = [for]", "lark"),  # "for" as a name in a collection
        ("x = {for = 1}", "lark"),
        # Lark rejects these (the newline went to the operation), Terraform reads them
        ("x = {\n  a = b + 1\n  c = 2\n}", "fast"),
        ("x = {\n  a = v == 1 ? 2 : 3 * 4 # c\n\n  b = 2\n  c = d || e\n}", "fast"),
        ("x = {\n  a = b + 1\n}", "fast"),  # the last element: the grammar's own tree
    ],
)
def test_corner_case_outcome(case, outcome):
    assert check(case + "\n") == outcome


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

    # layout: gap() where Lark takes no newline, nl() where it may take newlines and comments
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


@pytest.mark.parametrize("seed", range(10))
def test_random_documents(seed):
    documents = Documents(seed)
    outcomes = [check(documents.document()) for _ in range(100)]
    assert outcomes.count("fast") >= 50, outcomes  # the fast parser does the bulk of the work


# -- terraform.tree: the fast parser, else Lark ----------------------------------------------------
@pytest.mark.parametrize(
    "text, rule",
    [("x = [for]\n", "tuple"), ("x = {for = 1}\n", "object"), ("x = [for, 1]\n", "tuple")],
)
def test_tree_falls_back_to_lark(text, rule):
    with pytest.raises(hcl.Unsupported):
        hcl.parse(text)
    tree = terraform.tree(text)
    assert isinstance(tree, hcl.Node)
    assert _classes(tree) <= {hcl.Node, hcl.Leaf}
    assert shape(tree) == lark_shape(text)
    attribute = tree.children[0].children[0]
    assert attribute.data == "attribute"
    assert attribute.children[1].children[0].data == rule


def test_tree_of_valid_text():
    text = "x = a + b\n"
    assert shape(terraform.tree(text)) == shape(hcl.parse(text)) == lark_shape(text)


# "x = 1e5": Lark reads "e5" as a name (its identifier terminal wins over the exponent mark)
@pytest.mark.parametrize("text", ["x = [,]\n", "x = 1e5\n", 'x = "open\n', "x = 1 }\n"])
def test_tree_reports_invalid_hcl(text):
    with pytest.raises(ParseError) as raised:
        terraform.tree(text)
    assert raised.value.message.startswith("invalid HCL"), raised.value.message


# -- spans -----------------------------------------------------------------------------------------
def _span(text: str):
    return terraform.parse(text).body.attributes["x"].span


@pytest.mark.parametrize(
    "text",
    ["x = [\n  1,\n]\n", "x = {\n  a = 1\n}\n", "x = [\n  1,\n  2\n\n]\n", "x = f(\n  1,\n)\n"],
)
def test_multi_line_value_spans_to_its_closing_bracket(text):
    span = _span(text)
    last = text.rstrip("\n").count("\n") + 1
    assert (span.line, span.col, span.end_line, span.end_col) == (1, 1, last, 2)


def test_binary_operation_span_leaves_out_its_newline():
    span = _span("x = a + b\n")
    assert (span.line, span.col, span.end_line, span.end_col) == (1, 1, 1, 10)
    span = _span("x = a + b # comment\ny = c\n")
    assert (span.end_line, span.end_col) == (1, 10)
    span = _span("x = a +\n  b\n")
    assert (span.end_line, span.end_col) == (2, 4)


def test_object_elements_after_an_operation_keep_their_values():
    text = "x = {\n  a = b + 1\n  c = v == 1 ? 2 : 3 * 4\n  d = 5\n}\n"
    body = terraform.parse(text).body
    values = {"b": 41, "v": 2}
    evaluator = Evaluator(lambda name, steps: (values[name], 0))
    assert evaluator.evaluate(body.attributes["x"].expr) == {"a": 42, "c": 12, "d": 5}
    assert (body.attributes["x"].span.line, body.attributes["x"].span.end_line) == (1, 5)
