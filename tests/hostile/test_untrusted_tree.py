"""The scanned tree is untrusted: what it may not make infralint read, and how it may not hide
a finding. Each case builds the hostile input, runs the real CLI, checks the attack fails and
that a known-bad file elsewhere in the same scan is still reported."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner

from infralint.cli import main
from tests.hostile.generate import PUBLIC_DB

SECRET = "Zq8vN3xT5mK2pL9wR4sB7yC1"  # lives outside the scanned tree


def scan(root, *args, env=None):
    """(exit code, JSON report, everything printed) of ``infralint scan root``."""
    runner = CliRunner()
    done = runner.invoke(
        main,
        ["scan", str(root), "--format", "json", *map(str, args)]
        + ([] if "--cache-dir" in args else ["--no-cache"]),
        env=env,
        catch_exceptions=False,
    )
    out = done.stdout
    return done.exit_code, json.loads(out), out + done.stderr


def tree(tmp_path, files: dict[str, str]):
    """A scan root holding ``files`` and the known-bad ``main.tf``; the secret lives next to
    it, outside."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "main.tf").write_text(PUBLIC_DB)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / "outside.env").write_text(f"ANY_VAR={SECRET}\nDB_PORT=5432\n")
    return root


def found(report) -> set[tuple[str, int, str]]:
    return {(f["path"], f["start_line"], f["rule_id"]) for f in report["findings"]}


def diagnostics(report) -> dict[str, str]:
    """The diagnostics' messages by path (several joined with " | ")."""
    out: dict[str, str] = {}
    for d in report["diagnostics"]:
        out[d["path"]] = f"{out[d['path']]} | {d['message']}" if d["path"] in out else d["message"]
    return out


POSTGRES = (
    "services:\n  db:\n    image: postgres:16\n    environment:\n      PGDATA: '${ANY_VAR}'\n"
)


def test_env_symlink_leaving_the_root_is_not_followed(tmp_path):
    root = tree(tmp_path, {"app/compose.yaml": POSTGRES})
    os.symlink(tmp_path / "outside.env", root / "app" / ".env")
    code, report, printed = scan(root)
    assert SECRET not in printed
    assert "symbolic link leading outside" in diagnostics(report)["app/.env"]
    assert ("main.tf", 2, "IL101") in found(report)
    assert code == 1


@pytest.mark.parametrize(
    "service",
    [
        "    env_file: ../../outside.env\n",
        "    env_file: ../.git/config\n",
        "    extends:\n      file: ../../outside.yaml\n      service: base\n",
    ],
    ids=["env_file", "git-config", "extends"],
)
def test_compose_references_cannot_leave_the_root_or_read_git(tmp_path, service):
    root = tree(
        tmp_path,
        {
            "app/compose.yaml": POSTGRES + service,
            ".git/config": f'[http]\n  extraheader = "AUTHORIZATION: basic {SECRET}"\n',
        },
    )
    (tmp_path / "outside.yaml").write_text(
        f"services:\n  base:\n    image: postgres\n    environment:\n      PGDATA: {SECRET}\n"
    )
    code, report, printed = scan(root)
    assert SECRET not in printed
    assert any("not read:" in m for m in diagnostics(report).values()) or any(
        "skipped:" in m for m in diagnostics(report).values()
    )
    assert ("main.tf", 2, "IL101") in found(report)


def test_include_outside_the_root_is_not_read(tmp_path):
    root = tree(tmp_path, {"compose.yaml": "include:\n  - ../outside.yaml\n" + POSTGRES[0:0]})
    (tmp_path / "outside.yaml").write_text(
        f"services:\n  base:\n    image: postgres\n    ports: ['5432:5432']\n"
        f"    environment:\n      PGDATA: {SECRET}\n"
    )
    code, report, printed = scan(root)
    assert SECRET not in printed
    assert "outside the scan root" in diagnostics(report)["../outside.yaml"]
    assert ("main.tf", 2, "IL101") in found(report)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_env_fifo_does_not_hang(tmp_path):
    root = tree(tmp_path, {"compose.yaml": POSTGRES})
    os.mkfifo(root / ".env")
    started = time.monotonic()
    code, report, _ = scan(root)
    assert time.monotonic() - started < 30
    assert "not a regular file" in diagnostics(report)[".env"]
    assert ("main.tf", 2, "IL101") in found(report)


def test_var_file_outside_the_repository_is_refused(tmp_path):
    root = tree(tmp_path, {})
    secret_vars = tmp_path / "outside.tfvars"
    secret_vars.write_text(f'password = "{SECRET}"\n')
    code, report, printed = scan(root, "--var-file", secret_vars)
    assert SECRET not in printed
    assert "outside the scan root" in diagnostics(report)[str(secret_vars)]
    assert ("main.tf", 2, "IL101") in found(report)


