"""Messaging, key and secret facts: SNS topics, SQS queues, KMS keys, Secrets Manager secrets
and their rotation, IAM access keys and CloudFormation template parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from infralint.facts import Fact
from infralint.facts.shapes import Field, Shape
from infralint.facts.values import ABSENT, Value
from infralint.model import Ref, Resource

_TF, _CFN = "terraform", "cloudformation"
_INDEX = re.compile(r"\[[^\]]*\]$")


def base_key(res: Resource) -> str:
    """The graph key of ``res`` without its ``count``/``for_each`` index (what a reference to
    it names)."""
    return f"{res.scope}::{_INDEX.sub('', res.address)}"


@dataclass(slots=True)
class Topic(Fact):
    """An SNS topic."""

    kms_key: Value = ABSENT


@dataclass(slots=True)
class Queue(Fact):
    """An SQS queue."""

    kms_key: Value = ABSENT
    sqs_managed_sse: Value = ABSENT


@dataclass(slots=True)
class KmsKey(Fact):
    """A KMS key."""

    rotation: Value = ABSENT
    spec: Value = ABSENT  # SYMMETRIC_DEFAULT, RSA_*, ECC_*, HMAC_*, SM2


@dataclass(slots=True)
class Secret(Fact):
    """A Secrets Manager secret."""

    rotation_rules: Value = ABSENT  # inline rotation (older Terraform providers)


@dataclass(slots=True)
class SecretRotation(Fact):
    """A rotation schedule of a Secrets Manager secret."""

    secret: Value = ABSENT

    @property
    def target(self) -> str:
        """The base graph key of the secret it rotates, or ``<scope>::*`` when the secret is
        not a reference to a resource of the configuration."""
        value = self.secret.value
        if isinstance(value, Ref):
            return f"{self.resource.scope}::{_INDEX.sub('', value.address)}"
        return f"{self.resource.scope}::*"


@dataclass(slots=True)
class AccessKey(Fact):
    """An IAM user's long-lived access key."""

    user: Value = ABSENT


@dataclass(slots=True)
class TemplateParameter(Fact):
    """A CloudFormation template parameter."""

    no_echo: Value = ABSENT
    type: Value = ABSENT
    allowed_values: Value = ABSENT


SHAPES = (
    Shape(
        Topic,
        types={_TF: ("aws_sns_topic",), _CFN: ("AWS::SNS::Topic",)},
        fields={
            "kms_key": Field(
                {_TF: "kms_master_key_id", _CFN: "KmsMasterKeyId"},
                reason="SNS does not encrypt a topic at rest without a KMS key",
            )
        },
    ),
    Shape(
        Queue,
        types={_TF: ("aws_sqs_queue",), _CFN: ("AWS::SQS::Queue",)},
        fields={
            "kms_key": Field({_TF: "kms_master_key_id", _CFN: "KmsMasterKeyId"}),
            "sqs_managed_sse": Field(
                {_TF: "sqs_managed_sse_enabled", _CFN: "SqsManagedSseEnabled"},
                absent=True,
                reason="SQS encrypts new queues with SSE-SQS by default",
            ),
        },
    ),
    Shape(
        KmsKey,
        types={_TF: ("aws_kms_key",), _CFN: ("AWS::KMS::Key",)},
        fields={
            "rotation": Field(
                {_TF: "enable_key_rotation", _CFN: "EnableKeyRotation"},
                absent=False,
                reason="KMS does not rotate a key unless asked",
            ),
            "spec": Field(
                {_TF: "customer_master_key_spec", _CFN: "KeySpec"},
                absent="SYMMETRIC_DEFAULT",
                reason="a key is symmetric by default",
            ),
        },
    ),
    Shape(
        Secret,
        types={_TF: ("aws_secretsmanager_secret",), _CFN: ("AWS::SecretsManager::Secret",)},
        fields={"rotation_rules": Field({_TF: "rotation_rules"})},
    ),
    Shape(
        SecretRotation,
        types={
            _TF: ("aws_secretsmanager_secret_rotation",),
            _CFN: ("AWS::SecretsManager::RotationSchedule",),
        },
        fields={"secret": Field({_TF: "secret_id", _CFN: "SecretId"})},
    ),
    Shape(
        AccessKey,
        types={_TF: ("aws_iam_access_key",), _CFN: ("AWS::IAM::AccessKey",)},
        fields={"user": Field({_TF: "user", _CFN: "UserName"})},
    ),
    Shape(
        TemplateParameter,
        types={_CFN: ("AWS::CloudFormation::Parameter",)},
        fields={
            "no_echo": Field({_CFN: "NoEcho"}, absent=False, reason="NoEcho is false by default"),
            "type": Field({_CFN: "Type"}),
            "allowed_values": Field({_CFN: "AllowedValues"}),
        },
    ),
)
