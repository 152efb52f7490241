"""Issue 19, signals: Ctrl-C and a cancelled CI job (SIGTERM) end a scan with one line, exit
128 + the signal's number, and leave no report behind."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import write
from tests.hostile.capped import cap_memory

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