def test_module_file_symlinked_outside_is_not_read(tmp_path):
    root = tree(
        tmp_path,
        {
            "env/main.tf": 'module "m" {\n  source = "../modules/m"\n}\n',
            "modules/m/ok.tf": 'variable "x" {\n  default = 1\n}\n',
        },
    )
    (tmp_path / "evil.tf").write_text(f'locals {{\n  x = "{SECRET}" +\n}}\n')
    os.symlink(tmp_path / "evil.tf", root / "modules" / "m" / "evil.tf")
    code, report, printed = scan(root)
    assert SECRET not in printed
    assert "symbolic link leading outside" in diagnostics(report)["modules/m/evil.tf"]
    assert ("main.tf", 2, "IL101") in found(report)


def test_large_env_file_is_read_whole_not_truncated(tmp_path):
    padding = "".join(f"PAD_{i}={'x' * 90}\n" for i in range(12_000))  # about 1.1 MB
    root = tree(
        tmp_path,
        {
            "app/compose.yaml": "services:\n  db:\n    image: postgres:16\n"
            "    ports:\n      - '${BIND}:5432:5432'\n",
            "app/.env": padding + "BIND=0.0.0.0\n",
        },
    )
    code, report, _ = scan(root)
    assert ("app/compose.yaml", 5, "IL101") in found(report)
    assert ("main.tf", 2, "IL101") in found(report)


def test_env_file_over_the_size_limit_is_a_diagnostic(tmp_path):
    root = tree(
        tmp_path,
        {
            ".infralint.toml": "max_file_bytes = 2000\n",
            "app/compose.yaml": "services:\n  db:\n    image: postgres:16\n"
            "    ports:\n      - '${BIND}:5432:5432'\n",
            "app/.env": "#" * 3000 + "\nBIND=0.0.0.0\n",
        },
    )
    code, report, _ = scan(root)
    assert (
        "not read: 3,014 bytes is more than the 2,000-byte limit; the variables it sets are unknown"
    )
    assert ("main.tf", 2, "IL101") in found(report)


@pytest.mark.parametrize(
    "port",
    ["[::0]:5432:5432", "[0:0:0:0:0:0:0:0]:5432:5432", "${A:-${B:-0.0.0.0}}:5432:5432"],
    ids=["short-ipv6", "long-ipv6", "nested-default"],
)
def test_compose_all_interfaces_in_any_spelling(tmp_path, port):
    root = tree(
        tmp_path,
        {
            "compose.yaml": "services:\n  db:\n    image: postgres:16\n    ports:\n"
            f"      - '{port}'\n"
        },
    )
    code, report, _ = scan(root)
    assert ("compose.yaml", 5, "IL101") in found(report)
    assert ("main.tf", 2, "IL101") in found(report)


def test_nested_default_port(tmp_path):
    root = tree(
        tmp_path,
        {
            "compose.yaml": "services:\n  db:\n    image: postgres:16\n    ports:\n"
            "      - '${HOST_PORT:-${PG_PORT:-5432}}:5432'\n"
        },
    )
    code, report, _ = scan(root)
    assert ("compose.yaml", 5, "IL101") in found(report)


def test_deeply_nested_interpolation_is_linear(tmp_path):
    nested = "${A:-" * 20 + "5432" + "}" * 20
    hostile = "${A:-" * 50_000 + "5432" + "}" * 50_000 + "${B:-" * 50_000
    root = tree(
        tmp_path,
        {
            "compose.yaml": "services:\n  db:\n    image: postgres:16\n    ports:\n"
            f"      - '{nested}:5432'\n      - '{hostile}'\n"
        },
    )
    started = time.monotonic()
    code, report, _ = scan(root)
    assert time.monotonic() - started < 20
    assert ("compose.yaml", 5, "IL101") in found(report)
    assert ("main.tf", 2, "IL101") in found(report)


CFN_BOOL = """AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  MakePublic:
    Type: String
    Default: true
Conditions:
  Public: !Equals [!Ref MakePublic, "true"]
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Condition: Public
    Properties:
      Engine: postgres
      PubliclyAccessible: true
"""


def test_cloudformation_boolean_default_compares_as_a_string(tmp_path):
    root = tree(tmp_path, {"db.yaml": CFN_BOOL})
    code, report, _ = scan(root)
    assert ("db.yaml", 14, "IL101") in found(report)
    assert ("main.tf", 2, "IL101") in found(report)


