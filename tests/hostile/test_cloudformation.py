"""Issue 19, CloudFormation: values that used to raise cost only themselves, and YAML aliases
cannot make a small template a huge string (``[limits] value_bytes``, ``eval_steps``)."""

from __future__ import annotations

import pytest

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, scan_json

DB = "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      PubliclyAccessible: true\n"


def _template(extra: str) -> str:
    return "Resources:\n" + DB + extra


def _bucket(name: str) -> str:
    return f"  X:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {name}\n"


@pytest.mark.parametrize(
    "extra",
    [
        _bucket("!Select [.inf, [a, b]]"),
        _bucket("!Select [0, !Split ['', abc]]"),
        "  5:\n    Type: AWS::S3::Bucket\n  true:\n    Type: AWS::S3::Bucket\n",
    ],
)
def test_bad_values_cost_only_themselves(tmp_path, extra):
    write(tmp_path, {"cfn/template.yaml": _template(extra), "valid/db.tf": PUBLIC_DB})
    _, report = scan_json(tmp_path)
    assert found(report, "cfn/template.yaml", resource="Db")
    assert found(report, "valid/db.tf")


def _join_bomb(levels: int) -> str:
    """Each level joins two copies of the one before: aliases keep the text small, and filler
    nodes keep the expansion within what the YAML reader allows (50 times the nodes written)."""
    lines = ["Metadata:", "  filler: [" + ", ".join(["0"] * 10000) + "]"]
    lines.append("  l0: &l0 " + "a" * 200)
    for i in range(1, levels + 1):
        lines.append(f"  l{i}: &l{i} !Join ['', [*l{i - 1}, *l{i - 1}]]")
    return "\n".join(lines) + "\n" + _template(_bucket(f"*l{levels}"))


@pytest.mark.parametrize(
    "config, key",
    [
        ("", "eval_bytes"),  # every alias is evaluated again: the bytes built add up first
        ("[limits]\neval_bytes = 1000000000\n", "value_bytes"),
        ("[limits]\neval_steps = 10000\n", "eval_steps"),
    ],
)
def test_aliases_cannot_build_a_huge_string(tmp_path, config, key):
    files = {"cfn/template.yaml": _join_bomb(15), "valid/db.tf": PUBLIC_DB}
    write(tmp_path, {**files, ".infralint.toml": config} if config else files)
    _, report = scan_json(tmp_path)
    named = [d for d in report["diagnostics"] if f"[limits] {key}" in d["message"]]
    assert [d["path"] for d in named] == ["cfn/template.yaml"]
    assert found(report, "cfn/template.yaml", resource="Db")
    assert found(report, "valid/db.tf")
