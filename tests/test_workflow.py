"""The workflow end to end through the command line: SARIF that GitHub accepts for the whole
fixture tree, regions and URIs as code scanning needs them, fingerprints that survive line
moves, progress and colour on the terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import infralint

try:
    from tests import sarif_validator
except ImportError:  # tests/ itself on sys.path
    import sarif_validator

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

BAD_DB = (
    'resource "aws_db_instance" "main" {\n'
    '  engine              = "postgres"\n'
    "  publicly_accessible = true\n"
    "}\n"
)


def git_repo(path: Path) -> Path:
    """``path`` as the root of a fresh git repository (nothing committed)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    return path


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


@pytest.fixture(scope="module")
def multitool():
    command = sarif_validator.find_multitool()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("sarif-multitool missing in CI: run .ci/install-sarif-multitool.sh")
        pytest.skip("sarif-multitool not installed (run .ci/install-sarif-multitool.sh)")
    return command


# -- SARIF of real scans --------------------------------------------------------------------


@pytest.mark.parametrize("target", ["fixtures", "fixtures/demo"])
def test_sarif_of_the_fixture_tree_passes_the_github_validator(target, tmp_path, multitool):
    out = tmp_path / "scan.sarif"
    done = infralint("scan", "--format", "sarif", "-o", out, ROOT / target)
    assert done.returncode == 1, done.stderr  # the fixtures hold problems
    log = json.loads(out.read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) > (100 if target == "fixtures" else 5)
    assert sarif_validator.validate(out, multitool) == []


