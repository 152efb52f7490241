"""Hostile and broken input: every case costs diagnostics, never a traceback, never the rest of
the scan. The inputs are written at test time by ``tests/hostile/generate.py``."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.conftest import FIXTURES, infralint, run
from tests.hostile import generate

BAD_TF = generate.PUBLIC_DB  # a valid file with one finding (IL101, line 2)


def internal(result) -> list:
    return [d for d in result.diagnostics if d.internal]


def findings(result) -> set[tuple[str, int, str]]:
    return {(f.path, f.span.line, f.rule_id) for f in result.findings}


@pytest.mark.parametrize("case", [c for c in generate.cases() if not c.big], ids=lambda c: c.name)
def test_each_hostile_case(tmp_path, rules, case):
    folder = case.write(tmp_path)
    (folder / "valid").mkdir()
    (folder / "valid" / "db.tf").write_text(BAD_TF)
    result = run([folder], rules)
    assert not internal(result), internal(result)
    if case.diagnostic:
        path = case.path or next(iter(case.files))
        messages = [d.message for d in result.diagnostics if d.path == path]
        assert any(case.diagnostic in m for m in messages), messages
    assert case.findings <= findings(result)
    assert ("valid/db.tf", 2, "IL101") in findings(result)  # the rest of the scan


TRUNCATED = [
    "demo/terraform/database.tf",
    "demo/terraform/network.tf",
    "demo/terraform/iam.tf",
    "demo/docker-compose.yml",
    "demo/cloudformation/orders.yaml",
    "wildcard-iam/bad-cloudformation-yaml/template.yaml",
    "wildcard-iam/bad-cfn-json-iam/template.json",
]


@pytest.mark.parametrize("fixture", TRUNCATED)
def test_truncated_at_every_line(tmp_path, rules, fixture):
    source = FIXTURES / fixture
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "valid").mkdir()
    (tmp_path / "valid" / "db.tf").write_text(BAD_TF)
    target = tmp_path / "cut" / source.name
    target.parent.mkdir()
    for n in range(len(lines) + 1):
        for text in (
            "".join(lines[:n]),
            "".join(lines[:n]) + lines[n][: len(lines[n]) // 2] if n < len(lines) else "",
        ):
            target.write_text(text, encoding="utf-8")
            result = run([tmp_path], rules)
            assert not internal(result), (n, internal(result))
            assert ("valid/db.tf", 2, "IL101") in findings(result), n


def test_crlf_lines_are_exact(tmp_path, rules):
    case = next(c for c in generate.cases() if c.name == "crlf")
    result = run([case.write(tmp_path)], rules)
    assert case.findings <= findings(result)
    assert not result.diagnostics


def test_special_files_and_symlink_loops(tmp_path, rules):
    folder = tmp_path / "special"
    generate.special_files(folder)
    (folder / "db.tf").write_text(BAD_TF)
    started = time.monotonic()
    result = run([folder], rules)
    assert time.monotonic() - started < 20  # a FIFO must not block the scan
    assert ("db.tf", 2, "IL101") in findings(result)
    by_path = {d.path: d.message for d in result.diagnostics}
    assert "cannot read file" in by_path["dangling.tf"]
    if hasattr(os, "mkfifo"):
        assert by_path["pipe.tf"] == "skipped: not a regular file"
    assert not internal(result)


def test_symlinks_out_of_the_root_are_not_followed(tmp_path, rules):
    root, outside = tmp_path / "root", tmp_path / "outside"
    generate.outside_root(root, outside)
    (root / "db.tf").write_text(BAD_TF)
    result = run([root], [r for r in rules if r.id == "IL101"])
    assert findings(result) == {("db.tf", 2, "IL101")}
    assert set(result.files) == {"db.tf", "main.tf"}
    report = json.dumps([d.message for d in result.diagnostics])
    assert "Outside-Root" not in report and "Outs" not in json.dumps(
        [f.message for f in result.findings]
    )
    assert not internal(result)


def test_unreadable_file(tmp_path, rules):
    """chmod 000 makes a file unreadable, except for root (CI containers often run as root):
    there the test is skipped; ``test_special_files_and_symlink_loops`` still covers a file
    that cannot be opened whoever runs it (a dangling symlink)."""
    (tmp_path / "db.tf").write_text(BAD_TF)
    locked = tmp_path / "locked.tf"
    locked.write_text(BAD_TF)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        result = run([tmp_path], rules)
    finally:
        locked.chmod(0o644)
    assert ("db.tf", 2, "IL101") in findings(result)
    assert any(
        d.path == "locked.tf" and "Permission denied" in d.message for d in result.diagnostics
    )


def test_empty_directory(tmp_path):
    done = infralint("scan", "--format", "json", tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["findings"] == [] and report["diagnostics"] == []


def test_missing_path_is_a_usage_error(tmp_path):
    done = infralint("scan", tmp_path / "does-not-exist")
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_everything_at_once(tmp_path):
    """Every hostile input in one tree, plus one valid bad .tf: its finding is still reported,
    stderr holds no traceback, and the whole run is quick."""
    root = tmp_path / "tree"
    written = generate.write_all(root, big=True)
    generate.outside_root(root / "escape", tmp_path / "outside")
    (root / "valid.tf").write_text(BAD_TF)
    started = time.monotonic()
    done = infralint("scan", "--format", "json", root)
    elapsed = time.monotonic() - started
    print(f"scanned {len(written)} hostile cases in {elapsed:.1f}s")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    found = {(f["path"], f["start_line"], f["rule_id"]) for f in report["findings"]}
    assert ("valid.tf", 2, "IL101") in found
    assert not any("internal error" in d["message"] for d in report["diagnostics"])
    assert any(
        d["path"] == "fifty-megabytes/huge.tf" and "byte limit" in d["message"]
        for d in report["diagnostics"]
    )
    assert elapsed < 20


def _has_option(option: str) -> bool:
    return option in infralint("scan", "--help").stdout


@pytest.mark.skipif(not _has_option("--parse-timeout"), reason="no --parse-timeout option yet")
def test_parse_timeout(tmp_path):
    """A file that takes longer than --parse-timeout to parse is abandoned with a diagnostic;
    the rest of the scan is reported."""
    (tmp_path / "db.tf").write_text(BAD_TF)
    row = "a = [" + ", ".join(str(i) for i in range(200)) + "]\n"
    (tmp_path / "slow.tf").write_text("locals {\n" + row * (4_500_000 // len(row)) + "}\n")
    done = infralint("scan", "--format", "json", "--parse-timeout", "1", tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    assert ("db.tf", 2) in {(f["path"], f["start_line"]) for f in report["findings"]}
    assert any(
        d["path"] == "slow.tf" and "parse timed out after 1" in d["message"]
        for d in report["diagnostics"]
    )
