"""Committed secrets end to end: every detector through the real pipeline at its exact line, in
every kind of file; files that are secrets by name; git-ignored files; severity overrides; and
redaction in every output the command line produces.

The tokens are generated here (seeded, with valid checksums where the format has one) and only
ever written to temporary directories: no token of a real service's format is committed.
"""

from __future__ import annotations

import base64
import json
import random
import shutil
import string
import subprocess
from pathlib import Path

import pytest

from infralint.secrets.patterns import base62_crc32
from tests.conftest import FIXTURES, run
from tests.conftest import infralint as cli

RNG = random.Random(5150)
ALNUM = string.ascii_letters + string.digits
B32 = string.ascii_uppercase + "234567"
B64 = ALNUM + "+/"


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def checksummed(prefix: str) -> str:
    body = rand(ALNUM, 30)
    return prefix + body + base62_crc32(body)


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def private_key(label: str) -> str:
    body = "\n".join(rand(B64, 64) for _ in range(6))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"


S = {
    "aws_id": "AKIA" + rand(B32, 16),
    "aws_secret": rand(B64, 40),
    "aws_id_2": "AKIA" + rand(B32, 16),
    "aws_secret_2": rand(B64, 40),
    "github": checksummed("ghp_"),
    "npm": checksummed("npm_"),
    "npm_2": checksummed("npm_"),
    "stripe": "sk_live_" + rand(ALNUM, 24),
    "google": "AIza" + rand(ALNUM + "-_", 35),
    "slack": f"xoxb-{rand(string.digits, 12)}-{rand(string.digits, 13)}-{rand(ALNUM, 24)}",
    "webhook": f"https://hooks.slack.com/services/T{rand(B32, 8)}/B{rand(B32, 10)}/"
    f"{rand(ALNUM, 24)}",
    "jwt": f"{b64url({'alg': 'HS256', 'typ': 'JWT'})}."
    f"{b64url({'sub': 'svc-deployer', 'exp': 1918000000})}.{rand(ALNUM + '-_', 43)}",
    "pypi": "pypi-AgEIcHlwaS5vcmc" + rand(ALNUM + "-_", 80),
    "url_password": rand(ALNUM, 14),
    "tf_password": "Qv7" + rand(ALNUM, 13),
    "cfn_password": "Mx4" + rand(ALNUM, 13),
    "compose_password": "Lw9" + rand(ALNUM, 13),
    "dotenv_password": "Rt2" + rand(ALNUM, 13),
    "docker_secret": "Hz6" + rand(ALNUM, 15),
    "shell_token": "Kp3" + rand(ALNUM, 17),
    "ini_password": "Zn5" + rand(ALNUM, 13),
}
KEYS = {
    "rsa": private_key("RSA PRIVATE KEY"),
    "openssh": private_key("OPENSSH PRIVATE KEY"),
    "pkcs8": private_key("PRIVATE KEY"),
}

