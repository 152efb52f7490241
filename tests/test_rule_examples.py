"""Each built-in rule's documentation is true: the code under ``## Example`` is flagged by the
rule, the code under ``## Use instead`` is not. Each block is written to a file named for its
language (and, for YAML, for what it is) and scanned through the real command line."""

from __future__ import annotations

import json
import re

import pytest

from infralint.engine import load_rules
from tests.conftest import infralint

_BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
# The secret rules' help shows `<the password itself>` rather than a real secret (their help is
# itself scanned wherever a report is written); the test puts a real-looking secret there.
_PLACEHOLDER = re.compile(r"<[a-z][^<>\n]*>")
_SECRET = "Xq7vR2mPz9LkT4wYb8Ns"


def _file_name(lang: str, code: str) -> str | None:
    """Where a block of ``lang`` must be written to be read as the format it shows."""
    if lang == "hcl":
        return "main.tf"
    if lang == "dockerfile":
        return "Dockerfile"
    if lang == "dotenv":
        return ".env"
    if lang in ("yaml", "json"):
        if re.search(r"^(Resources|AWSTemplateFormatVersion)\s*:|\"Resources\"", code, re.M):
            return f"template.{lang}"
        if re.search(r"^services\s*:", code, re.M):
            return "compose.yaml"
        if re.search(r"^(jobs|runs)\s*:", code, re.M):
            return ".github/workflows/ci.yml" if "jobs" in code else "action.yml"
    return None  # prose, configuration or output: not a scannable example


def _section(doc: str, title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    return match.group(1) if match else ""


def _examples():
    for rule in load_rules():
        if "infralint_rules." not in rule.source:  # the built-in rules only
            continue
        for title, flagged in (("Example", True), ("Use instead", False)):
            for n, (lang, code) in enumerate(_BLOCK.findall(_section(rule.doc, title))):
                name = _file_name(lang, code)
                if name:
                    yield pytest.param(rule.id, name, code, flagged, id=f"{rule.id}-{title}-{n}")


@pytest.mark.parametrize(("rule_id", "name", "code", "flagged"), list(_examples()))
def test_documented_example(tmp_path, rule_id, name, code, flagged):
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_PLACEHOLDER.sub(_SECRET, code))
    proc = infralint(
        "scan", tmp_path, "--select", rule_id, "--format", "json", "--no-config", "--exit-zero"
    )
    assert proc.returncode == 0, proc.stderr
    found = [f for f in json.loads(proc.stdout)["findings"] if f["rule_id"] == rule_id]
    assert bool(found) is flagged, (code, found)
