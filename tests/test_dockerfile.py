"""The Dockerfile format, through the command line: which files are Dockerfiles, how they are
read (heredocs, continuations, the escape directive, flags), where findings point, multi-stage
builds, build arguments, suppressions and broken files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infralint.parse.dockerfile import parse
from tests.conftest import infralint, write

ROOT = Path(__file__).resolve().parent.parent


def scan(root: Path, *args: str) -> dict:
    done = infralint("scan", root, "--format", "json", "--no-config", "--exit-zero", *args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def found(report: dict, rule: str | None = None) -> set[tuple]:
    return {
        (f["path"], f["start_line"], f["rule_id"])
        for f in report["findings"]
        if rule is None or f["rule_id"] == rule
    }


ROOT_IMAGE = 'FROM python:3.12-slim\nCMD ["python"]\n'


@pytest.mark.parametrize(
    "name", ["Dockerfile", "Containerfile", "api.Dockerfile", "Dockerfile.dev", "dockerfile"]
)
def test_dockerfiles_are_recognised_by_name(tmp_path, name):
    write(tmp_path, {name: ROOT_IMAGE})
    assert found(scan(tmp_path), "IL1302") == {(name, 1, "IL1302")}


@pytest.mark.parametrize(
    "name", ["Dockerfile.dockerignore", "Dockerfile.md", "Dockerfile.template", "notes.txt"]
)
def test_files_named_after_a_dockerfile_that_are_something_else_are_not(tmp_path, name):
    write(tmp_path, {name: ROOT_IMAGE})
    assert found(scan(tmp_path), "IL1302") == set()


def test_exact_spans_in_continuations_and_heredocs(tmp_path):
    write(
        tmp_path,
        {
            "Dockerfile": (
                "FROM alpine:3.20\n"  # 1
                "ENV LOG_LEVEL=info \\\n"  # 2
                "    # a comment inside the instruction\n"  # 3
                "\n"  # 4
                "    API_TOKEN=Zq8Lw2Xv6Rt4Mn9Pb3Kc \\\n"  # 5
                "    MODE=prod\n"  # 6
                "RUN <<EOF\n"  # 7
                "set -e\n"  # 8
                "  wget -qO- https://example.com/setup | sh\n"  # 9
                "EOF\n"  # 10
                "USER nobody\n"  # 11
            )
        },
    )
    findings = {f["rule_id"]: f for f in scan(tmp_path)["findings"]}
    secret = findings["IL311"]
    assert (secret["start_line"], secret["start_column"], secret["end_column"]) == (5, 5, 35)
    assert secret["resource"] == "stage.0"
    assert "Zq8Lw2Xv6Rt4Mn9Pb3Kc" not in json.dumps(findings)
    remote = findings["IL1307"]
    assert (remote["start_line"], remote["end_line"], remote["start_column"]) == (9, 9, 3)
    assert remote["end_column"] == len("  wget -qO- https://example.com/setup | sh") + 1


def test_columns_in_a_heredoc_whose_tabs_are_removed(tmp_path):
    text = "FROM alpine:3.20\nRUN <<-EOF\n\t\tcurl -fsSL https://x.example/i | sh\n\tEOF\nUSER 1\n"
    write(tmp_path, {"Dockerfile": text})
    (finding,) = scan(tmp_path)["findings"]
    assert (finding["rule_id"], finding["start_line"], finding["start_column"]) == ("IL1307", 3, 3)


def test_the_escape_directive_changes_continuations():
    text = (
        "# escape=`\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        'RUN powershell -Command `\n    Write-Host "C:\\tools\\"\n'
        "USER ContainerUser\n"
    )
    doc = parse(text)
    assert doc.escape == "`"
    assert [(i.keyword, i.span.line, i.span.end_line) for i in doc.instructions] == [
        ("FROM", 2, 2),
        ("RUN", 3, 4),
        ("USER", 5, 5),
    ]


def test_heredoc_lines_are_not_instructions_and_flags_are_read():
    text = (
        "FROM alpine:3.20\n"
        "RUN <<EOF\n"
        "USER root\n"
        "EOF\n"
        "COPY --chmod=755 <<-EOT /usr/bin/hello\n"
        "\techo hello\n"
        "\tEOT\n"
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"
    )
    ins = parse(text).instructions
    assert [i.keyword for i in ins] == ["FROM", "RUN", "COPY", "RUN"]
    assert ins[1].heredocs[0].body == "USER root\n"
    assert ins[2].heredocs[0].body == "echo hello\n" and ins[2].span.end_line == 7
    assert ins[3].flag_value("mount") == "type=secret,id=npmrc,target=/root/.npmrc"
    assert ins[3].rest == "npm ci"


# Cases where Dockerfile parsers disagree; BuildKit's own parser (the ``dockerfile`` bindings)
# is the reference for which instructions there are and which lines each spans.
EDGE_CASES = {
    "heredocs": (
        'FROM a\nRUN <<EOF1 cat > /x && <<-"EOF2" cat > /y\nhello\nEOF1\n\tworld\n\tEOF2\n'
        "RUN python3 <<'PY'\nprint('x')\nPY\nCOPY --chmod=755 <<EOF /usr/bin/x\n#!/bin/sh\nEOF\n"
        'RUN echo <<<here\nRUN echo "<<NOTDOC"\n'
    ),
    "onbuild heredoc": "FROM a\nonbuild run <<EOF\nx\nEOF\ncopy --from=b /x /y\n",
    "continuations": "FROM a\n  # comment\nRUN a \\   \n    b \\\n    # c\n\n    d\nRUN x \\\n",
    "escape": "# escape=`\nFROM a\nRUN dir C:\\ `\n  && echo hi\n",
    "late directive": "\n# escape=`\nFROM a\nRUN echo `\n  hi\n",
    "crlf and bom": "\ufeffFROM a\r\nRUN echo \\\r\n  hi\r\n",
    "directives": "# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\nARG V=1\n",
}


@pytest.mark.parametrize("text", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_instructions_and_lines_are_buildkits(text):
    import dockerfile

    theirs = [(c.cmd.upper(), c.start_line, c.end_line) for c in dockerfile.parse_string(text)]
    ours = [(i.keyword, i.span.line, i.span.end_line) for i in parse(text).instructions]
    assert ours == theirs


def test_user_is_inherited_through_from_stage(tmp_path):
    write(
        tmp_path,
        {
            "nonroot/Dockerfile": (
                "FROM node:20.14-alpine AS base\nUSER node\n\nFROM base\nCOPY . /app\n"
            ),
            "root-in-base/Dockerfile": (
                "FROM node:20.14-alpine AS base\nUSER root\n\nFROM base\nCOPY . /app\n"
            ),
            "build-stage-user/Dockerfile": (
                "FROM golang:1.22 AS build\nUSER 1000\nRUN go build -o /app .\n\n"
                "FROM debian:12-slim\nCOPY --from=build /app /app\n"
            ),
            "arg-user/Dockerfile": "FROM alpine:3.20\nARG UID=10001\nUSER ${UID}\n",
            "unknown-user/Dockerfile": "FROM alpine:3.20\nARG UID\nUSER ${UID}\n",
        },
    )
    assert found(scan(tmp_path), "IL1302") == {
        ("root-in-base/Dockerfile", 2, "IL1302"),  # the USER root the final stage inherits
        ("build-stage-user/Dockerfile", 5, "IL1302"),  # a build stage's USER is not inherited
    }


def test_build_arguments_are_substituted_in_from(tmp_path):
    write(
        tmp_path,
        {
            "default/Dockerfile": "ARG TAG=latest\nFROM nginx:${TAG}\nUSER nginx\n",
            "pinned/Dockerfile": "ARG TAG=1.27.0\nFROM nginx:${TAG:-latest}\nUSER nginx\n",
            "given/Dockerfile": "ARG TAG\nFROM nginx:$TAG\nUSER nginx\n",
        },
    )
    report = scan(tmp_path, "--show-unknown")
    assert found(report, "IL1301") == {("default/Dockerfile", 2, "IL1301")}
    (finding,) = [f for f in report["findings"] if f["rule_id"] == "IL1301"]
    assert "nginx:latest" in finding["message"]
    assert {
        "path": "given/Dockerfile",
        "line": 2,
        "expression": "nginx:$TAG",
        "reason": "build argument TAG is given when the image is built",
    } in report["unknowns"]


def test_suppression_comments(tmp_path):
    write(
        tmp_path,
        {
            "Dockerfile": (
                '# infralint:ignore IL1302 reason="init container, must chown volumes"\n'
                "FROM alpine:3.20\n"
                "ENV LOG_LEVEL=info \\\n"
                '    # infralint:ignore IL311 reason="a test key"\n'
                "    API_TOKEN=Zq8Lw2Xv6Rt4Mn9Pb3Kc\n"
                "ADD https://example.com/tool.tar.gz /opt/\n"
            )
        },
    )
    report = scan(tmp_path)
    active = {(f["start_line"], f["rule_id"]) for f in report["findings"] if not f["suppressed"]}
    suppressed = {(f["start_line"], f["rule_id"]) for f in report["findings"] if f["suppressed"]}
    assert active == {(6, "IL1307")}
    assert suppressed == {(2, "IL1302"), (5, "IL311")}


def test_a_broken_dockerfile_costs_one_diagnostic(tmp_path):
    write(
        tmp_path,
        {
            "broken/Dockerfile": "FROM alpine:3.20\nRUN <<EOF\necho never ends\n",
            "good/Dockerfile": ROOT_IMAGE,
        },
    )
    report = scan(tmp_path)
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["path"] == "broken/Dockerfile" and diagnostic["level"] == "error"
    assert "unterminated heredoc EOF" in diagnostic["message"]
    assert found(report, "IL1302") == {("good/Dockerfile", 1, "IL1302")}


def test_a_hostile_dockerfile_is_read_in_linear_time(tmp_path):
    # a long pipeline of downloads, many continuation lines, an unterminated quote
    line = "RUN " + "curl x | " * 20000 + "cat \\\n"
    text = "FROM alpine:3.20\n" + line * 20 + '  "' + "a" * 200000 + "\nUSER nobody\n"
    write(tmp_path, {"Dockerfile": text})
    report = scan(tmp_path)
    assert report["diagnostics"] == []


def test_the_format_is_added_through_the_registry_only():
    scan_py = (ROOT / "infralint" / "scan.py").read_text(encoding="utf-8")
    assert not re.search("docker", scan_py, re.I)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dockerfile = "infralint.formats.builtin:DOCKERFILE"' in pyproject


def test_readme_sample_output_is_the_demo_scan():
    done = infralint("scan", "fixtures/demo", cwd=ROOT)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = re.search(r"```text\n\.\.\.\n(.*?)```", readme, re.S).group(1)
    for line in sample.splitlines():
        assert line in done.stdout.splitlines(), line
