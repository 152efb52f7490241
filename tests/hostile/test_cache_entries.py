"""The parse cache is data: no pickle is ever loaded, a directory others can write is not used,
and every malformed entry is a miss (never a crash, a hang or another file's findings)."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import pytest

from infralint import cache
from infralint.parse import Document
from tests.hostile.generate import PUBLIC_DB
from tests.hostile.test_untrusted_tree import found, scan

# large enough to be cached (workers.CACHE_MIN_BYTES)
TEMPLATE = (
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "    Properties:\n"
    "      Engine: postgres\n"
    "      PubliclyAccessible: true\n"
    "      BackupRetentionPeriod: 7\n"
    + "".join(f"  Bucket{i}:\n    Type: AWS::S3::Bucket\n" for i in range(400))
)
EXPECTED = {("db.yaml", 7, "IL101"), ("main.tf", 2, "IL101")}


def project(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text(PUBLIC_DB)
    (root / "db.yaml").write_text(TEMPLATE)
    return root


def entry_path(directory) -> str:
    return os.path.join(directory, cache.Cache(str(directory)).key("yaml", TEMPLATE))


def forged() -> bytes:
    """A well-formed entry claiming the template holds nothing."""
    return cache.encode("doc", Document({"Resources": {}}, {}, []))


def test_a_cache_others_can_write_is_not_used(tmp_path):
    root = project(tmp_path)
    directory = tmp_path / "shared-cache"
    directory.mkdir()
    directory.chmod(0o777)
    with open(entry_path(directory), "wb") as fh:
        fh.write(forged())
    code, report, _ = scan(root, "--cache-dir", directory)
    assert found(report) >= EXPECTED
    assert any("is writable by other users" in d["message"] for d in report["diagnostics"])


MALFORMED = {
    "garbage": lambda: b"\x00not an entry at all",
    "empty": lambda: b"",
    "marshal-bomb": lambda: b"[" * 100_000,  # marshal allocated gigabytes for this
    "pickle": lambda: pickle.dumps(("doc", {}, {}, [])),
    "wrong-tag": lambda: cache.dumps(("pickle", "...")),
    "not-a-tuple": lambda: cache.dumps({"doc": 1}),
    "untagged-object": lambda: b'{"t": [], "x": 1}',
    "list-key": lambda: b'{"t": ["doc", {"d": [[[1], 2]]}, {"d": []}, []]}',
    "bad-spans": lambda: cache.dumps(("doc", {}, {("a",): ("x", 1)}, [])),
    "bad-error": lambda: cache.dumps(("error", 1, "x")),
    "deep-json": lambda: b'{"t": [' * 50_000,
}


@pytest.mark.parametrize("make", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_entries_are_misses(tmp_path, make):
    root = project(tmp_path)
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    with open(entry_path(directory), "wb") as fh:
        fh.write(make())
    code, report, printed = scan(root, "--cache-dir", directory)
    assert code == 1, printed
    assert found(report) >= EXPECTED


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "symlink-outside"])
def test_entries_that_are_not_regular_files_are_misses(tmp_path, kind):
    root = project(tmp_path)
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    if kind == "fifo":
        os.mkfifo(entry_path(directory))
    else:
        (tmp_path / "elsewhere").write_bytes(forged())
        os.symlink(tmp_path / "elsewhere", entry_path(directory))
    code, report, printed = scan(root, "--cache-dir", directory)
    assert found(report) >= EXPECTED


class _Payload:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_no_pickle_is_loaded_from_the_cache_directory(tmp_path):
    """Lark's own grammar cache was a pickle read from the user's cache directory, even with
    --no-cache: a file there could run code. Now nothing there is unpickled."""
    import hcl2
    import lark

    marker = tmp_path / "executed"
    home = tmp_path / "xdg"
    directory = home / "infralint"
    directory.mkdir(parents=True, mode=0o700)
    payload = pickle.dumps(_Payload(str(marker)))
    for name in (f"hcl2-{hcl2.__version__}-lark-{lark.__version__}.cache",):
        (directory / name).write_bytes(b"0" * 32 + b"\n" + payload + payload)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text(PUBLIC_DB)
    (root / "lark.tf").write_text("locals {\n  n = 1e3\n}\n")  # the hand parser hands it to Lark
    for extra in (["--no-cache"], []):
        done = subprocess.run(
            [sys.executable, "-m", "infralint", "scan", str(root), "--format", "json", *extra],
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(home), "INFRALINT_CACHE_DIR": ""},
            timeout=120,
        )
        assert not marker.exists()
        assert ("main.tf", 2, "IL101") in found(json.loads(done.stdout))
