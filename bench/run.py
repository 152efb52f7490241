"""Time ``infralint scan`` as a whole process, and Checkov on the same files when asked.

Each measurement runs the command several times (after one untimed warm-up run) and reports
the median wall time, CPU time (user + system, the process and its children) and peak RSS (of
the largest single process, from ``wait4``). See bench/README.md for the exact commands.

    python bench/run.py                      # a generated corpus (bench/corpus.py)
    python bench/run.py PATH                 # any directory
    python bench/run.py --checkov            # and Checkov, with the ratio
    python bench/run.py --single             # one small .tf file, warm and cold cache
    python bench/run.py --scale              # N modules, then 10 N modules
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

# Checkov's checks for the same five problems infralint looks for.
CHECKOV_CHECKS = [
    "CKV_AWS_17",  # RDS publicly accessible
    "CKV_AWS_24",  # security group open to the world on 22
    "CKV_AWS_25",  # ... on 3389
    "CKV_AWS_260",  # ... on 80
    "CKV_AWS_277",  # ... on every port
    "CKV_AWS_41",  # hard-coded keys in the AWS provider
    "CKV_AWS_45",  # secrets in Lambda environments
    "CKV_AWS_46",  # secrets in EC2 user data
    "CKV_SECRET_2",  # AWS access key
    "CKV_SECRET_4",  # basic-auth credentials
    "CKV_SECRET_6",  # high-entropy strings
    "CKV_SECRET_13",  # private key
    "CKV_AWS_28",  # DynamoDB point-in-time recovery
    "CKV_AWS_133",  # RDS backup policy
    "CKV_AWS_1",  # IAM policy documents with *:* admin
    "CKV_AWS_49",  # IAM policy documents with Action "*"
    "CKV_AWS_62",  # IAM policies with *:* admin
    "CKV_AWS_63",  # IAM policies with Action "*"
    "CKV_AWS_274",  # AdministratorAccess attached
]
SMALL_TF = """resource "aws_db_instance" "main" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  publicly_accessible = true
  password            = "correct-horse-battery"
}
"""


def measure(cmd: list[str], runs: int, env: dict, before=None) -> dict:
    """Median wall, CPU and peak RSS of ``runs`` runs of ``cmd`` (after one warm-up run);
    ``before`` is called before every run (e.g. to empty a cache)."""
    walls, cpus, rss = [], [], []
    for i in range(runs + 1):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
        if i == 0:
            continue  # warm-up: byte-compilation, the OS file cache
        walls.append(wall)
        cpus.append(usage.ru_utime + usage.ru_stime)
        rss.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return {
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "rss": max(rss),
        "runs": runs,
    }


def show(label: str, m: dict) -> None:
    print(
        f"{label:<44} wall {m['wall']:7.2f} s   cpu {m['cpu']:7.2f} s   "
        f"peak RSS {m['rss']:6.0f} MiB   (median of {m['runs']})"
    )


def child_env(cache_dir: str) -> dict:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what users run: byte-compiled modules
    env["INFRALINT_CACHE_DIR"] = cache_dir
    return env


def infralint_cmd(path: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "infralint", "scan", path, "--format", "json", *extra]


def checkov_bin(cache: Path) -> str:
    """Checkov in its own virtual environment under the bench cache (installed once)."""
    venv = cache / "checkov-venv"
    exe = venv / "bin" / "checkov"
    if not exe.exists():
        print(f"installing Checkov into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", "checkov"],
            check=True,
        )
    return str(exe)


def checkov_cmd(exe: str, path: str) -> list[str]:
    return [
        exe,
        "-d",
        path,
        "--framework",
        "terraform",
        "cloudformation",
        "secrets",
        "--check",
        ",".join(CHECKOV_CHECKS),
        "--compact",
        "--quiet",
        "-o",
        "json",
        "--skip-download",
    ]


def count(path: str) -> str:
    files = lines = 0
    for dirpath, dirnames, names in os.walk(path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in names:
            if name.endswith((".tf", ".tfvars", ".yaml", ".yml", ".json")):
                files += 1
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as fh:
                    lines += sum(1 for _ in fh)
    return f"{files} IaC files, {lines} lines"


def compare(path: str, args: argparse.Namespace, work: Path) -> None:
    cache_dir = str(work / "parse-cache")
    env = child_env(cache_dir)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print(f"{path}: {count(path)}")
    cold = measure(
        infralint_cmd(path, *jobs), args.runs, env, lambda: shutil.rmtree(cache_dir, True)
    )
    show("infralint (cold cache)", cold)
    show("infralint (warm cache)", measure(infralint_cmd(path, *jobs), args.runs, env))
    show(
        "infralint --no-cache --jobs 1",
        measure(infralint_cmd(path, "--no-cache", "-j1"), args.runs, env),
    )
    if args.checkov:
        exe = checkov_bin(Path(args.bench_cache))
        checkov = measure(checkov_cmd(exe, path), args.checkov_runs, env)
        show("checkov (equivalent checks)", checkov)
        print(
            f"ratio: Checkov / infralint (cold cache) = {checkov['wall'] / cold['wall']:.1f}x "
            f"wall, {checkov['cpu'] / cold['cpu']:.1f}x CPU; peak RSS "
            f"{cold['rss']:.0f} vs {checkov['rss']:.0f} MiB"
        )


def single(args: argparse.Namespace, work: Path) -> None:
    directory = work / "single"
    directory.mkdir()
    (directory / "main.tf").write_text(SMALL_TF, encoding="utf-8")
    cache_dir = str(work / "single-cache")
    env = child_env(cache_dir)
    cmd = [sys.executable, "-m", "infralint", "scan", str(directory / "main.tf")]
    show(
        "single .tf (cold cache)",
        measure(cmd, args.runs, env, lambda: shutil.rmtree(cache_dir, True)),
    )
    show("single .tf (warm cache)", measure(cmd, args.runs, env))
    if args.checkov:
        exe = checkov_bin(Path(args.bench_cache))
        show(
            "checkov single .tf",
            measure(
                [
                    exe,
                    "-f",
                    str(directory / "main.tf"),
                    "--check",
                    ",".join(CHECKOV_CHECKS),
                    "--quiet",
                    "--compact",
                    "--skip-download",
                ],
                args.checkov_runs,
                env,
            ),
        )


def scale(args: argparse.Namespace, work: Path) -> None:
    results = []
    for n in (args.modules, args.modules * 10):
        path = work / f"corpus-{n}"
        write_corpus(path, n, args.seed)
        cache_dir = str(work / f"scale-cache-{n}")
        env = child_env(cache_dir)
        m = measure(
            infralint_cmd(str(path)), args.runs, env, lambda d=cache_dir: shutil.rmtree(d, True)
        )
        show(f"{n} modules ({count(str(path))}), cold", m)
        results.append(m)
    print(
        f"10x the files: {results[1]['wall'] / results[0]['wall']:.1f}x the wall time, "
        f"{results[1]['cpu'] / results[0]['cpu']:.1f}x the CPU time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="directory to scan (default: a generated corpus)")
    parser.add_argument("--modules", type=int, default=50, help="modules in the generated corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs to infralint")
    parser.add_argument("--checkov", action="store_true", help="also time Checkov")
    parser.add_argument("--checkov-runs", type=int, default=3)
    parser.add_argument("--single", action="store_true", help="time one small .tf file")
    parser.add_argument("--scale", action="store_true", help="time N and 10 N modules")
    parser.add_argument(
        "--bench-cache",
        default=os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "infralint-bench"
        ),
        help="where Checkov's virtual environment is kept",
    )
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {_cpu_model()}")
    with tempfile.TemporaryDirectory(prefix="infralint-bench-") as tmp:
        work = Path(tmp)
        if args.single:
            single(args, work)
        elif args.scale:
            scale(args, work)
        else:
            path = args.path
            if path is None:
                path = str(work / "corpus")
                write_corpus(path, args.modules, args.seed)
            compare(path, args, work)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
