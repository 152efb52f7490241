"""Release material: one version, the container recipe (docker cannot run in the test
environment, so its text is checked), the documents a release and a CI set-up rely on.
The sdist and wheel themselves are built and checked with twine by .ci/run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from infralint import __version__
from infralint.cli import scan

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_the_version_is_written_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "infralint.__version__"}
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in changelog and f"## [{__version__}] - " in changelog


def test_dockerfile_is_slim_non_root_with_infralint_as_entrypoint():
    text = (ROOT / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert stages and all(
        image.startswith("python:") and image.endswith("-slim") for image in stages
    )
    final = text[text.rindex("\nFROM ") :]
    users = re.findall(r"^USER (\S+)", final, re.M)
    assert users and users[-1] not in ("root", "0")
    assert re.search(r'^ENTRYPOINT \["infralint"\]$', final, re.M)
    assert re.search(r"useradd .*--uid 10001 .*infralint", final)
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", text, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"COPY of a missing file: {path}"
    assert not re.search(r"^(ADD|RUN .*(curl|wget))", text, re.M)


def test_releasing_covers_tag_precommit_rev_and_action_major_tag():
    text = (ROOT / "RELEASING.md").read_text()
    for needed in (
        "git tag -a vX.Y.Z",
        "rev:",
        "@v1",
        "git tag -f v1",
        "twine check",
        "CHANGELOG.md",
    ):
        assert needed in text


def test_documented_commands_use_real_options():
    """Every ``infralint scan`` line in docs/ci.md and the README uses options that exist."""
    known = {opt for param in scan.params for opt in (*param.opts, *param.secondary_opts)}
    commands = []
    for doc in ("docs/ci.md", "README.md"):
        text = (ROOT / doc).read_text().replace("\\\n", " ")
        text = re.sub(r"\n\s+(?=--)", " ", text)  # options continued on the next lines
        commands += re.findall(r"infralint scan[^\n`#']*", text)
    assert len(commands) > 20
    used = {
        token.split("=")[0]
        for command in commands
        for token in shlex.split(command, comments=True)
        if token.startswith("-")
    }
    assert used - known == set()
    assert {"--output-format", "--statistics", "-q", "--min-severity"} <= used


def test_readme_links_the_html_screenshot_and_the_ci_guide():
    readme = (ROOT / "README.md").read_text()
    assert "(docs/report.png)" in readme and "(docs/ci.md)" in readme
    assert (ROOT / "docs" / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
