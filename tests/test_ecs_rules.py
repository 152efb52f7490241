"""The ECS pack rules through the real command line: each fixture case of ecs-container-without-
logs, ecs-secret-not-readable, ecs-environment-valuefrom and secret-in-plain-env reports exactly
the lines it marks (a near miss none), with messages that say what is wrong and what applies."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, case_id, expectations, infralint

RULES = {"logging": ("IL906",), "correctness": ("IL1104", "IL1110"), "committed-secret": ("IL308",)}
CASES = sorted(
    p
    for pattern in ("logging/*-ecs-logs-*", "correctness/*-ecs-secret-*", "*/*-plain-env-*")
    for p in FIXTURES.glob(pattern)
)


def _findings(case) -> list[dict]:
    """The findings of the case's category's ECS pack rules (a case is judged on its category)."""
    rules = ",".join(RULES[case.parent.name])
    done = infralint("scan", case, "--format", "json", "--select", rules, cwd=case)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["findings"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_each_case_through_the_command_line(case):
    found = {(f["path"], f["start_line"], f["rule_id"]) for f in _findings(case)}
    mine = RULES[case.parent.name]
    expected = {(file, line, rule) for file, line, rule in expectations(case) if rule in mine}
    assert found == expected


def test_the_messages_name_what_applies():
    messages = {
        f["rule_id"]: f["message"]
        for case in (
            FIXTURES / "logging" / "bad-ecs-logs-cloudformation",
            FIXTURES / "correctness" / "bad-ecs-secret-cloudformation",
            FIXTURES / "committed-secret" / "bad-plain-env-terraform",
        )
        for f in _findings(case)
    }
    assert "has no logConfiguration" in messages["IL906"]
    assert "discarded on Fargate" in messages["IL906"]
    assert "execution role ExecutionRole is not allowed" in messages["IL1104"]
    assert "Environment takes only Name and Value" in messages["IL1110"]
    assert "in plain text" in messages["IL308"]
