"""IAM condition operator that does not exist.

## What it does
Finds condition operators IAM does not define in any policy document (identity, resource,
trust, key policies, SCPs): `IpAddressNotEquals`, `StringEqualIgnoreCase`, `DateAfter`, ... The
documented operators are accepted with their `IfExists` suffix (except `Null`) and their
`ForAllValues:` / `ForAnyValue:` prefixes, in any letter case.

## Why is this bad?
IAM rejects a policy with an unknown operator when it is created (`MalformedPolicyDocument`), so
the deployment fails. Where a document is only validated later, the condition never matches: an
`Allow` grants nothing, and a `Deny` meant to protect something protects nothing.

## How to fix
Use one of the operators of the IAM reference ("IAM JSON policy elements: Condition
operators"); the finding suggests the closest one.

## Example
```hcl
data "aws_iam_policy_document" "office_only" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "IpAddressNotEquals"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}

resource "aws_iam_policy" "office_only" {
  policy = data.aws_iam_policy_document.office_only.json
}
```

## Use instead
```hcl
data "aws_iam_policy_document" "office_only" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "NotIpAddress"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}

resource "aws_iam_policy" "office_only" {
  policy = data.aws_iam_policy_document.office_only.json
}
```
"""

import difflib

from infralint.facts import PolicyStatement

ID = "IL1102"
NAME = "iam-invalid-condition-operator"
CATEGORY = "correctness"
SEVERITY = "medium"
FACTS = (PolicyStatement,)
FORMATS = ("terraform", "cloudformation")

OPERATORS = (
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
)
_KNOWN = {op.lower() for op in OPERATORS} | {"null"}
_SET_PREFIXES = ("forallvalues:", "foranyvalue:")


def check(ctx, stmt):
    for operator, path in stmt.operators:
        if isinstance(operator, str) and not valid(operator):
            yield ctx.finding(
                stmt.resource,
                path,
                f"{stmt.resource.address} uses the condition operator {operator!r}, which IAM "
                f"does not define{_suggestion(operator)}: IAM rejects the policy, or the "
                "condition never matches",
            )


def valid(operator: str) -> bool:
    """True for a documented operator, with its IfExists / ForAllValues / ForAnyValue forms."""
    text = operator.lower()
    for prefix in _SET_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if text.endswith("ifexists") and text != "nullifexists":
        text = text[: -len("ifexists")]
    return text in _KNOWN


# Mistakes whose nearest spelling is not what was meant.
_MEANT = {"ipaddressnotequals": "NotIpAddress", "ipaddressequals": "IpAddress", "notnull": "Null"}


def _suggestion(operator: str) -> str:
    base = operator.split(":")[-1]
    meant = _MEANT.get(base.lower())
    close = [meant] if meant else difflib.get_close_matches(base, [*OPERATORS, "Null"], 1, 0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
