"""Accuracy on real repositories (issue #14): each false-positive pattern and each missed
problem, through the real command line on files written as the repositories write them."""

from __future__ import annotations

import json

from tests.conftest import infralint, write


def findings(root, *args) -> list[dict]:
    run = infralint("scan", root, "--format", "json", "--exit-zero", "--no-cache", *args)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["findings"]


def located(root, *args) -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["path"], f["start_line"]) for f in findings(root, *args)}


# --------------------------------------------------------------------------- vendored packages

_RECORD = "botocore/data/endpoints.json,sha256=abc,10\nbotocore-1.0.dist-info/RECORD,,\n"
_PAGINATOR = (
    '{\n  "pagination": {\n    "ListThings": {\n      "session_token": "Zx9qWv7LmR4tY2pK8sNd"\n'
)


def test_packages_pip_installed_into_a_directory_are_not_scanned(tmp_path):
    write(
        tmp_path,
        {
            "layer/python/botocore-1.0.dist-info/RECORD": _RECORD,
            "layer/python/botocore/data/paginators-1.json": _PAGINATOR + "}}}\n",
            "layer/python/mine/settings.env": "API_TOKEN=Zx9qWv7LmR4tY2pK8sNd\n",
            "other/botocore/paginators-1.json": _PAGINATOR + "}}}\n",
        },
    )
    found = located(tmp_path)
    assert ("IL306", "layer/python/mine/settings.env", 1) in found
    # the same text outside a pip install target is still read
    assert ("IL306", "other/botocore/paginators-1.json", 4) in found
    assert not [f for f in found if f[1].startswith("layer/python/botocore")]
