"""Parse every ``.tf`` file under a directory with infralint's HCL parser and count its error
diagnostics; with ``--terraform``, ask ``terraform fmt`` which files are valid syntax, and
count the errors on valid files only (the target: none) and the invalid files accepted.

    python bench/hcl_corpus.py DIR [DIR ...] [--terraform] [--show N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from infralint.parse import hcl  # noqa: E402


def tf_files(root: Path) -> list[Path]:
    out = []
    for base, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".terraform"))
        out.extend(Path(base, n) for n in sorted(names) if n.endswith(".tf"))
    return out


def terraform_invalid(root: Path) -> set[Path]:
    """The files under ``root`` that ``terraform fmt`` rejects (one run for the tree)."""
    run = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", "-no-color", "-list=false", str(root)],
        capture_output=True,
        text=True,
    )
    found = re.findall(r"^\s*on (.+?) line \d+", run.stderr, re.M)
    return {Path(p).resolve() for p in found}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--terraform", action="store_true", help="use terraform fmt as the oracle")
    ap.add_argument("--show", type=int, default=10, help="list up to N files with errors")
    args = ap.parse_args()
    if args.terraform and not shutil.which("terraform"):
        ap.error("terraform is not on PATH")
    files, errors, lines, seconds = 0, [], 0, 0.0
    invalid: set[Path] = set()
    for root in args.dirs:
        if args.terraform:
            invalid |= terraform_invalid(root)
        for path in tf_files(root):
            text = path.read_text(encoding="utf-8", errors="replace")
            started = time.perf_counter()
            body = hcl.parse(text)
            seconds += time.perf_counter() - started
            files += 1
            lines += text.count("\n")
            issues = [i for i in body.issues if i.level == "error"]
            if issues:
                errors.append((path, issues))
    on_valid = [(p, i) for p, i in errors if p.resolve() not in invalid]
    print(
        f"{files} files, {lines:,} lines parsed in {seconds:.2f} s ({lines / seconds:,.0f} lines/s)"
    )
    print(f"files with error diagnostics: {len(errors)}")
    if args.terraform:
        accepted = len(invalid) - (len(errors) - len(on_valid))
        print(f"terraform fmt rejects {len(invalid)}; errors on files it accepts: {len(on_valid)}")
        print(f"files terraform rejects that infralint reads without error: {accepted}")
    for path, issues in on_valid[: args.show]:
        first = issues[0]
        print(f"  {path}:{first.line}:{first.column}: {first.message}")
    return 1 if on_valid else 0


if __name__ == "__main__":
    sys.exit(main())
