"""Measure infralint's findings on a corpus of real repositories, and its precision once the
findings are judged.

    python bench/accuracy.py --corpus CORPUS --out RESULTS      # scan every repository in CORPUS
    python bench/accuracy.py REPO [REPO ...] --out RESULTS      # scan these repositories
    python bench/accuracy.py --out RESULTS                      # no scan: report saved results
        [--compare OLD_RESULTS] [--judged JUDGED.json [--judged MORE.json ...]]

Each repository is scanned with the installed infralint (``python -m infralint scan REPO
--format json``, run from the results directory) and its report is written to
``RESULTS/<repository>.json``. The script prints the findings per category and per rule;
``--compare`` prints the findings lost and gained per category against an earlier results
directory; ``--judged`` reads a list of judgements ``{"repo", "rule_id", "path", "start_line",
"verdict": "tp" | "fp", "why"}`` and prints the precision per category and per rule of the
judged findings still reported (and the judged findings no longer reported, by verdict, and
the findings not judged). ``--judged`` may be repeated: a later file's verdict on a line wins.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

SCAN_TIMEOUT = 1800


def scan(repo: Path, out_dir: Path) -> None:
    """Scan one repository and write its JSON report to ``out_dir/<name>.json``."""
    cmd = [sys.executable, "-m", "infralint", "scan", str(repo), "--format", "json", "--exit-zero"]
    # Run from the results directory: never import from (or configure by) the scanned tree's cwd.
    run = subprocess.run(cmd, cwd=out_dir, capture_output=True, text=True, timeout=SCAN_TIMEOUT)
    if run.returncode != 0:
        raise SystemExit(f"infralint failed on {repo} ({run.returncode}): {run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    (out_dir / f"{repo.name}.json").write_text(json.dumps(report, indent=1) + "\n")
    print(f"scanned {repo.name}: {len(report['findings'])} findings", file=sys.stderr)


def load(results: Path) -> list[dict]:
    """Every finding of a results directory, each tagged with its repository."""
    findings = []
    for report in sorted(results.glob("*.json")):
        for finding in json.loads(report.read_text())["findings"]:
            findings.append({**finding, "repo": report.stem})
    return findings


def key(item: dict) -> tuple:
    return (item["repo"], item["rule_id"], item["path"], item["start_line"])


def rule_label(finding: dict) -> str:
    return f"{finding['rule_id']} {finding['rule_name']}"


def print_counts(findings: list[dict]) -> None:
    print(f"findings: {len(findings)}")
    by_category = Counter(f["category"] for f in findings)
    by_rule = Counter((f["category"], rule_label(f)) for f in findings)
    for category, count in sorted(by_category.items()):
        print(f"  {category}: {count}")
        for (cat, rule), n in sorted(by_rule.items()):
            if cat == category:
                print(f"    {rule}: {n}")


def print_comparison(old: list[dict], new: list[dict], verdicts: dict[tuple, str]) -> None:
    """Findings lost and gained per category (a finding is its repo, rule, path and line)."""
    old_keys, new_keys = Counter(map(key, old)), Counter(map(key, new))
    lost = [f for f in old if old_keys[key(f)] > new_keys[key(f)]]
    gained = [f for f in new if new_keys[key(f)] > old_keys[key(f)]]
    print("compared with the old results (lost / gained):")
    for category in sorted({f["category"] for f in old + new}):
        cat_lost = [f for f in lost if f["category"] == category]
        cat_gained = [f for f in gained if f["category"] == category]
        lost_tp = sum(verdicts.get(key(f)) == "tp" for f in cat_lost)
        note = f" (judged true: {lost_tp})" if verdicts else ""
        print(f"  {category}: -{len(cat_lost)}{note} +{len(cat_gained)}")
        for sign, items in (("-", cat_lost), ("+", cat_gained)):
            for f in sorted(items, key=key):
                verdict = verdicts.get(key(f), "")
                where = f"{f['repo']}/{f['path']}:{f['start_line']}"
                print(f"    {sign} {rule_label(f)} {where} {verdict}".rstrip())


def precision(tp: int, fp: int) -> str:
    return f"{tp}/{tp + fp} = {100 * tp / (tp + fp):.0f} %" if tp + fp else "-"


def print_precision(findings: list[dict], verdicts: dict[tuple, str]) -> None:
    """Precision of the judged findings still reported, per category and per rule. A verdict
    is given to a line (repo, rule, path, line): every finding reported there counts."""
    tally: Counter = Counter()
    for f in findings:
        verdict = verdicts.get(key(f))
        if verdict:
            tally[(f["category"], "", verdict)] += 1
            tally[(f["category"], rule_label(f), verdict)] += 1
    print("precision of the judged findings (true / judged):")
    for category, rule in sorted({(c, r) for c, r, _ in tally}):
        name = f"    {rule}" if rule else f"  {category}"
        tp, fp = tally[(category, rule, "tp")], tally[(category, rule, "fp")]
        print(f"{name}: {precision(tp, fp)}")
    reported = set(map(key, findings))
    gone = Counter(v for k, v in verdicts.items() if k not in reported)
    print(f"judged findings no longer reported: tp {gone['tp']}, fp {gone['fp']}")
    unjudged = Counter(f["category"] for f in findings if key(f) not in verdicts)
    print(f"findings not judged: {sum(unjudged.values())}", end="")
    print("".join(f", {c} {n}" for c, n in sorted(unjudged.items())))


def read_verdicts(paths: list[Path]) -> dict[tuple, str]:
    verdicts = {}
    for path in paths:
        for item in json.loads(path.read_text()):
            if item["verdict"] not in ("tp", "fp"):
                raise SystemExit(f"{path}: verdict must be tp or fp: {item}")
            verdicts[key(item)] = item["verdict"]
    return verdicts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("repos", nargs="*", type=Path, help="repository directories to scan")
    ap.add_argument("--corpus", type=Path, help="scan every directory inside this one")
    ap.add_argument("--out", type=Path, required=True, help="results directory")
    ap.add_argument("--compare", type=Path, metavar="OLD_DIR", help="earlier results")
    ap.add_argument(
        "--judged", type=Path, metavar="FILE", action="append", help="judgements (JSON list)"
    )
    args = ap.parse_args(argv)
    repos = list(args.repos)
    if args.corpus:
        repos += sorted(p for p in args.corpus.iterdir() if p.is_dir())
    args.out.mkdir(parents=True, exist_ok=True)
    for repo in repos:
        scan(repo.resolve(), args.out)
    findings = load(args.out)
    verdicts = read_verdicts(args.judged) if args.judged else {}
    print_counts(findings)
    if args.compare:
        print_comparison(load(args.compare), findings, verdicts)
    if verdicts:
        print_precision(findings, verdicts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
