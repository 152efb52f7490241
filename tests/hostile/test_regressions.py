"""Every input fuzzing found to crash or hang the scanner (``tests/hostile/regressions/``),
and the rewritten HCL string terminals (same trees as python-hcl2's, in linear time)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import run

REGRESSIONS = Path(__file__).parent / "regressions"


@pytest.mark.parametrize(
    "case", sorted(p for p in REGRESSIONS.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_regression(case, rules):
    started = time.monotonic()
    result = run([case], rules)
    assert time.monotonic() - started < 10
    assert not [d for d in result.diagnostics if d.internal]


STRINGS = [
    r'x = "plain"',
    r'x = "esc \" \\ \n \u00e9"',
    r'x = "a ${var.b} c ${upper("d")} e"',
    r'x = "nested ${ {a = "${var.q}"}["a"] } done"',
    r'x = "$${literal} and %%{literal}"',
    r'x = "%{ if var.a }yes%{ else }no%{ endif }"',
    r'x = "dollar $ and brace { alone"',
    'x = <<EOF\n  "quoted" ${var.a}\nEOF\n',
]


def test_strings_parse_and_evaluate():
    from infralint.graph.hcl_eval import Evaluator
    from infralint.parse import hcl

    def scope(root, steps):
        return {"q": "Q", "b": "B"}, 0

    values = []
    for text in STRINGS:
        body = hcl.parse(text + "\n")
        assert body.issues == [], text
        values.append(Evaluator(scope).evaluate(body.attributes["x"].expr))
    assert values[:2] == ["plain", 'esc " \\ \n \u00e9']
    assert values[2] == "a B c D e"
    assert values[3] == "nested Q done"


@pytest.mark.parametrize(
    "text",
    [
        'x = "' + "a" * 20_000 + "\n",
        'x = "${' + "a" * 20_000 + "\n",
        'x = "${a ${b ' + "c" * 20_000 + '"\n',
        'x = "' + "\\" * 20_001 + "\n",
    ],
)
def test_unterminated_strings_fail_fast(text):
    from infralint.parse import hcl

    started = time.monotonic()
    body = hcl.parse(text)
    assert len(body.issues) == 1
    assert time.monotonic() - started < 2