# file -> text; a line ending in "  <-- IL3xx" is where that rule must report (the marker is
# stripped before the file is written)
FILES = {
    "infra/main.tf": f'''provider "aws" {{
  region     = "eu-west-1"
  access_key = "{S["aws_id"]}"  <-- IL302
  secret_key = "{S["aws_secret"]}"  <-- IL302
}}

resource "aws_db_instance" "main" {{
  engine   = "postgres"
  password = "{S["tf_password"]}"  <-- IL301
}}

resource "aws_lambda_function" "api" {{
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  environment {{
    variables = {{
      STRIPE_KEY = "{S["stripe"]}"  <-- IL305
      MAPS_KEY   = "{S["google"]}"  <-- IL305
      DB_URL     = "postgresql://app:{S["url_password"]}@db.internal:5432/app"  <-- IL304
    }}
  }}
}}
''',
    "stack/template.yaml": f'''AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: app
      MasterUserPassword: "{S["cfn_password"]}"  <-- IL301
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          SLACK_BOT: {S["slack"]}  <-- IL305
          SESSION: {S["jwt"]}  <-- IL305
''',
    "docker-compose.yml": f'''services:
  app:
    image: shop/app:1.4.2
    environment:
      PYPI_TOKEN: {S["pypi"]}  <-- IL305
      NOTIFY_URL: {S["webhook"]}  <-- IL305
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: "{S["compose_password"]}"  <-- IL301
''',
    ".env": f"""GITHUB_TOKEN={S["github"]}  <-- IL305
DB_PASSWORD={S["dotenv_password"]}  <-- IL306
""",
    ".github/workflows/release.yml": f"""name: release
on: push
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish
        env:
          NPM_TOKEN: {S["npm"]}  <-- IL305
""",
    "Dockerfile": f"""FROM python:3.12-slim
ARG API_SECRET={S["docker_secret"]}  <-- IL311
""",
    "scripts/deploy.sh": f'''#!/bin/sh
export AWS_ACCESS_KEY_ID={S["aws_id_2"]}  <-- IL302
export AUTH_TOKEN="{S["shell_token"]}"  <-- IL306
''',
    "config/app.ini": f"""[database]
host = db.internal
password = {S["ini_password"]}  <-- IL306
""",
    "keys/server.key": KEYS["pkcs8"] + "  <-- IL303 1",
    "deploy/id_rsa": KEYS["openssh"] + "  <-- IL303 1",
    "notes/rsa.txt": "the old deploy key:\n" + KEYS["rsa"] + "  <-- IL303 2",
    ".npmrc": f"//registry.npmjs.org/:_authToken={S['npm_2']}  <-- IL305\n",
    "aws/credentials": f"""[default]
aws_access_key_id = {S["aws_id"]}  <-- IL302
aws_secret_access_key = {S["aws_secret_2"]}  <-- IL302
""",
}
BINARY = {"certs/client.p12": 1, "certs/legacy.pfx": 1, "android/release.jks": 1}


def write_tree(root: Path) -> set[tuple[str, int, str]]:
    """Write FILES (and the binary key stores) under ``root``; the expected findings."""
    expected = set()
    for name, text in FILES.items():
        lines = []
        for number, line in enumerate(text.splitlines(), 1):
            line, _, marker = line.partition("  <-- ")
            if marker:
                rule, _, at = marker.partition(" ")
                expected.add((name, int(at) if at else number, rule))
            if line or not marker:  # a marker alone on the last line marks line `at`
                lines.append(line)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n")
    for name, line in BINARY.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"0\x82\x0a\x01\x02\x01\x03\x30\x82\x00\x00" + bytes(range(256)))
        expected.add((name, line, "IL307"))
    return expected


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "repo"
    expected = write_tree(root)
    return root, expected


def secrets_of(found) -> set[tuple[str, int, str]]:
    return {(f.path, f.span.line, f.rule_id) for f in found if f.category == "committed-secret"}


def test_every_detector_at_its_exact_line(tree, rules):
    root, expected = tree
    result = run([root], rules)
    assert not [d for d in result.diagnostics if d.level == "error"], result.diagnostics
    assert secrets_of(result.findings) == expected
    severities = {f.path: str(f.severity) for f in result.findings if f.rule_id == "IL307"}
    assert severities == dict.fromkeys(BINARY, "critical")


# -- files that are secrets by name --------------------------------------------------------


def test_secret_files_fixture_cases(rules):
    case = FIXTURES / "committed-secret" / "bad-secret-files"
    result = run([case], rules)
    found = secrets_of(result.findings)
    assert ("certs/client.p12", 1, "IL307") in found
    assert ("deploy/id_rsa", 1, "IL303") in found  # the key block: one finding for the file
    assert not [f for f in result.findings if f.path == "deploy/id_rsa" and f.rule_id == "IL307"]


