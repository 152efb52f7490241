"""Issue 19, signals: Ctrl-C and a cancelled CI job (SIGTERM) end a scan with one line, exit
128 + the signal's number, and leave no report behind; the parser processes end with the scan,
even when it is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import write
from tests.hostile.capped import PUBLIC_DB, cap_memory

# Evaluation that runs until its wall-clock budget (30 s by default) is spent.
SLOW = (
    "locals {\n  x = [for i in range(90000) : [for j in range(90000) : j if false]]\n}\n"
    'resource "aws_s3_bucket" "b" {\n  bucket = length(local.x)\n}\n'
)
UNBOUNDED = "[limits]\neval_steps = 1000000000000\neval_bytes = 1000000000000\n"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_scan_with_one_line_and_no_report(tmp_path, signum):
    root = write(tmp_path / "repo", {"main.tf": SLOW, ".infralint.toml": UNBOUNDED})
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "infralint", "scan", root, "--format", "json", "-o", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=cap_memory,
    )
    time.sleep(2)  # well inside the evaluation
    assert proc.poll() is None
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert stderr.decode().splitlines() == [f"infralint: interrupted ({name})"]
    assert list(out.parent.iterdir()) == []  # no report, no temporary file


def _big_template() -> str:
    """A template over the in-process parse threshold: parsed in a worker, for seconds."""
    from infralint.workers import WORKER_MIN_BYTES

    lines = ['AWSTemplateFormatVersion: "2010-09-09"', "Resources:"]
    size, i = 0, 0
    while size < 2 * WORKER_MIN_BYTES:
        block = (
            f"  B{i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b-{i}\n"
            "      Tags: [{Key: a, Value: b}, {Key: c, Value: d}]"
        )
        lines.append(block)
        size += len(block) + 1
        i += 1
    return "\n".join(lines) + "\n"


def _children(pid: int) -> set[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _scan_with_a_worker(tmp_path):
    root = write(tmp_path / "repo", {"big.yaml": _big_template(), "main.tf": PUBLIC_DB})
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    proc = subprocess.Popen(
        # --no-cache: a parse cached by an earlier run would need no worker
        [
            sys.executable,
            "-m",
            "infralint",
            "scan",
            root,
            "--format",
            "json",
            "-o",
            out,
            "--no-cache",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=cap_memory,
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while not workers and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert workers, "no parser process was started"
    time.sleep(0.3)  # the worker is parsing
    return proc, out, workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_worker_parse_leaves_no_worker(tmp_path, signum):
    proc, out, workers = _scan_with_a_worker(tmp_path)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum
    name = signal.Signals(signum).name
    assert stderr.decode().splitlines() == [f"infralint: interrupted ({name})"]
    assert list(out.parent.iterdir()) == []
    time.sleep(0.5)
    assert not [pid for pid in workers if _alive(pid)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path):
    proc, out, workers = _scan_with_a_worker(tmp_path)
    proc.kill()  # no handler runs: the kernel ends the workers
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]
    assert list(out.parent.iterdir()) == []
