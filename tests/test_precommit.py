"""The pre-commit hook as users install it: real ``pre-commit try-repo`` against this
checkout, in a throw-away git repository.

try-repo installs the hook from a commit of this repository. The test passes
``git stash create`` (a commit of the tracked files' uncommitted changes, made without touching
the working tree) or ``HEAD``: files that are not tracked yet are not part of the hook. The
first run builds the hook's virtual environment (pip installs this project, ~20-60 s); the
others reuse it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"

pytestmark = [
    pytest.mark.skipif(
        shutil.which("git") is None or importlib.util.find_spec("pre_commit") is None,
        reason="needs git and pre-commit (pip install -e '.[test]')",
    ),
    pytest.mark.slow,
]

GOOD_DB = (
    'resource "aws_db_instance" "private" {\n'
    "  publicly_accessible       = false\n"
    "  storage_encrypted         = true\n"
    "  deletion_protection       = true\n"
    "  backup_retention_period   = 7\n"
    '  final_snapshot_identifier = "private-final"\n'
    "}\n"
)
BAD_DB = 'resource "aws_db_instance" "public" {\n  publicly_accessible = true\n}\n'
CFN = (
    'AWSTemplateFormatVersion: "2010-09-09"\n'
    "Resources:\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "    Properties:\n"
    "      Engine: postgres\n"
    "      PubliclyAccessible: true\n"
)
COMPOSE = 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n'
DOTENV = "DB_PASSWORD=Rq8Zm3Xv7Lw2Tk9\n"


def hook_definition() -> dict:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return hook


def test_hook_definition_uses_tags_identify_knows(tmp_path):
    from identify import identify

    hook = hook_definition()
    assert hook["id"] == "infralint" and hook["entry"] == "infralint scan"
    assert hook["language"] == "python"
    types = set(hook["types_or"])
    assert types <= identify.ALL_TAGS, types - identify.ALL_TAGS
    files = {
        "main.tf": GOOD_DB,
        "prod.tfvars": 'region = "eu-west-1"\n',
        "template.yaml": CFN,
        "stack.json": '{"Resources": {}}\n',
        "docker-compose.yml": COMPOSE,
        ".env": DOTENV,
        ".env.production": DOTENV,
        "app.env": DOTENV,
        "Dockerfile": "FROM python:3.12\n",
        "Containerfile": "FROM python:3.12\n",
        "api.Dockerfile": "FROM python:3.12\n",
        "Dockerfile.dev": "FROM python:3.12\n",
        "deploy.sh": "#!/bin/sh\necho hi\n",
        ".npmrc": "registry=https://registry.npmjs.org/\n",
        "credentials": "[default]\nregion = eu-west-1\n",
        "id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n",
        "server.key": "-----BEGIN PRIVATE KEY-----\n",
        "terraform.tfstate": "{}\n",
        ".github/workflows/ci.yml": "on: push\n",
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        assert identify.tags_from_path(str(path)) & types, name
    (tmp_path / "client.p12").write_bytes(b"0\x82\x00\x01\x00\x00binary")
    assert identify.tags_from_path(str(tmp_path / "client.p12")) & types


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    """Run ``pre-commit try-repo <this checkout> infralint ARGS`` in a repository."""
    if (
        subprocess.run(["git", "rev-parse", "--git-dir"], cwd=ROOT, capture_output=True).returncode
        != 0
    ):
        pytest.skip("the project is not a git checkout")
    snapshot = subprocess.run(
        ["git", "stash", "create"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    ref = (
        snapshot
        or subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))

    def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(ROOT),
                "infralint",
                "--ref",
                ref,
                "--color",
                "never",
                *args,
            ],
            cwd=repo,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    return run


def commit(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "-m",
            "files",
        ],
        cwd=repo,
        check=True,
    )


def test_pre_commit_try_repo_fails_on_bad_files_and_passes_good_ones(tmp_path, try_repo):
    repo = tmp_path / "project"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit(repo, {"infra/good.tf": GOOD_DB, "README.md": "# project\n"})

    good = try_repo(repo, "--all-files")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    commit(
        repo,
        {
            "legacy/bad.tf": BAD_DB,
            "stack/template.yaml": CFN,
            "docker-compose.yml": COMPOSE,
            ".env": DOTENV,
        },
    )
    bad = try_repo(repo, "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    for where in (
        "legacy/bad.tf:2:3: IL101",
        "stack/template.yaml:7",
        "docker-compose.yml:5",
        ".env:1",
    ):
        assert where in bad.stdout, where
    assert "Rq8Zm3Xv7Lw2Tk9" not in bad.stdout  # redacted in the hook's output too

    # a passed .tf file brings its module directory along, not other directories
    only_good = try_repo(repo, "--files", "infra/good.tf")
    assert only_good.returncode == 0, only_good.stdout + only_good.stderr
    only_bad = try_repo(repo, "--files", "legacy/bad.tf")
    assert only_bad.returncode == 1 and "infra/good.tf" not in only_bad.stdout


def test_pre_commit_resolves_variables_from_sibling_files(tmp_path, try_repo):
    """Only main.tf is passed; the default that makes it bad lives in variables.tf."""
    repo = tmp_path / "project"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit(
        repo,
        {
            "infra/main.tf": 'resource "aws_db_instance" "main" {\n'
            "  publicly_accessible = var.public\n}\n",
            "infra/variables.tf": 'variable "public" {\n  default = true\n}\n',
        },
    )
    done = try_repo(repo, "--files", "infra/main.tf")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "infra/main.tf:2:3: IL101" in done.stdout
    assert "infra/variables.tf:2" in done.stdout  # where the value came from


def test_a_clean_file_is_not_blocked_by_a_committed_sibling(tmp_path, try_repo):
    """s3.tf is clean; db.tf next to it was committed with a finding long ago."""
    repo = tmp_path / "project"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    commit(repo, {"infra/db.tf": BAD_DB})
    commit(repo, {"infra/s3.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n'})
    clean = try_repo(repo, "--files", "infra/s3.tf")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = try_repo(repo, "--files", "infra/db.tf")
    assert bad.returncode == 1 and "infra/db.tf:2:3: IL101" in bad.stdout
