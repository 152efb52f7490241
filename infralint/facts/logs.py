"""Logging facts: CloudWatch Logs log groups."""

from __future__ import annotations

from dataclasses import dataclass

from infralint.facts import Fact
from infralint.facts.shapes import Field, Shape
from infralint.facts.values import ABSENT, Value


@dataclass(slots=True)
class LogGroup(Fact):
    """A CloudWatch Logs log group."""

    retention_days: Value = ABSENT  # 0: kept forever
    kms_key: Value = ABSENT  # the key encrypting it (None: AWS-owned encryption)


SHAPES = (
    Shape(
        LogGroup,
        types={
            "terraform": ("aws_cloudwatch_log_group",),
            "cloudformation": ("AWS::Logs::LogGroup",),
        },
        fields={
            "retention_days": Field(
                {"terraform": "retention_in_days", "cloudformation": "RetentionInDays"},
                absent=0,
                reason="without a retention, CloudWatch keeps the logs forever",
            ),
            "kms_key": Field({"terraform": "kms_key_id", "cloudformation": "KmsKeyId"}),
        },
    ),
)