def test_secret_file_names_without_secrets_are_silent(tmp_path, rules):
    (tmp_path / "certs").mkdir()
    (tmp_path / "certs" / "ca.pem").write_text(
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    )
    (tmp_path / "certs" / "server.key").write_text("# generated at deploy time\n")
    (tmp_path / ".npmrc").write_text(
        "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nregistry=https://registry.npmjs.org/\n"
    )
    (tmp_path / "credentials").write_text("[default]\nregion = eu-west-1\n")
    (tmp_path / "id_rsa.pub").write_text("ssh-rsa AAAAB3NzaC1yc2E deploy@ci\n")
    assert secrets_of(run([tmp_path], rules).findings) == set()


def test_binary_key_stores_are_kept_by_name_only(tmp_path):
    from infralint.discover import discover

    (tmp_path / "client.p12").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "blob.dat").write_bytes(b"\x00\x01binary\x00")
    found = discover([str(tmp_path)])
    assert [(f.path, f.kind, f.text) for f in found.files] == [("client.p12", "binary-secret", "")]


# -- .gitignore ------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@needs_git
def test_gitignored_files_are_not_scanned(tmp_path, rules):
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    git(root, "init", "-q")
    (root / ".gitignore").write_text(".env\nsecrets/\n*.local.tfvars\n")
    (root / ".env").write_text(f"DB_PASSWORD={S['dotenv_password']}\n")
    (root / "secrets").mkdir()
    (root / "secrets" / "id_rsa").write_text(KEYS["openssh"])
    (root / "infra" / "main.tf").write_text(
        'variable "pw" {}\nresource "aws_db_instance" "db" {\n  password = var.pw\n}\n'
    )
    (root / "infra" / "dev.local.tfvars").write_text(f'pw = "{S["tf_password"]}"\n')
    (root / "tracked.env").write_text(f"API_TOKEN={S['shell_token']}\n")
    # a tracked file stays scanned even when a pattern matches it
    (root / "forced").mkdir()
    (root / "forced" / ".env").write_text(f"DB_PASSWORD={S['compose_password']}\n")
    git(root, "add", "-f", "forced/.env")

    scanned = {f.path for f in secrets_of_paths(run([root], rules))}
    assert scanned == {"tracked.env", "forced/.env"}
    everything = {f.path for f in secrets_of_paths(run([root], rules, respect_gitignore=False))}
    assert everything == {
        ".env",
        "secrets/id_rsa",
        "tracked.env",
        "forced/.env",
        "infra/dev.local.tfvars",
    }
    # a subdirectory of the checkout as the scan root
    assert secrets_of_paths(run([root / "secrets"], rules)) == []
    # a file named explicitly is scanned even when ignored
    assert [f.path for f in secrets_of_paths(run([root / ".env"], rules))] == [".env"]


def secrets_of_paths(result):
    return [f for f in result.findings if f.category == "committed-secret"]


