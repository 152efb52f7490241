"""Run the real CLI the way a CI runner would, with its memory capped and a time limit."""

from __future__ import annotations

import json
import resource
from pathlib import Path

from tests.conftest import infralint as cli

MEMORY = 1024**3  # RLIMIT_AS: a scan that needs more fails with MemoryError instead
TIMEOUT = 120
PUBLIC_DB = 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n'


def cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def infralint(*args: object, cwd: Path | None = None, timeout: float = TIMEOUT):
    return cli(*args, cwd=cwd, timeout=timeout, text=False, preexec_fn=cap_memory)


def scan_json(root: Path, *args: object, timeout: float = TIMEOUT) -> tuple[int, dict]:
    """Exit code and JSON report of ``infralint scan root``; asserts the scan itself held."""
    result = infralint("scan", root, "--format", "json", *args, timeout=timeout)
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")[-3000:]
    report = json.loads(result.stdout)
    internal = [d for d in report["diagnostics"] if "internal error" in d["message"]]
    assert not internal, internal
    return result.returncode, report


def found(report: dict, path: str, rule: str = "IL101", resource: str | None = None) -> bool:
    return any(
        f["path"] == path
        and f["rule_id"] == rule
        and (resource is None or (f.get("resource") or "").startswith(resource))
        for f in report["findings"]
    )
