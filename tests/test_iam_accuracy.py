"""The wildcard-iam and policy correctness cases of issue #14/#15 through the real command line:
each case's findings of its category's rules (and of any rule it marks) are exactly the ones it
marks, with the severity the rule gives them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, expectations, infralint

CASES = [
    # #14 false positives 1, 4, 5, 6 and 7
    "wildcard-iam/good-cfn-yaml-ssm-agent-and-delegation",
    "wildcard-iam/good-tf-ssm-agent-and-delegation",
    "wildcard-iam/bad-cfn-yaml-near-delegation",
    "wildcard-iam/bad-tf-near-delegation",
    "wildcard-iam/good-tf-kms-policy-to-module",
    "wildcard-iam/bad-tf-kms-policy-to-module",
    "wildcard-iam/good-tf-optional-not-actions",
    "wildcard-iam/bad-tf-optional-not-actions",
    "wildcard-iam/good-tf-unknown-short-circuit",
    # #14 missed 1 and #15 additions
    "wildcard-iam/bad-tf-wildcard-resource",
    "wildcard-iam/good-tf-wildcard-resource",
    "wildcard-iam/bad-cfn-yaml-wildcard-resource",
    "wildcard-iam/good-cfn-yaml-wildcard-resource",
    "wildcard-iam/bad-tf-broad-managed-policy",
    "wildcard-iam/good-tf-broad-managed-policy",
    "wildcard-iam/bad-cfn-yaml-broad-managed-policy",
    "wildcard-iam/good-cfn-yaml-broad-managed-policy",
    "correctness/bad-tf-iam-condition-operator",
    "correctness/good-tf-iam-condition-operator",
    "correctness/bad-cfn-yaml-iam-condition-operator",
    "correctness/good-cfn-yaml-iam-condition-operator",
    "correctness/bad-tf-policy-resource-not-arn",
    "correctness/good-tf-policy-resource-not-arn",
    "correctness/bad-cfn-yaml-policy-resource-not-arn",
    "correctness/good-cfn-yaml-policy-resource-not-arn",
]


@pytest.fixture(scope="module")
def findings() -> dict[str, list[dict]]:
    """Every case scanned by one run of the command line, findings grouped by case."""
    run = infralint("scan", *CASES, "--format", "json", "--exit-zero", "--no-config", cwd=FIXTURES)
    assert run.returncode == 0, run.stderr
    out: dict[str, list[dict]] = {case: [] for case in CASES}
    for f in json.loads(run.stdout)["findings"]:
        case = next(c for c in CASES if f["path"].startswith(c + "/"))
        out[case].append({**f, "path": f["path"][len(case) + 1 :]})
    return out


@pytest.mark.parametrize("case", CASES)
def test_case_through_the_command_line(case, findings):
    expected = expectations(FIXTURES / case)
    category = case.split("/")[0]
    marked = {rule for _file, _line, rule in expected}
    found = {
        (f["path"], f["start_line"], f["rule_id"])
        for f in findings[case]
        if f["category"] == category or f["rule_id"] in marked
    }
    assert found == expected


def test_severities(findings):
    def severities(case):
        return {(f["start_line"], f["rule_id"]): f["severity"] for f in findings[case]}

    assert severities("wildcard-iam/bad-tf-wildcard-resource") == {
        (9, "IL504"): "high",  # secretsmanager:GetSecretValue, iam:PassRole
        (14, "IL504"): "medium",  # sns:Publish, sqs:SendMessage
        (23, "IL504"): "high",  # s3:Get* covers s3:GetObject
    }
    broad = severities("wildcard-iam/bad-tf-broad-managed-policy")
    assert broad == {(8, "IL505"): "high", (15, "IL505"): "medium", (20, "IL505"): "high"}


def test_messages_say_what_to_do(findings):
    case = findings["correctness/bad-tf-iam-condition-operator"]
    (finding,) = [f for f in case if f["start_line"] == 7]
    assert "did you mean 'NotIpAddress'?" in finding["message"]