@pytest.mark.parametrize("target", ["fixtures", "fixtures/demo"])
def test_sarif_regions_match_the_findings(target):
    """Every result's region is the finding's attribute: same lines, columns when known,
    the URI relative to the repository root."""
    sarif = json.loads(infralint("scan", "--format", "sarif", ROOT / target).stdout)
    report = json.loads(infralint("scan", "--format", "json", ROOT / target).stdout)
    prefix = target + "/"  # the scan root's place in the repository
    # a finding without an end column (a whole line or file) has a region without columns
    expected = sorted(
        (
            prefix + f["path"],
            f["start_line"],
            f["end_line"],
            f["start_column"] if f["end_column"] else 0,
            f["end_column"],
            f["rule_id"],
        )
        for f in report["findings"]
    )
    seen = []
    for result in sarif["runs"][0]["results"]:
        phys = result["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = phys["region"]
        seen.append(
            (
                phys["artifactLocation"]["uri"],
                region["startLine"],
                region["endLine"],
                region.get("startColumn", 0),
                region.get("endColumn", 0),
                result["ruleId"],
            )
        )
    assert sorted(seen) == expected
    with_columns = [s for s in seen if s[3]]
    assert len(with_columns) >= 0.9 * len(seen)  # attribute findings carry columns


@needs_git
def test_sarif_uris_are_relative_to_the_repository_root(tmp_path):
    repo = git_repo(tmp_path / "repo")
    infra = repo / "deploy" / "infra"
    infra.mkdir(parents=True)
    (infra / "db.tf").write_text(BAD_DB)
    for cwd, target in ((tmp_path, infra), (infra, "."), (repo, "deploy/infra")):
        done = infralint("scan", "--format", "sarif", "--select", "IL101", target, cwd=cwd)
        run = json.loads(done.stdout)["runs"][0]
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
        (result,) = run["results"]
        phys = result["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"] == {"uri": "deploy/infra/db.tf", "uriBaseId": "%SRCROOT%"}
        region = phys["region"]
        assert (region["startLine"], region["endLine"]) == (3, 3)
        assert region["startColumn"] == 3 and region["endColumn"] > region["startColumn"]
        assert region["snippet"]["text"] == "  publicly_accessible = true"


def test_fingerprints_survive_blank_lines_above_a_finding(tmp_path):
    def scan() -> dict:
        sarif = json.loads(infralint("scan", "--format", "sarif", tmp_path).stdout)
        return {
            (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r[
                "partialFingerprints"
            ]
            for r in sarif["runs"][0]["results"]
        }

    (tmp_path / "db.tf").write_text(BAD_DB)
    (tmp_path / ".env").write_text("API_TOKEN=Zq8vR2mX9kLp4Wn7Ts1Yb6Hc\n")
    before = scan()
    assert {k[0] for k in before} >= {"IL101"}
    (tmp_path / "db.tf").write_text("\n\n\n# moved\n" + BAD_DB)
    (tmp_path / ".env").write_text("\n\n# moved\nAPI_TOKEN=Zq8vR2mX9kLp4Wn7Ts1Yb6Hc\n")
    after = scan()
    assert sorted(before.values(), key=str) == sorted(after.values(), key=str)
    assert ("IL101", 3) in before and ("IL101", 7) in after


# -- text output on a terminal --------------------------------------------------------------

ANSI = "\033["


def test_no_color_and_forced_colour(tmp_path):
    (tmp_path / "db.tf").write_text(BAD_DB)
    env = dict(os.environ, NO_COLOR="1")
    plain = infralint("scan", tmp_path, env=env)
    assert plain.returncode == 1 and "IL101" in plain.stdout
    assert ANSI not in plain.stdout and ANSI not in plain.stderr
    env.pop("NO_COLOR")
    assert ANSI not in infralint("scan", tmp_path, env=env).stdout  # not a terminal
    forced = infralint("scan", "--color", tmp_path, env=dict(env, NO_COLOR="1")).stdout
    assert ANSI in forced and "IL101" in forced
    assert ANSI not in infralint("scan", "--no-color", tmp_path, env=env).stdout


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_no_color_is_respected_on_a_terminal(tmp_path):
    import pty

    (tmp_path / "db.tf").write_text(BAD_DB)

    def on_tty(extra_env: dict) -> str:
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        env.update(extra_env)
        primary, secondary = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "infralint", "scan", str(tmp_path)],
            stdout=secondary,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        os.close(secondary)
        chunks = []
        while True:
            try:
                data = os.read(primary, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        proc.wait(timeout=60)
        os.close(primary)
        return b"".join(chunks).decode("utf-8", "replace")

    assert ANSI in on_tty({})
    assert ANSI not in on_tty({"NO_COLOR": "1"})


def test_progress_only_on_a_terminal(tmp_path):
    from infralint import cli

    class Stream:
        def __init__(self, tty):
            self.tty, self.text = tty, ""

        def isatty(self):
            return self.tty

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    tty, pipe = Stream(True), Stream(False)
    for stream in (tty, pipe):
        progress = cli.Progress(stream, delay=0.0)
        progress.start(12)
        progress.done()
    assert "scanning 12 files" in tty.text and pipe.text == ""
    quick = Stream(True)
    progress = cli.Progress(quick, delay=60.0)
    progress.start(12)
    progress.done()
    assert quick.text == ""  # a fast scan prints nothing


# -- the documented workflows ---------------------------------------------------------------


def _yaml_blocks(markdown: str) -> list[str]:
    import re

    return re.findall(r"```yaml\n(.*?)```", markdown, re.S)


def test_readme_workflows_match_the_example_files():

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = _yaml_blocks(readme)
    examples = [
        ROOT / "examples" / "github-workflows" / "code-scanning.yml",
        ROOT / "examples" / "github-workflows" / "ci-gate.yml",
        ROOT / "examples" / "pre-commit-config.yaml",
    ]
    for example in examples:
        text = example.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        assert any(body.strip() in block for block in blocks), example.name
        yaml.safe_load(text)
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    workflow = yaml.safe_load(examples[0].read_text(encoding="utf-8"))
    (step,) = [
        s
        for s in workflow["jobs"]["infralint"]["steps"]
        if s.get("uses", "").startswith("infralint/infralint@")
    ]
    assert set(step["with"]) <= set(action["inputs"])
    assert workflow["permissions"]["security-events"] == "write"
    hooks = yaml.safe_load(examples[2].read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["id"] == "infralint"


def test_the_action_writes_sarif_and_a_job_summary(tmp_path):
    """The Action's scan step, run as the runner runs it (bash, inputs in the environment):
    the SARIF report for code scanning and the markdown summary on the job's page."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "scan"]
    repo, runner = tmp_path / "repo", tmp_path / "runner"  # the runner's files lie outside
    repo.mkdir()
    runner.mkdir()
    (repo / "db.tf").write_text(
        'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n', encoding="utf-8"
    )
    (repo / "api.Dockerfile").write_text("FROM alpine:3.20\nUSER root\n", encoding="utf-8")
    summary, output = runner / "summary.md", runner / "output.txt"
    summary.touch()
    env = {
        **os.environ,
        "INFRALINT_PATHS": ".",
        "INFRALINT_SARIF": "infralint.sarif",
        "INFRALINT_FAIL_ON": "high",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    }
    assert set(step["env"]) <= set(env)
    subprocess.run(["bash", "-c", step["run"]], cwd=repo, env=env, check=True)
    results = json.loads((repo / "infralint.sarif").read_text())["runs"][0]["results"]
    assert {"IL101", "IL1302"} <= {r["ruleId"] for r in results}
    assert "IL101" in summary.read_text() and "db.tf" in summary.read_text()
    assert "IL1302" in summary.read_text() and "api.Dockerfile" in summary.read_text()
    assert output.read_text().strip() == "exit-code=1"
