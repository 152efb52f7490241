"""Issue 19: a module directory that cannot be listed costs one diagnostic on the module call
(a warning; information when it does not exist, as for a module not downloaded); the
calling module's own resources are still scanned. Root can list any directory, so besides a
directory without permissions (skipped when the tests run as root) the cases are a source that
is a file and one that is a dangling symbolic link: both fail the same ``listdir``."""

from __future__ import annotations

import os

import pytest

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, scan_json

CALL = 'module "m" {\n  source = "./modules/app"\n}\n'


def _scan(tmp_path) -> dict:
    code, report = scan_json(tmp_path)
    assert code == 1
    assert found(report, "main.tf")  # the caller's own resource
    return report


def _warning(report: dict) -> list[tuple[str, int, str, str]]:
    return [
        (d["path"], d["line"], d["level"], d["message"])
        for d in report["diagnostics"]
        if "cannot be listed" in d["message"]
    ]


def _expected(why: str, level: str = "warning") -> list[tuple[str, int, str, str]]:
    return [
        (
            "calls.tf",
            1,
            level,
            f"module.m: its source directory 'modules/app' cannot be listed ({why}); "
            "the module's resources are not scanned",
        )
    ]


def test_a_module_source_that_is_a_file(tmp_path):
    write(tmp_path, {"main.tf": PUBLIC_DB, "calls.tf": CALL, "modules/app": "not a directory\n"})
    assert _warning(_scan(tmp_path)) == _expected("Not a directory")


def test_a_module_source_that_is_a_dangling_link(tmp_path):
    write(tmp_path, {"main.tf": PUBLIC_DB, "calls.tf": CALL})
    (tmp_path / "modules").mkdir()
    os.symlink(tmp_path / "nowhere", tmp_path / "modules" / "app")
    missing = _expected("No such file or directory", "info")  # as a module not downloaded
    assert _warning(_scan(tmp_path)) == missing


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists a directory whatever its mode")
def test_a_module_directory_without_permissions(tmp_path):
    write(tmp_path, {"main.tf": PUBLIC_DB, "calls.tf": CALL, "modules/app/x.tf": PUBLIC_DB})
    (tmp_path / "modules" / "app").chmod(0)
    try:
        assert _warning(_scan(tmp_path)) == _expected("Permission denied")
    finally:
        (tmp_path / "modules" / "app").chmod(0o755)
