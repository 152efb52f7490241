"""Rules are plugins: a separately installed package adds a rule through the
``infralint.rules`` entry points, exactly as the built-in rules are registered."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent / "plugin"


@pytest.fixture(scope="module")
def plugin_env(tmp_path_factory):
    """The example plugin installed (really, with pip) into a directory on PYTHONPATH."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
        capture_output=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(target) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def infralint(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "infralint", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_builtin_rules_come_from_entry_points():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="infralint.rules")}
    assert {"IL101", "IL201", "IL301", "IL401", "IL501"} <= names


def test_plugin_rule_is_listed(plugin_env):
    listed = json.loads(infralint("rules", "--format", "json", env=plugin_env).stdout)
    ids = {r["id"] for r in listed}
    assert "EX900" in ids and "IL101" in ids
    plugin = next(r for r in listed if r["id"] == "EX900")
    assert plugin["category"] == "tagging" and plugin["severity"] == "low"


def test_plugin_rule_runs_in_scan(plugin_env, tmp_path):
    (tmp_path / "s3.tf").write_text(
        'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n\n'
        'resource "aws_s3_bucket" "data" {\n  tags = { owner = "data" }\n}\n'
    )
    done = infralint("scan", "--format", "json", str(tmp_path), env=plugin_env)
    findings = json.loads(done.stdout)["findings"]
    assert [(f["rule_id"], f["resource"], f["start_line"]) for f in findings] == [
        ("EX900", "aws_s3_bucket.logs", 1)
    ]
    assert done.returncode == 1


def test_plugin_absent_without_install(tmp_path):
    listed = json.loads(infralint("rules", "--format", "json").stdout)
    assert "EX900" not in {r["id"] for r in listed}


def test_rules_paths_from_the_configuration(tmp_path):
    """`rules_paths` in .infralint.toml adds rule modules from the repository itself."""
    (tmp_path / "lint").mkdir()
    (tmp_path / "lint" / "no_owner.py").write_text(
        (PLUGIN / "infralint_example_plugin" / "untagged_bucket.py")
        .read_text()
        .replace('ID = "EX900"', 'ID = "LOC100"')
    )
    (tmp_path / ".infralint.toml").write_text('rules_paths = ["lint"]\n')
    (tmp_path / "s3.tf").write_text('resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n')
    listed = json.loads(
        infralint("rules", "--format", "json", "--allow-local-rules", cwd=tmp_path).stdout
    )
    assert "LOC100" in {r["id"] for r in listed}
    done = infralint("scan", "--format", "json", "--allow-local-rules", str(tmp_path), cwd=tmp_path)
    assert [f["rule_id"] for f in json.loads(done.stdout)["findings"]] == ["LOC100"]


def test_no_rule_asks_which_format_a_resource_came_from():
    """Rules read facts only: never ``resource.format``, ``resource.meta`` or ``.attrs`` (the
    adapters turn those into facts), so one rule serves every format."""
    import re

    rules_dir = Path(__file__).resolve().parent.parent / "rules"
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(rules_dir.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.(format|meta|attrs)\b(?!\()", line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
