"""Every input fuzzing found to crash or hang the scanner (``tests/hostile/regressions/``),
and the rewritten HCL string terminals (same trees as python-hcl2's, in linear time)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from infralint.parse.terraform import parser
from tests.conftest import FIXTURES, run

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


def test_string_terminals_parse_like_python_hcl2():
    from hcl2.parser import hcl2 as stock

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.tf"))]
    for text in texts + [s + "\n" for s in STRINGS]:
        assert _outcome(parser(), text) == _outcome(stock, text), text[:200]


def _outcome(lark_parser, text: str):
    try:
        return lark_parser.parse(text + "\n")
    except Exception as exc:  # both parsers must reject the same texts, at the same token
        # (the list of expected tokens in the message comes from a set: its order varies)
        return type(exc).__name__, str(exc).split("Expected one of")[0]


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
    from lark.exceptions import LarkError

    started = time.monotonic()
    with pytest.raises(LarkError):
        parser().parse(text)
    assert time.monotonic() - started < 2
