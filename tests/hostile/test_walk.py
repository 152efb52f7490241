"""Issue 19, the directory walk: a tree nested deeper than Python's recursion limit is walked
(iteratively) down to ``[limits] walk_depth`` with one diagnostic, and the rest is scanned."""

from __future__ import annotations

import os

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, found, scan_json


def _nest(root, depth: int) -> str:
    folder = str(root)
    for _ in range(depth):
        folder = os.path.join(folder, "d")
        os.mkdir(folder)
    with open(os.path.join(folder, "deep.tf"), "w") as fh:
        fh.write(PUBLIC_DB)
    return folder


def _unnest(deepest: str, levels: int) -> None:
    """Remove a nested tree bottom-up (``shutil.rmtree`` recurses, once per level)."""
    os.remove(os.path.join(deepest, "deep.tf"))
    for _ in range(levels):
        os.rmdir(deepest)
        deepest = os.path.dirname(deepest)


def test_a_thousand_nested_directories_cost_one_diagnostic(tmp_path):
    write(tmp_path, {"valid/db.tf": PUBLIC_DB})
    deepest = _nest(tmp_path / "valid", 1000)
    try:
        _, report = scan_json(tmp_path)
    finally:
        _unnest(deepest, 1000)
    named = [d for d in report["diagnostics"] if "[limits] walk_depth" in d["message"]]
    assert [d["path"] for d in named] == ["valid" + "/d" * 99]
    assert found(report, "valid/db.tf")
    assert not found(report, "valid" + "/d" * 1000 + "/deep.tf")


def test_the_walk_depth_is_configured_in_limits(tmp_path):
    write(tmp_path, {"valid/db.tf": PUBLIC_DB, ".infralint.toml": "[limits]\nwalk_depth = 4\n"})
    _nest(tmp_path, 3)
    _nest(tmp_path / "valid", 4)
    _, report = scan_json(tmp_path)
    assert found(report, "d/d/d/deep.tf")
    assert not found(report, "valid/d/d/d/d/deep.tf")
    named = [d for d in report["diagnostics"] if "[limits] walk_depth" in d["message"]]
    assert [d["path"] for d in named] == ["valid/d/d/d"]


def test_an_exclude_of_every_file_leaves_out_the_top_level_too(tmp_path):
    write(
        tmp_path,
        {
            "top.tf": PUBLIC_DB,
            "valid/db.tf": PUBLIC_DB,
            ".infralint.toml": 'exclude = ["**/*"]\n',
        },
    )
    code, report = scan_json(tmp_path)
    assert report["findings"] == [] and code == 0
