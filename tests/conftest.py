"""Shared test helpers: scanning real files with the real pipeline."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from infralint.engine import load_rules
from infralint.scan import ScanOptions, ScanResult, scan

# the developer's own ~/.config/infralint/config.toml must not change what the tests see
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="infralint-tests-config-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
_EXPECT = re.compile(r"expect:\s*((?:[A-Z]+\d+[ ,]*)+)")


@pytest.fixture(scope="session")
def all_rules():
    """Every installed rule, those off by default too."""
    return load_rules()


@pytest.fixture(scope="session")
def rules(all_rules):
    """The rules ``infralint scan`` runs when nothing is selected."""
    return [r for r in all_rules if r.enabled]


def run(paths, rules, **options) -> ScanResult:
    return scan(ScanOptions(paths=[str(p) for p in paths], **options), rules)


def expectations(case: Path) -> set[tuple[str, int, str]]:
    """(file, line, rule id) marked in a fixture case: ``expect: IL101`` in a comment on the
    flagged line, or ``file:line RULE`` lines in an ``expect.txt`` (for JSON files)."""
    out = set()
    for path in sorted(case.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(case).as_posix()
        if path.name == "expect.txt":
            for line in path.read_text().splitlines():
                if line.strip() and not line.startswith("#"):
                    where, rule = line.split()
                    file, number = where.rsplit(":", 1)
                    out.add((file, int(number), rule))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            match = _EXPECT.search(line)
            if match:
                for rule in re.findall(r"[A-Z]+\d+", match.group(1)):
                    out.add((rel, number, rule))
    return out


def cases() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/*") if p.is_dir() and p.parent.name != "demo")


def case_id(path: Path) -> str:
    return os.path.relpath(path, FIXTURES)


def infralint(
    *args, cwd=None, env=None, timeout=300, text=True, **popen
) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it (``env`` None: this process's environment;
    ``popen``: more of ``subprocess.run``'s options)."""
    return subprocess.run(
        [sys.executable, "-m", "infralint", *map(str, args)],
        capture_output=True,
        text=text,
        cwd=cwd,
        env=env,
        timeout=timeout,
        **popen,
    )


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative name → text, or bytes) below ``root``; return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def demo_found() -> str:
    """The last line of a scan of the demo stack ("Found N problems (…)."), as the README's
    sample output shows it (``test_readme_sample_outputs_are_the_real_output`` holds the sample
    to the real output): the one place the demo's expected totals are written."""
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"^Found \d+ problems \([^)]*\)\.$", text, re.M).group()


def demo_counts() -> dict[str, int]:
    """The demo's findings per severity, and ``"total"``."""
    import re

    found = demo_found()
    counts = {sev: int(n) for n, sev in re.findall(r"(\d+) (\w+)[,)]", found)}
    return {**counts, "total": int(found.split()[1])}