@needs_git
def test_gitignore_from_the_command_line_and_config(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").write_text(".env\n")
    (root / ".env").write_text(f"DB_PASSWORD={S['dotenv_password']}\n")
    assert cli("scan", root).returncode == 0
    assert cli("scan", "--no-gitignore", root).returncode == 1
    (root / ".infralint.toml").write_text("respect_gitignore = false\n")
    assert cli("scan", root).returncode == 1


def test_outside_a_git_checkout_nothing_is_filtered(tmp_path, rules):
    (tmp_path / ".gitignore").write_text(".env\n")
    (tmp_path / ".env").write_text(f"DB_PASSWORD={S['dotenv_password']}\n")
    assert [f.path for f in secrets_of_paths(run([tmp_path], rules))] == [".env"]


def test_missing_git_means_no_filtering(tmp_path, monkeypatch):
    from infralint import discover

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert discover.git_ignored(str(tmp_path), [str(tmp_path / "x")]) == set()


# -- severity overrides ---------------------------------------------------------------------


def test_severity_of_secret_rules_is_configurable(tree):
    """An override replaces a rule's base severity; a finding the rule raised or lowered from
    its base keeps that step (clamped to info..critical)."""
    root, _ = tree
    levels = ["info", "low", "medium", "high", "critical"]
    rules = {r["id"]: r for r in json.loads(cli("rules", "--format", "json").stdout)}
    before = json.loads(cli("scan", "--format", "json", "--no-gitignore", root).stdout)
    (root / ".infralint.toml").write_text(
        '[severity]\nIL306 = "low"\nsecret-file = "info"\ncommitted-secret = "medium"\n'
    )
    after = json.loads(cli("scan", "--format", "json", "--no-gitignore", root).stdout)
    override = {"IL306": "low", "IL307": "info"}
    shifted = set()
    for old, new in zip(before["findings"], after["findings"], strict=True):
        rule = old["rule_id"]
        if not rule.startswith("IL3"):
            continue
        step = levels.index(old["severity"]) - levels.index(rules[rule]["severity"])
        base = levels.index(override.get(rule, "medium"))
        assert new["severity"] == levels[min(max(base + step, 0), 4)], old
        shifted.add(step != 0)
    assert shifted == {True, False}  # the tree has escalated findings, and plain ones
    assert cli("scan", "--select", "committed-secret", "--fail-on", "high", root).returncode == 0


# -- redaction in every output --------------------------------------------------------------


def all_secrets() -> list[str]:
    out = list(S.values())
    for key in KEYS.values():
        out += [line for line in key.splitlines() if "-----" not in line]
    return out


def assert_redacted(name: str, text: str) -> None:
    for secret in all_secrets():
        assert len(secret) >= 8
        assert secret[4:] not in text, f"{name} shows {secret[:4]}… beyond its first 4 chars"


def test_no_output_contains_a_secret(tree, tmp_path):
    root, expected = tree
    # a file that does not parse, with a secret on the broken line, and unknown values
    (root / "broken.tf").write_text(
        f'resource "aws_db_instance" "b" {{\n  password = "{S["tf_password"]}" "\n'
    )
    (root / "unknown.tf").write_text(
        f'resource "aws_db_instance" "u" {{\n'
        f'  password = "${{var.prefix}}{S["tf_password"]}"\n'
        f"  publicly_accessible = var.public\n}}\n"
    )
    outputs: dict[str, str] = {}
    for name, args in {
        "text": ["--no-color"],
        "text-colour": ["--color"],
        "text-unknown": ["--show-unknown", "--no-color"],
        "json": ["--format", "json"],
        "json-unknown": ["--format", "json", "--show-unknown"],
        "sarif": ["--format", "sarif"],
    }.items():
        done = cli("scan", *args, "--no-gitignore", root)
        assert done.returncode == 1, done.stderr
        outputs[name] = done.stdout
        outputs[name + "-stderr"] = done.stderr
    sarif_file = tmp_path / "out.sarif"
    done = cli("scan", "--format", "sarif", "-o", sarif_file, root)
    outputs["sarif-file"] = sarif_file.read_text(encoding="utf-8")
    outputs["sarif-file-stderr"] = done.stderr
    baseline = tmp_path / "baseline.json"
    done = cli("scan", "--write-baseline", baseline, root)
    assert done.returncode == 0
    outputs["baseline"] = baseline.read_text(encoding="utf-8")
    outputs["baseline-stderr"] = done.stderr
    done = cli("scan", "--baseline", baseline, "--format", "json", root)
    outputs["with-baseline"] = done.stdout + done.stderr

    for name, text in outputs.items():
        assert_redacted(name, text)
    # the outputs are not vacuous: every expected finding is in them
    report = json.loads(outputs["json"])
    assert expected <= {(f["path"], f["start_line"], f["rule_id"]) for f in report["findings"]}
    assert "broken.tf" in {d["path"] for d in report["diagnostics"]}
    assert "unknowns" in json.loads(outputs["json-unknown"])
    assert "| " in outputs["text"]  # source excerpts are shown (masked)
    sarif = json.loads(outputs["sarif"])
    snippets = [
        r["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text")
        for r in sarif["runs"][0]["results"]
    ]
    assert any(s and "****" in s for s in snippets)