def test_cloudformation_after_a_large_prefix_is_classified(tmp_path):
    mappings = "".join(f"    k{i}: {{v: '{'x' * 40}'}}\n" for i in range(5_000))
    text = "Mappings:\n  Big:\n" + mappings + CFN_BOOL.replace("Conditions:", "Conditions:", 1)
    assert text.index("Resources") > 200_000
    root = tree(tmp_path, {"db.yaml": text})
    code, report, _ = scan(root)
    line = text[: text.index("PubliclyAccessible")].count("\n") + 1
    assert ("db.yaml", line, "IL101") in found(report)


def test_compose_by_content_after_a_large_prefix(tmp_path):
    text = "x-pad: |\n" + "  padding\n" * 25_000
    text += "services:\n  db:\n    image: postgres:16\n    ports:\n      - '5432:5432'\n"
    assert len(text) > 200_000
    root = tree(tmp_path, {"stack.yml": text})
    code, report, _ = scan(root)
    assert ("stack.yml", text.count("\n"), "IL101") in found(report)


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\x0c", "\u2029"])
def test_invisible_line_breaks_cannot_move_a_suppression(tmp_path, char):
    hcl = (
        f"# note{char}more\n"
        'resource "aws_db_instance" "a" {\n'
        '  engine = "postgres" # infralint:ignore IL101 reason="not this line"\n'
        "  publicly_accessible = true\n"
        "}\n"
    )
    yaml = (
        f"# note{char}more\n"
        "services:\n  db:\n    image: postgres:16 # infralint:ignore IL101 reason='no'\n"
        "    ports:\n      - '5432:5432'\n"
    )
    root = tree(tmp_path, {"db/main.tf": hcl, "compose.yaml": yaml})
    code, report, _ = scan(root)
    assert ("db/main.tf", 4, "IL101") in found(report)
    if char == "\x0c":  # not allowed in YAML at all: an error, not a silent pass
        assert "control characters are not allowed" in diagnostics(report)["compose.yaml"]
    else:
        assert ("compose.yaml", 6, "IL101") in found(report)
    assert ("main.tf", 2, "IL101") in found(report)


def test_invalid_utf8_is_scanned_with_a_diagnostic(tmp_path):
    root = tree(tmp_path, {})
    (root / "db").mkdir()
    (root / "db" / "main.tf").write_bytes(b"# caf\xe9 au lait\n" + PUBLIC_DB.encode())
    code, report, _ = scan(root)
    assert ("db/main.tf", 3, "IL101") in found(report)
    assert "not valid UTF-8" in diagnostics(report)["db/main.tf"]
    assert ("main.tf", 2, "IL101") in found(report)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_never_runs_the_checkouts_fsmonitor_or_hooks(tmp_path):
    root = tree(tmp_path, {".gitignore": "ignored.tf\n", "ignored.tf": PUBLIC_DB})
    marker = tmp_path / "executed"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("post-index-change", "fsmonitor-watchman", "reference-transaction"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {marker}\n")
        (hooks / name).chmod(0o755)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for key, value in (("core.fsmonitor", f"touch {marker}; false"), ("core.hooksPath", hooks)):
        subprocess.run(["git", "-C", str(root), "config", key, str(value)], check=True)
    code, report, _ = scan(root)
    assert not marker.exists()
    assert ("main.tf", 2, "IL101") in found(report)
    assert "ignored.tf" not in {f["path"] for f in report["findings"]}  # git still asked


def test_classified_on_the_parsed_document_not_on_patterns(tmp_path):
    template = (
        "Resources:\n  Db:\n    Type: >-\n      AWS::RDS::DBInstance\n    Properties:\n"
        "      Engine: postgres\n      PubliclyAccessible: true\n"
    )
    flow_compose = '{services: {db: {image: "postgres:16", ports: ["5432:5432"]}}}\n'
    root = tree(tmp_path, {"db.yaml": template, "stack.yml": flow_compose})
    code, report, _ = scan(root)
    assert {("db.yaml", 7, "IL101"), ("stack.yml", 1, "IL101")} <= found(report)
    assert ("main.tf", 2, "IL101") in found(report)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_module_manifest_fifo_does_not_hang(tmp_path):
    root = tree(tmp_path, {"env/main.tf": 'module "db" {\n  source = "registry/db/aws"\n}\n'})
    (root / "env" / ".terraform" / "modules").mkdir(parents=True)
    os.mkfifo(root / "env" / ".terraform" / "modules" / "modules.json")
    started = time.monotonic()
    code, report, _ = scan(root)
    assert time.monotonic() - started < 30
    assert ("main.tf", 2, "IL101") in found(report)
