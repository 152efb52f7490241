"""bench/accuracy.py on a tiny generated corpus: counts, comparison and precision."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "accuracy.py"

OPEN_SSH = """
resource "aws_security_group" "ssh" {
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""

ADMIN_POLICY = """
resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
"""


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def corpus(root: Path, with_ssh: bool) -> Path:
    (root / "net").mkdir(parents=True)
    (root / "iam").mkdir()
    (root / "net" / "main.tf").write_text(OPEN_SSH if with_ssh else "")
    (root / "iam" / "main.tf").write_text(ADMIN_POLICY)
    return root


def test_counts_comparison_and_precision(tmp_path):
    before = corpus(tmp_path / "before", with_ssh=True)
    out = run("--corpus", str(before), "--out", str(tmp_path / "old"))
    assert sorted(p.name for p in (tmp_path / "old").iterdir()) == ["iam.json", "net.json"]
    net = json.loads((tmp_path / "old" / "net.json").read_text())["findings"]
    assert [(f["rule_id"], f["path"], f["start_line"]) for f in net] == [("IL201", "main.tf", 7)]
    assert "  open-ingress: 1\n    IL201 open-ingress: 1\n" in out
    assert "  wildcard-iam: " in out

    iam = json.loads((tmp_path / "old" / "iam.json").read_text())["findings"]
    judged = [
        {"repo": "net", "rule_id": "IL201", "path": "main.tf", "start_line": 7, "verdict": "tp"},
        {**{k: iam[0][k] for k in ("rule_id", "path", "start_line")}, "repo": "iam"},
    ]
    judged[1]["verdict"] = "fp"
    (tmp_path / "judged.json").write_text(json.dumps(judged))

    after = corpus(tmp_path / "after", with_ssh=False)
    out = run(
        *(str(after / name) for name in ("net", "iam")),
        "--out",
        str(tmp_path / "new"),
        "--compare",
        str(tmp_path / "old"),
        "--judged",
        str(tmp_path / "judged.json"),
    )
    assert "  open-ingress: -1 (judged true: 1) +0\n" in out
    assert "    - IL201 open-ingress net/main.tf:7 tp\n" in out
    assert "  wildcard-iam: -0 (judged true: 0) +0\n" in out
    assert f"  wildcard-iam: 0/1 = 0 %\n    {iam[0]['rule_id']} " in out
    assert "judged findings no longer reported: tp 1, fp 0\n" in out


def test_later_verdicts_win_and_unjudged_findings_are_counted(tmp_path):
    corpus(tmp_path / "repos", with_ssh=True)
    run("--corpus", str(tmp_path / "repos"), "--out", str(tmp_path / "out"))
    line = {"repo": "net", "rule_id": "IL201", "path": "main.tf", "start_line": 7}
    (tmp_path / "first.json").write_text(json.dumps([{**line, "verdict": "fp"}]))
    (tmp_path / "second.json").write_text(json.dumps([{**line, "verdict": "tp"}]))
    out = run(
        "--out",
        str(tmp_path / "out"),
        "--judged",
        str(tmp_path / "first.json"),
        "--judged",
        str(tmp_path / "second.json"),
    )
    assert "  open-ingress: 1/1 = 100 %\n" in out
    assert "findings not judged: 1, wildcard-iam 1\n" in out
