"""Issue 19: input built to exhaust the evaluator costs the value it builds and one diagnostic
naming the budget and its ``[limits]`` key; the rest of the scan (the same module's other
resources, the other files) is still reported. Every case runs the real CLI under a memory cap
and a time limit."""

from __future__ import annotations

import time

import pytest

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, scan_json

SAME = 'resource "aws_db_instance" "same" {\n  publicly_accessible = true\n}\n'
BOMB = "aws_db_instance.bomb"


def _doubling(name: str, first: str, step: str, times: int) -> str:
    """Locals that double a value ``times`` times (each refers to the one before twice)."""
    lines = [f"  {name}0 = {first}"]
    lines += [
        f"  {name}{i} = " + step.format(p=f"local.{name}{i - 1}") for i in range(1, times + 1)
    ]
    return "locals {\n" + "\n".join(lines) + "\n}\n"


def _bucket(value: str, public: str = "true") -> str:
    """A public database (a finding) with ``value`` in one of its tags."""
    return (
        f'resource "aws_db_instance" "bomb" {{\n  publicly_accessible = {public}\n'
        f"  tags = {{ a = {value} }}\n}}\n"
    )


CASES = {
    "range_of_1e8": (_bucket("length(range(1e8))"), "list_length"),
    "range_of_1e9": (_bucket("length(range(0, 1e9, 1))"), "list_length"),
    "string_doubled_28_times": (
        _doubling("s", '"ab"', '"${{{p}}}${{{p}}}"', 28) + _bucket("local.s28"),
        "value_bytes",
    ),
    "concat_doubled_40_times": (
        _doubling("l", '["a"]', "concat({p}, {p})", 40) + _bucket("length(local.l40)"),
        "list_length",
    ),
    "format_width_999999999": (_bucket('format("%999999999f", 1)'), "value_bytes"),
    "jsonencode_of_shared_lists": (
        _doubling("n", '["' + "x" * 1000 + '"]', "[{p}, {p}]", 40)
        + _bucket("jsonencode(local.n40)"),
        "value_bytes",
    ),
    "flatten_of_shared_lists": (
        _doubling("n", '["x"]', "[{p}, {p}]", 40) + _bucket("length(flatten(local.n40))"),
        "value_bytes",
    ),
    "join_of_long_strings": (
        _doubling("j", '["' + "y" * 100_000 + '"]', "concat({p}, {p})", 10)
        + _bucket('join(",", local.j10)'),
        "value_bytes",
    ),
    "replace_growing": (
        _bucket('replace("' + "a" * 5000 + '", "a", "' + "b" * 1000 + '")'),
        "value_bytes",
    ),
    "for_over_a_huge_range": (_bucket("[for i in range(1e7) : i]"), "list_length"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_budget_costs_the_value_and_one_diagnostic(tmp_path, case):
    hostile, key = CASES[case]
    write(tmp_path, {"bomb/main.tf": hostile + SAME, "valid/db.tf": PUBLIC_DB})
    _, report = scan_json(tmp_path)
    named = [d for d in report["diagnostics"] if f"[limits] {key}" in d["message"]]
    assert len(named) == 1, report["diagnostics"]
    assert named[0]["path"] == "bomb/main.tf" and named[0]["line"] > 0
    assert found(report, "valid/db.tf")
    assert found(report, "bomb/main.tf", resource="aws_db_instance.same")  # the module's rest
    assert found(report, "bomb/main.tf", resource=BOMB)  # the resource's other values


def test_the_budgets_are_configured_in_limits(tmp_path):
    config = "[limits]\neval_steps = 1000000000000\neval_bytes = 1000000000000\neval_seconds = 1\n"
    loop = "[for i in range(90000) : [for j in range(90000) : j if false]]"
    write(
        tmp_path,
        {
            ".infralint.toml": config,
            "bomb/main.tf": _bucket(loop) + SAME,
            "valid/db.tf": PUBLIC_DB,
        },
    )
    started = time.monotonic()
    _, report = scan_json(tmp_path)
    assert time.monotonic() - started < 30
    named = [d for d in report["diagnostics"] if "[limits] eval_seconds" in d["message"]]
    assert len(named) == 1 and named[0]["path"] == "bomb/main.tf"
    assert found(report, "valid/db.tf")


def test_the_step_budget_names_its_key(tmp_path):
    write(
        tmp_path,
        {
            ".infralint.toml": "[limits]\neval_steps = 500\n",
            "bomb/main.tf": _bucket("[for i in range(1000) : i + 1]") + SAME,
            "valid/db.tf": PUBLIC_DB,
        },
    )
    _, report = scan_json(tmp_path)
    named = [d for d in report["diagnostics"] if "[limits] eval_steps" in d["message"]]
    assert len(named) == 1 and named[0]["path"] == "bomb/main.tf"
    assert found(report, "valid/db.tf")


def test_the_bytes_budget_spans_the_root_module(tmp_path):
    value = 'join("", [for i in range(9000) : "abcdefgh"])'
    strings = "".join(
        f'resource "aws_s3_bucket" "b{i}" {{\n  bucket = {value}\n}}\n' for i in range(8)
    )
    write(
        tmp_path,
        {
            ".infralint.toml": "[limits]\neval_bytes = 500000\n",
            "bomb/main.tf": strings + SAME,
            "valid/db.tf": PUBLIC_DB,
        },
    )
    _, report = scan_json(tmp_path)
    named = [d for d in report["diagnostics"] if "[limits] eval_bytes" in d["message"]]
    assert len(named) == 1 and named[0]["path"] == "bomb/main.tf"
    assert found(report, "bomb/main.tf") and found(report, "valid/db.tf")


CATASTROPHIC = '"' + "a" * 40 + 'b"'


@pytest.mark.parametrize(
    "test",
    [
        f'replace({CATASTROPHIC}, "/^(a+)+$/", "x") == {CATASTROPHIC}',
        f'can(regex("^(a+)+$", {CATASTROPHIC})) == false',
        f'length(regexall("(a|aa)+$", {CATASTROPHIC})) == 0',
        'regex("^(?P<x>[a-z]+)-", "db-1").x == "db"',
    ],
)
def test_user_regexes_run_on_re2(tmp_path, test):
    """The database is public only if the regular expression was evaluated, as RE2 does."""
    write(tmp_path, {"bomb/main.tf": _bucket("1", public=test), "valid/db.tf": PUBLIC_DB})
    started = time.monotonic()
    _, report = scan_json(tmp_path, timeout=60)
    assert time.monotonic() - started < 20
    assert found(report, "bomb/main.tf", resource=BOMB) and found(report, "valid/db.tf")


@pytest.mark.parametrize(
    "hostile",
    [
        _bucket("1" + "0" * 5000),  # an integer literal beyond Python's str/int limit
        _bucket("1", public="1" + "0" * 5000 + " > 0"),
        'resource "aws_db_instance" "bomb" {\n  count = 1e400\n  publicly_accessible = true\n}\n',
        "locals {\n  a = local.b\n  b = local.a\n}\n"
        + 'resource "aws_db_instance" "bomb" {\n  publicly_accessible = true\n'
        + "  tags = local.a\n}\n",
    ],
)
def test_bad_values_cost_only_themselves(tmp_path, hostile):
    write(tmp_path, {"bomb/main.tf": hostile, "valid/db.tf": PUBLIC_DB})
    _, report = scan_json(tmp_path)
    assert found(report, "bomb/main.tf", resource=BOMB) and found(report, "valid/db.tf")


def test_expressions_nest_as_deep_as_the_limit_allows(tmp_path):
    deep = "tobool(" * 198 + "true" + ")" * 198  # 199 levels: within nesting_depth (200)
    write(tmp_path, {"bomb/main.tf": _bucket("1", public=deep), "valid/db.tf": PUBLIC_DB})
    _, report = scan_json(tmp_path)
    assert found(report, "bomb/main.tf", resource=BOMB) and found(report, "valid/db.tf")


def test_deeper_nesting_costs_its_block_and_names_the_limit(tmp_path):
    deeper = _bucket("f(" * 5000 + "1" + ")" * 5000)
    write(tmp_path, {"bomb/main.tf": deeper + SAME, "valid/db.tf": PUBLIC_DB})
    _, report = scan_json(tmp_path)
    named = [d for d in report["diagnostics"] if "[limits] nesting_depth" in d["message"]]
    assert [(d["path"], d["line"]) for d in named] == [("bomb/main.tf", 3)]
    assert found(report, "bomb/main.tf", resource="aws_db_instance.same")
    assert found(report, "valid/db.tf")


ROOT_WITH_REMOTE_MODULE = (
    'module "net" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n'
    'resource "aws_db_instance" "bomb" {\n  publicly_accessible = true\n}\n'
)


@pytest.mark.parametrize(
    "manifest",
    [
        '{"Modules": [{"Key": "net", "Source": "x", "Dir": 5}]}',
        '{"Modules": [{"Key": "net", "Dir": ["a"]}]}',
        '{"Modules": 5}',
        '{"Modules": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
)
def test_a_damaged_module_manifest_costs_only_the_call(tmp_path, manifest):
    write(
        tmp_path,
        {
            "bomb/main.tf": ROOT_WITH_REMOTE_MODULE,
            "bomb/.terraform/modules/modules.json": manifest,
            "valid/db.tf": PUBLIC_DB,
        },
    )
    _, report = scan_json(tmp_path)
    assert found(report, "bomb/main.tf", resource=BOMB) and found(report, "valid/db.tf")


def test_the_nesting_depth_is_configured_in_limits(tmp_path):
    deep = "tobool(" * 250 + "true" + ")" * 250
    write(
        tmp_path,
        {
            ".infralint.toml": "[limits]\nnesting_depth = 300\n",
            "bomb/main.tf": _bucket("1", public=deep),
            "valid/db.tf": PUBLIC_DB,
        },
    )
    _, report = scan_json(tmp_path)
    assert found(report, "bomb/main.tf", resource=BOMB) and found(report, "valid/db.tf")
