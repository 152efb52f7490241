"""Safety: scanned files are data. YAML is read with safe loaders only, nothing is executed,
imported or fetched, no network is touched during a scan, and the output is deterministic."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, run

APPLY = "!!python/object/apply:os.system"


def test_yaml_tags_are_never_constructed(tmp_path, rules):
    marker = tmp_path / "executed"
    command = f"touch {marker}"
    (tmp_path / "docker-compose.yml").write_text(
        f"services:\n  app:\n    image: nginx\n    command: {APPLY} [{command!r}]\n"
        f"x-extra: !!python/object/new:os.system [{command!r}]\n"
    )
    (tmp_path / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        f"Metadata: {APPLY} [{command!r}]\n"
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
        f"    Properties:\n      BucketName: !!python/name:os.system\n"
        f"      Tags: {APPLY}\n        - {command!r}\n"
    )
    result = run([tmp_path], rules)
    assert not marker.exists()
    assert not [d for d in result.diagnostics if d.internal]
    assert {r.address for r in result.graph.resources.values()} >= {"services.app", "B"}


def test_nothing_in_the_scanned_tree_is_imported_or_run(tmp_path, rules):
    marker = tmp_path / "imported"
    payload = f"open({str(marker)!r}, 'w').close()\n"
    for name in ("conftest.py", "sitecustomize.py", "infralint_rules.py", "setup.py"):
        (tmp_path / name).write_text(payload)
    (tmp_path / "plugin").mkdir()
    (tmp_path / "plugin" / "__init__.py").write_text(payload)
    (tmp_path / "main.tf").write_text(
        'data "external" "x" {\n  program = ["python3", "-c", "' + payload.strip() + '"]\n}\n'
        'module "remote" {\n  source = "git::https://example.com/evil.git"\n}\n'
    )
    run([tmp_path], rules)
    assert not marker.exists()


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during a scan")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_a_scan_never_touches_the_network(tmp_path, rules, no_network):
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    (tmp_path / "demo" / "remote.tf").write_text(
        'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n'
        'module "git" {\n  source = "git::https://example.com/m.git?ref=v1"\n}\n'
        'data "http" "ip" {\n  url = "https://example.com/ip"\n}\n'
        'resource "aws_s3_bucket" "b" {\n  bucket = file("https://example.com/x")\n}\n'
    )
    (tmp_path / "demo" / "include.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\n"
        "Transform:\n  Name: AWS::Include\n  Parameters:\n"
        "    Location: https://example.com/snippet.yaml\n"
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"
        "    Properties:\n      TemplateURL: https://example.com/t.yaml\n"
    )
    result = run([tmp_path / "demo"], rules)
    assert no_network == []
    assert len(result.findings) >= 9  # the demo's planted mistakes are all still reported
    assert not [d for d in result.diagnostics if d.internal]


def _cli(*args) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "infralint", "scan", *map(str, args)],
        capture_output=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _copy(source, target, reverse: bool) -> None:
    """Copy a tree file by file, in sorted or reverse order (directory order differs)."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_output_is_deterministic(tmp_path, fmt):
    first, second = tmp_path / "a" / "infra", tmp_path / "b" / "infra"
    sources = [FIXTURES / "demo", FIXTURES / "committed-secret", FIXTURES / "wildcard-iam"]
    for source in sources:
        _copy(source, first / source.name, reverse=False)
        _copy(source, second / source.name, reverse=True)
    once = _cli("--format", fmt, first)
    assert once == _cli("--format", fmt, first)
    other = _cli("--format", fmt, second)
    for root in (first, second):
        for text in (root.as_uri(), str(root)):
            once, other = (out.replace(text.encode(), b"ROOT") for out in (once, other))
    assert once == other


@pytest.mark.parametrize(
    "text, line",
    [
        ("Resources:\n  A:\n    Tags: " + "[" * 5000 + "1" + "]" * 5000 + "\n", 3),
        ("Resources:\n  A:\n    Tags: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", 3),
        ("Resources:\n  A:\n    Tags:\n" + "      " + "- " * 5000 + "x\n", 4),
        ("a:\n  b: [\n" + "[\n" * 300 + "]\n" * 300 + "]\n", 202),
    ],
)
def test_yaml_nesting_limit_is_infralints_own(text, line):
    """The limit fires before libyaml's own (whose wording changes between releases), with the
    line where the nesting passes it."""
    from infralint.parse import ParseError, yaml_doc

    with pytest.raises(ParseError) as err:
        yaml_doc.load(text, max_depth=200)
    assert err.value.message == "YAML nested deeper than 200 levels"
    assert err.value.line == line


@pytest.mark.parametrize(
    "text",
    [
        "a: '" + "[" * 500 + "'\n",  # in a quoted string
        'a: "' + "{" * 500 + '\\""\n',
        "a: x" + "[" * 500 + "\n",  # inside a plain scalar
        "# " + "[" * 500 + "\nb: 1\n",  # in a comment
    ],
)
def test_brackets_that_do_not_nest_are_not_counted(text):
    from infralint.parse import yaml_doc

    yaml_doc.load(text, max_depth=200)
