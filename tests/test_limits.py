"""The ``[limits]`` model is the one source of every budget: the configuration accepts exactly
its keys, and the README's table is generated from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from infralint import cli, limits

ROOT = Path(__file__).resolve().parents[1]
BUDGETS = {"eval_steps", "eval_seconds", "eval_bytes", "value_bytes", "list_length"}
BUDGETS |= {"walk_depth", "nesting_depth"}


def test_every_budget_is_a_documented_limit():
    keys = {key for key, _, _ in limits.describe()}
    assert keys >= BUDGETS
    assert all(what for _, _, what in limits.describe())


def test_the_readme_table_is_generated_from_the_model():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = subprocess.run(
        [sys.executable, "-m", "infralint.limits"], capture_output=True, text=True, check=True
    ).stdout
    assert shown == limits.markdown_table()
    assert shown in readme, "README table is stale: python -m infralint.limits"


def test_the_configuration_takes_every_limit_and_no_other(tmp_path):
    every = "".join(f"{key} = {default}\n" for key, default, _ in limits.describe())
    (tmp_path / ".infralint.toml").write_text("[limits]\n" + every)
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {}\n')
    ok = CliRunner().invoke(cli.main, ["scan", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    (tmp_path / ".infralint.toml").write_text("[limits]\nno_such_budget = 1\n")
    bad = CliRunner().invoke(cli.main, ["scan", str(tmp_path)])
    assert bad.exit_code == 2 and "no_such_budget" in bad.output
