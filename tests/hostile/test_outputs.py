"""Issue 19, output: a file name that is not UTF-8 is reported in every format (losslessly), a
report never replaces a scanned file, and no format fails after the scan."""

from __future__ import annotations

import json
import os

import pytest

from infralint.report import FORMATS
from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, infralint, scan_json
from tests.sarif_validator import validate

NAME = b"bad\xff\xfe.tf"


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "repo"
    write(root, {"valid/db.tf": PUBLIC_DB})
    (root / os.fsdecode(NAME)).write_text(PUBLIC_DB)
    return root


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_a_name_that_is_not_utf8(tree, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = infralint("scan", tree, "--format", fmt, "-o", out)
    assert result.returncode == 1, result.stderr
    text = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
    assert "valid/db.tf" in text
    assert "bad" in text


def test_sarif_uri_is_percent_escaped_and_valid(tree, tmp_path):
    out = tmp_path / "report.sarif"
    result = infralint("scan", tree, "--format", "sarif", "-o", out)
    assert result.returncode == 1, result.stderr
    log = json.loads(out.read_bytes().decode("utf-8"))
    assert validate(out) == []
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"bad%FF%FE.tf", "valid/db.tf"}


def test_json_on_stdout_is_utf8_and_gives_back_the_name(tree):
    _, report = scan_json(tree)  # decodes stdout strictly
    assert found(report, "valid/db.tf")
    paths = {f["path"] for f in report["findings"]}
    assert os.fsencode(os.fsdecode(NAME)) in {os.fsencode(p) for p in paths}


def test_a_baseline_records_and_matches_the_name(tree, tmp_path):
    baseline = tmp_path / "baseline.json"
    result = infralint("scan", tree, "--write-baseline", baseline)
    assert result.returncode == 0, result.stderr
    baseline.read_bytes().decode("utf-8")
    again = infralint("scan", tree, "--baseline", baseline, "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["findings"] == []


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_report_never_replaces_a_scanned_file(tree, option):
    target = tree / "valid" / "db.tf"
    args = ["scan", tree, option, target] + (["--format", "json"] if option == "-o" else [])
    result = infralint(*args)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [f"infralint: cannot write {target}: it is one of the scanned files"]
    assert target.read_text() == PUBLIC_DB
