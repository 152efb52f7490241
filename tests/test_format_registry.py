"""The format registry: a format installed as a plugin (``tests/format_plugin``, which edits
nothing outside its own package) is detected, parsed, built into the graph, adapted into facts
that the built-in rules judge, and its comment syntax carries suppressions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parent / "format_plugin"

STACK = """\
[aws_db_instance reporting]
engine = postgres
publicly_accessible = true

; infralint:ignore IL101 reason="a replica behind the VPN"
[aws_db_instance replica]
publicly_accessible = true

[aws_db_instance private]
engine = postgres
"""


@pytest.fixture(scope="module")
def format_env(tmp_path_factory):
    """The example format installed (really, with pip) into a directory on PYTHONPATH."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--target", str(target), str(PLUGIN)],
        check=True,
        capture_output=True,
    )
    return {**os.environ, "PYTHONPATH": str(target) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def scan(tmp_path, env=None):
    (tmp_path / "stack.infra.ini").write_text(STACK)
    done = subprocess.run(
        [sys.executable, "-m", "infralint", "scan", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return done, json.loads(done.stdout)


def test_a_plugin_format_is_scanned_like_a_built_in_one(tmp_path, format_env):
    done, report = scan(tmp_path, format_env)
    found = [
        (f["rule_id"], f["resource"], f["start_line"], f["start_column"], f["suppressed"])
        for f in report["findings"]
    ]
    assert found == [
        ("IL101", "aws_db_instance.reporting", 3, 1, False),
        ("IL101", "aws_db_instance.replica", 7, 1, True),
    ]
    assert report["diagnostics"] == []
    assert done.returncode == 1


def test_without_the_plugin_the_file_is_text(tmp_path):
    done, report = scan(tmp_path)
    assert report["findings"] == [] and done.returncode == 0


def test_a_broken_format_plugin_is_a_diagnostic(tmp_path):
    package = tmp_path / "broken"
    (package / "infralint_broken_format").mkdir(parents=True)
    (package / "infralint_broken_format" / "__init__.py").write_text("FORMAT = 42\n")
    (package / "pyproject.toml").write_text(
        (PLUGIN / "pyproject.toml")
        .read_text()
        .replace("infralint-ini-format", "infralint-broken-format")
        .replace("infralint_ini_format", "infralint_broken_format")
        .replace("ini = ", "broken = ")
    )
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--target", str(target), str(package)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    (tmp_path / "scanned").mkdir()
    done, report = scan(tmp_path / "scanned", env)
    assert [d["message"] for d in report["diagnostics"]] == [
        "format plugin broken = infralint_broken_format:FORMAT is not an infralint Format"
    ]
    assert report["findings"] == []


def test_built_in_formats_come_from_entry_points():
    from importlib import metadata

    from infralint import formats

    names = {ep.name for ep in metadata.entry_points(group=formats.ENTRY_POINT_GROUP)}
    assert names >= {"terraform", "tf-json", "cloudformation", "compose", "dotenv", "text"}
    assert [f.name for f in formats.registry()][-1] == "text"  # the fallback is tried last
