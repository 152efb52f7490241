"""Terraform's built-in functions and unknown short-circuits, through the real command line.

Each case is an expression and the value Terraform gives it; the table is checked twice: by
infralint (a resource whose ``count`` is 1 only when the expression evaluates to that value) and,
where ``terraform`` is installed, by ``terraform console`` itself.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import infralint

CASES = [
    # collections
    ('sort(["b", "a", "c"])', ["a", "b", "c"]),
    ("sort([10, 9, 100])", ["10", "100", "9"]),
    (
        'sort(compact(distinct(concat(["mysql-tcp"], ["a", "mysql-tcp"], [""]))))',
        ["a", "mysql-tcp"],
    ),
    ('alltrue(["true", true])', True),
    ("alltrue([])", True),
    ("anytrue([])", False),
    ('anytrue([false, "true"])', True),
    ('chunklist(["a", "b", "c"], 2)', [["a", "b"], ["c"]]),
    ('index(["a", "b", "c"], "b")', 1),
    ('matchkeys(["i-1", "i-2", "i-3"], ["a", "b", "a"], ["a"])', ["i-1", "i-3"]),
    ('one(["x"])', "x"),
    ("one([]) == null", True),
    ("reverse([1, 2, 3])", [3, 2, 1]),
    ('setintersection(["a", "b"], ["b", "c"], ["b", "d"])', ["b"]),
    ('setunion(["b", "a"], ["c", "a"])', ["a", "b", "c"]),
    ('setsubtract(["a", "b", "c"], ["a"])', ["b", "c"]),
    ('setproduct(["a", "b"], ["x", "y"])', [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]]),
    ('slice(["a", "b", "c", "d"], 1, 3)', ["b", "c"]),
    ("sum([1, 2, 3.5])", 6.5),
    ('transpose({"a" = ["1", "2"], "b" = ["2", "3"]})', {"1": ["a"], "2": ["a", "b"], "3": ["b"]}),
    ('transpose({"b" = ["x"], "a" = ["x"]})', {"x": ["a", "b"]}),
    # numbers
    ("ceil(5.1)", 6),
    ("floor(-5.1)", -6),
    ("log(16, 2)", 4),
    ("pow(3, 2)", 9),
    ("pow(2, 0.5) > 1.41", True),
    ("signum(-13)", -1),
    ('parseint("FF", 16)', 255),
    ('parseint("-10", 2)', -2),
    ('parseint("zA", 62)', 2206),
    # strings
    ('chomp("hello\\n\\n")', "hello"),
    ('chomp("hello\\r\\n")', "hello"),
    ('formatlist("%s-%s", ["a", "b"], "x")', ["a-x", "b-x"]),
    ('indent(2, "a\\nb")', "a\n  b"),
    ('strcontains("hello", "ell")', True),
    ('strrev("abc")', "cba"),
    ('title("hello world-wide web_site")', "Hello World-Wide Web_site"),
    ('trim("?!hello?!", "!?")', "hello"),
    ('trimprefix("helloworld", "hello")', "world"),
    ('trimsuffix("helloworld", "world")', "hello"),
    # encodings and hashes
    ('base64encode("Hello World")', "SGVsbG8gV29ybGQ="),
    ('base64decode("SGVsbG8gV29ybGQ=")', "Hello World"),
    ('urlencode("a b/c?d=é")', "a+b%2Fc%3Fd%3D%C3%A9"),
    ('textencodebase64("Hello World", "UTF-16LE")', "SABlAGwAbABvACAAVwBvAHIAbABkAA=="),
    ('textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")', "Hello World"),
    ('csvdecode("a,b\\n1,2\\n3,4\\n")', [{"a": "1", "b": "2"}, {"a": "3", "b": "4"}]),
    ('yamldecode("a: 1\\nb: [x, true]")', {"a": 1, "b": ["x", True]}),
    ('md5("hello")', "5d41402abc4b2a76b9719d911017c592"),
    ('sha1("hello")', "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
    ('sha256("hello")', "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
    ('base64sha256("hello")', "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="),
    ('length(sha512("hello"))', 128),
    # IP networks
    ('cidrhost("10.12.112.0/20", 16)', "10.12.112.16"),
    ('cidrhost("10.12.112.0/20", -2)', "10.12.127.254"),
    ('cidrhost("fd00:fd12:3456:7890::/56", 16)', "fd00:fd12:3456:7800::10"),
    ('cidrnetmask("172.16.0.0/12")', "255.240.0.0"),
    ('cidrsubnet("10.1.2.0/24", 4, 15)', "10.1.2.240/28"),
    (
        'cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)',
        ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"],
    ),
    (
        'cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16)',
        ["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72"],
    ),
    # type conversion
    ('nonsensitive(sensitive("x"))', "x"),
    ('tonumber("5") + 1', 6),
]

# Values that do not depend on the unknown operand (``var.later`` has no value).
SHORT_CIRCUITS = [
    ("false && var.later", False),
    ("var.later && false", False),
    ("true || var.later", True),
    ("var.later || true", True),
    ('var.later == "x" && false ? 1 : 2', 2),
]


def _checked(cases: list, tmp_path) -> set[int]:
    """The indexes of the cases infralint evaluates to their expected value."""
    blocks = ['variable "later" {\n  type = bool\n}\n']
    for i, (expr, expected) in enumerate(cases):
        blocks.append(
            f'resource "aws_db_instance" "c{i}" {{\n'
            f"  count               = ({expr}) == {json.dumps(expected)} ? 1 : 0\n"
            "  publicly_accessible = true\n}\n"
        )
    (tmp_path / "main.tf").write_text("\n".join(blocks), encoding="utf-8")
    run = infralint("scan", tmp_path, "--format", "json", "--select", "IL101", "--exit-zero")
    assert run.returncode == 0, run.stderr
    found = {f["resource"] for f in json.loads(run.stdout)["findings"]}
    return {i for i in range(len(cases)) if f"aws_db_instance.c{i}[0]" in found}


def test_builtin_functions_evaluate_as_terraform_does(tmp_path):
    evaluated = _checked(CASES, tmp_path)
    assert [CASES[i][0] for i in range(len(CASES)) if i not in evaluated] == []


def test_a_known_operand_decides_and_or_whatever_the_other(tmp_path):
    evaluated = _checked(SHORT_CIRCUITS, tmp_path)
    assert [SHORT_CIRCUITS[i][0] for i in range(len(SHORT_CIRCUITS)) if i not in evaluated] == []


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
def test_the_expected_values_are_terraforms(tmp_path):
    body = ", ".join(f"c{i} = {expr}" for i, (expr, _) in enumerate(CASES))
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(tmp_path / "none.tfrc")}
    (tmp_path / "none.tfrc").write_text("", encoding="utf-8")
    run = subprocess.run(
        ["terraform", "console"],
        input=f"jsonencode({{{body}}})\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    values = json.loads(json.loads(run.stdout))
    assert values == {f"c{i}": expected for i, (_, expected) in enumerate(CASES)}


def test_chained_list_functions_keep_count_known(tmp_path):
    """terraform-aws-security-group's rule modules: ``count = length(sort(...))`` over a list
    of rule names, each rule's port from a map: 3306 open to the world must be found."""
    (tmp_path / "main.tf").write_text(
        """
locals {
  rules         = { "mysql-tcp" = [3306, 3306, "tcp"], "ssh-tcp" = [22, 22, "tcp"] }
  ingress_rules = sort(compact(distinct(concat(["mysql-tcp"], [""]))))
}

resource "aws_security_group" "db" {
  name = "db"
}

resource "aws_security_group_rule" "ingress" {
  count             = length(local.ingress_rules)
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = local.rules[local.ingress_rules[count.index]][0]
  to_port           = local.rules[local.ingress_rules[count.index]][1]
  protocol          = local.rules[local.ingress_rules[count.index]][2]
}
""",
        encoding="utf-8",
    )
    run = infralint("scan", tmp_path, "--format", "json", "--select", "open-ingress")
    findings = json.loads(run.stdout)["findings"]
    assert [(f["resource"], f["start_line"]) for f in findings] == [
        ("aws_security_group_rule.ingress[0]", 15)
    ]
