"""The record of installed plugins: a later run skips ``importlib.metadata`` yet sees every
plugin installed, removed or re-registered since, and a bad record is only a slower run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PLUGIN = Path(__file__).parent / "plugin"
_PROBE = (
    "import sys; from infralint.engine import load_rules; "
    "ids = sorted(r.id for r in load_rules()); "
    "print(' '.join(ids)); print('importlib.metadata' in sys.modules)"
)


def probe(cache: Path, pythonpath: str = "") -> tuple[list[str], bool]:
    """(rule ids, whether importlib.metadata was imported) in a fresh interpreter."""
    env = {**os.environ, "INFRALINT_CACHE_DIR": str(cache), "PYTHONPATH": pythonpath}
    env.pop("INFRALINT_NO_PLUGIN_RECORD", None)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, check=True
    ).stdout.splitlines()
    return out[0].split(), out[1] == "True"


def test_second_run_reads_the_record(tmp_path):
    cache = tmp_path / "cache"
    first, looked_up = probe(cache)
    assert looked_up and "IL101" in first
    assert len(list(cache.glob("plugins-*.json"))) == 1
    assert probe(cache) == (first, False)


def test_a_plugin_installed_later_is_seen(tmp_path):
    cache = tmp_path / "cache"
    before, _ = probe(cache)
    plugin = tmp_path / "site"  # laid out as an installer lays out a distribution
    shutil.copytree(PLUGIN / "infralint_example_plugin", plugin / "infralint_example_plugin")
    info = plugin / "infralint_example_plugin-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: infralint-example-plugin\nVersion: 1.0.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[infralint.rules]\nEX900 = infralint_example_plugin.untagged_bucket\n"
    )
    after, looked_up = probe(cache, str(plugin))
    assert looked_up and "EX900" in after and "EX900" not in before
    assert probe(cache, str(plugin)) == (after, False)
    # re-registered in place (the same directory, another entry_points.txt): seen too
    (info / "entry_points.txt").write_text("[infralint.rules]\n")
    assert "EX900" not in probe(cache, str(plugin))[0]


def test_a_bad_record_is_a_fresh_lookup(tmp_path):
    cache = tmp_path / "cache"
    expected, _ = probe(cache)
    (record,) = cache.glob("plugins-*.json")
    record.write_text('{"fingerprint": 1, "entry_points": [["x"]]}')
    assert probe(cache) == (expected, True)
    record.write_bytes(b"\x00not json")
    assert probe(cache) == (expected, True)


def test_a_record_others_can_write_is_not_trusted(tmp_path):
    cache = tmp_path / "cache"
    expected, _ = probe(cache)
    cache.chmod(0o777)
    assert probe(cache) == (expected, True)
