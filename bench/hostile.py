"""Does hostile input cost time in proportion to its size? Each input is scanned at a base
size and at ten times that size; the time spent beyond start-up must grow at most twelve-fold.

    python bench/hostile.py                  # every input
    python bench/hostile.py tfjson_attributes locals_chain

Exits 1 when an input grows faster. The inputs are the superlinear cases of issue 19: a
``.tf.json`` resource with many attributes, compose interpolation left open many times, a long
chain of compose services each extending the one before, a deep
directory tree, a long chain of Terraform locals, and a template of many interpolations.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FACTOR = 10
ALLOWED = 12.0


def tfjson_attributes(n: int) -> dict[str, str]:
    attrs = {f"a{i}": f"v{i}" for i in range(n)}
    return {"main.tf.json": json.dumps({"resource": {"aws_s3_bucket": {"b": attrs}}}, indent=1)}


def hcl_attributes(n: int) -> dict[str, str]:
    body = "".join(f'  a{i} = "v{i}"\n' for i in range(n))
    return {"main.tf": f'resource "aws_s3_bucket" "b" {{\n{body}}}\n'}


def compose_interpolation(n: int) -> dict[str, str]:
    return {"docker-compose.yml": "services:\n  web:\n    image: '" + "${A:-" * n + "'\n"}


def compose_extends(n: int) -> dict[str, str]:
    lines = ["services:", "  s0:", "    image: nginx:1.27", "    environment: {A0: x}"]
    for i in range(1, n):
        lines += [f"  s{i}:", f"    extends: s{i - 1}", f"    environment: {{A{i}: x}}"]
    return {"compose.yaml": "\n".join(lines) + "\n"}


def nested_directories(n: int) -> dict[str, str]:
    return {"/".join(["d"] * n) + "/main.tf": 'resource "aws_s3_bucket" "b" {}\n'}


def locals_chain(n: int) -> dict[str, str]:
    lines = ['  l0 = "x"'] + [f'  l{i} = "${{local.l{i - 1}}}"' for i in range(1, n)]
    body = "locals {\n" + "\n".join(lines) + "\n}\n"
    return {"main.tf": body + f'resource "aws_s3_bucket" "b" {{\n  bucket = local.l{n - 1}\n}}\n'}


def template_interpolations(n: int) -> dict[str, str]:
    parts = "".join(f"${{var.v}}{i}" for i in range(n))
    return {
        "main.tf": 'variable "v" {\n  default = "x"\n}\n'
        f'resource "aws_s3_bucket" "b" {{\n  bucket = "{parts}"\n}}\n'
    }


# name -> (input builder, base size)
INPUTS: dict[str, tuple[Callable[[int], dict[str, str]], int]] = {
    "tfjson_attributes": (tfjson_attributes, 4000),
    "hcl_attributes": (hcl_attributes, 4000),
    "compose_interpolation": (compose_interpolation, 1000),
    "compose_extends": (compose_extends, 2000),
    "nested_directories": (nested_directories, 60),
    "locals_chain": (locals_chain, 100),
    "template_interpolations": (template_interpolations, 2000),
}


def scan_seconds(files: dict[str, str], runs: int = 2) -> float:
    """The best wall time of ``infralint scan`` over ``files`` (written to a fresh tree)."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "tree").mkdir()
        for name, text in files.items():
            folder = Path(tmp, "tree")
            for part in name.split("/")[:-1]:  # one level at a time: mkdir(parents) recurses
                folder = folder / part
                folder.mkdir(exist_ok=True)
            (folder / name.split("/")[-1]).write_text(text, encoding="utf-8")
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "infralint", "scan", "tree", "--no-cache", "-q"],
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=600,
            )
            if done.returncode not in (0, 1):  # a crash is no measurement
                raise RuntimeError(done.stderr.decode(errors="replace")[-2000:])
            best = min(best, time.perf_counter() - started)
        return best


def growth(name: str) -> tuple[float, float, float]:
    """(seconds at the base size, at ten times, the growth of the time beyond start-up)."""
    build, base = INPUTS[name]
    start_up = scan_seconds({}, runs=3)
    small = scan_seconds(build(base))
    large = scan_seconds(build(base * FACTOR))
    beyond = max(small - start_up, 0.05)  # below 50 ms, timer noise would decide
    return small, large, (large - start_up) / beyond


def main(names: list[str]) -> int:
    failed = 0
    for name in names or list(INPUTS):
        try:
            small, large, ratio = growth(name)
        except RuntimeError as exc:
            print(f"{name:26} failed: {exc}")
            failed += 1
            continue
        verdict = "ok" if ratio <= ALLOWED else "TOO SLOW"
        failed += ratio > ALLOWED
        print(f"{name:26} {small:7.2f}s -> {large:7.2f}s  x{ratio:5.1f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
