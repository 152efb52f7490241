"""Coverage-guided fuzzing of the whole scan with atheris (libFuzzer for Python).

One input is one file: the first byte picks its name (and so its format), the rest is its
content. The file is scanned with every built-in rule and rendered as text, JSON and SARIF.
A crash is an exception escaping the scan or the renderers, or a diagnostic that reports an
internal error (an unexpected exception caught by the scan's isolation).

    python tests/fuzz/fuzz_scan.py --seeds corpus/          # write seeds from fixtures/
    python tests/fuzz/fuzz_scan.py corpus/ -max_total_time=600 -timeout=20 -max_len=65536

See tests/fuzz/README.md.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

NAMES = (
    "main.tf",
    "terraform.tfvars",
    "template.yaml",
    "template.json",
    "docker-compose.yml",
    "notes.txt",
    "values.tfvars.json",
    "compose.yaml",
)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# diagnostics the scan writes when it caught an unexpected exception ("... failed: KeyError: x")
# imported under instrumentation (the scan imports most of them lazily)
MODULES = (
    "infralint.scan",
    "infralint.parse.terraform",
    "infralint.parse.yaml_doc",
    "infralint.parse.json_doc",
    "infralint.graph.terraform",
    "infralint.graph.hcl_eval",
    "infralint.graph.hcl_functions",
    "infralint.graph.cloudformation",
    "infralint.graph.compose",
    "infralint.facts.terraform",
    "infralint.facts.cloudformation",
    "infralint.facts.compose",
    "infralint.facts.secrets",
    "infralint.secrets",
    "infralint.report.json",
    "infralint.report.text",
    "infralint.report.sarif",
    "hcl2.parser",
)
INTERNAL = re.compile(r"internal error|\b[A-Z]\w*(Error|Exception): ")


def name_for(data: bytes) -> tuple[str, bytes]:
    if not data:
        return NAMES[0], b""
    return NAMES[data[0] % len(NAMES)], data[1:]


def seed_for(path: Path) -> bytes | None:
    """The input that reproduces ``path`` (None when no name of NAMES fits its format)."""
    name = path.name
    if name.endswith(".tf"):
        index = 0
    elif name.endswith(".tfvars"):
        index = 1
    elif name.endswith(".tfvars.json"):
        index = 6
    elif name.startswith(("docker-compose", "compose")):
        index = 4
    elif name.endswith((".yaml", ".yml")):
        index = 2
    elif name.endswith(".json"):
        index = 3
    else:
        index = 5
    return bytes([index]) + path.read_bytes()


def write_seeds(directory: str) -> int:
    os.makedirs(directory, exist_ok=True)
    count = 0
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and path.name != "expect.txt":
            seed = seed_for(path)
            if seed is not None and len(seed) < 65536:
                count += 1
                Path(directory, f"seed-{count:04d}").write_bytes(seed)
    return count


class Harness:
    def __init__(self) -> None:
        from infralint.engine import load_rules

        self.rules = load_rules()
        self.workdir = tempfile.mkdtemp(prefix="infralint-fuzz-")

    def run(self, data: bytes) -> None:
        from infralint import __version__
        from infralint.report import json as json_report
        from infralint.report import sarif, text
        from infralint.scan import ScanOptions, scan

        for entry in os.listdir(self.workdir):
            os.unlink(os.path.join(self.workdir, entry))
        name, content = name_for(data)
        Path(self.workdir, name).write_bytes(content)
        result = scan(ScanOptions(paths=[self.workdir]), self.rules)
        for d in result.diagnostics:
            if INTERNAL.search(d.message):
                raise AssertionError(f"internal error reported as a diagnostic: {d}")
        json_report.render(result.findings, result.diagnostics, version=__version__)
        text.render(result.findings, result.diagnostics, sources=result.lines)
        sarif.render(
            result.findings,
            result.diagnostics,
            self.rules,
            root=result.root,
            repo_root=None,
            sources=result.lines,
            version=__version__,
        )

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        print(f"wrote {write_seeds(sys.argv[2])} seeds to {sys.argv[2]}")
        return
    import atheris

    with atheris.instrument_imports(include=["infralint", "infralint_rules", "hcl2", "yaml"]):
        import importlib

        for module in MODULES:
            importlib.import_module(module)

    harness = Harness()
    atheris.Setup(sys.argv, harness.run)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
