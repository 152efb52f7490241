"""S3 facts: buckets, their access control and the settings Terraform may write in separate
``aws_s3_bucket_*`` resources.

A bucket's versioning, default encryption, lifecycle and access logging are written either in
the bucket itself (CloudFormation; Terraform's legacy inline blocks) or, since version 4 of the
AWS provider, in resources of their own that name the bucket (``BucketSetting``). Rules join
the two on ``Bucket.keys`` / ``BucketSetting.target`` (see ``infralint.facts.links``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from infralint.facts import Fact
from infralint.facts.links import Link, key_of, name_key, naming, target
from infralint.facts.shapes import Field, Shape, setting
from infralint.facts.values import ABSENT, Value
from infralint.model import Resource


@dataclass(slots=True)
class Bucket(Fact):
    """An S3 bucket and the settings written in it (inline)."""

    tags: Value = ABSENT  # a mapping of tag key to value
    name: Value = ABSENT  # the bucket name as written
    versioning: Value = ABSENT  # "Enabled" / "Suspended" (legacy inline ``enabled``: a bool)
    encryption: Value = ABSENT  # the default encryption configuration, None when not written
    lifecycle: Value = ABSENT  # the lifecycle rules, None when not written
    object_lock: Value = ABSENT  # Object Lock enabled (S3 then versions the bucket itself)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key a setting or a log source may name this bucket by."""
        names = [v for v in self.name.possible() if isinstance(v, str)]
        return (key_of(self.resource), *(name_key(self.resource, n) for n in names))


@dataclass(slots=True)
class BucketSetting(Link):
    """A setting of a bucket written in a resource of its own (``aws_s3_bucket_versioning``,
    ``…_server_side_encryption_configuration``, ``…_lifecycle_configuration``); ``target``
    is the bucket's key."""

    status: Value = ABSENT  # versioning status

    @property
    def kind(self) -> str:
        return _SETTING_KINDS[self.resource.type]


@dataclass(slots=True)
class BucketAcl(Fact):
    """A canned ACL given to a bucket (``aws_s3_bucket_acl``, legacy ``acl``, ``AccessControl``)."""

    acl: Value = ABSENT


@dataclass(slots=True)
class PublicAccessBlock(Fact):
    """A written S3 Block Public Access configuration (of a bucket or of the account)."""

    block_public_acls: Value = ABSENT
    block_public_policy: Value = ABSENT
    ignore_public_acls: Value = ABSENT
    restrict_public_buckets: Value = ABSENT


@dataclass(slots=True)
class LogSource(Link):
    """Something that writes logs into a bucket (``target``): a trail, a load balancer's or a
    distribution's access logs, another bucket's server access logging."""


SSE_S3_DEFAULT = "S3 encrypts new objects with SSE-S3 (AES-256) by default since January 2023"

_SETTING_KINDS = {
    "aws_s3_bucket_versioning": "versioning",
    "aws_s3_bucket_server_side_encryption_configuration": "encryption",
    "aws_s3_bucket_lifecycle_configuration": "lifecycle",
}


def _cfn_tags(res: Resource) -> Value:
    tags = setting(res, "Tags", [], "no tags")
    pairs = tags.value if isinstance(tags.value, list) else []
    return replace(tags, value={t.get("Key"): t.get("Value") for t in pairs if isinstance(t, dict)})


_UNVERSIONED = "a new bucket is not versioned"


def _tf_versioning(res: Resource) -> Value:
    """Legacy ``versioning { enabled = true }``: as the status it sets."""
    enabled = setting(res, "versioning.enabled", None, _UNVERSIONED)
    if enabled.explicit and isinstance(enabled.value, bool):
        return replace(enabled, value="Enabled" if enabled.value else "Suspended")
    return enabled


_FLAG_OFF = "a flag left out of a written block is false"


def _flag(tf: str, cfn: str) -> Field:
    return Field(
        {"terraform": tf, "cloudformation": f"PublicAccessBlockConfiguration.{cfn}"},
        absent=False,
        reason=_FLAG_OFF,
    )


_LOG_TARGETS = {
    # resource type: where the bucket receiving its logs is named
    "aws_cloudtrail": "s3_bucket_name",
    "aws_lb": "access_logs.bucket",
    "aws_alb": "access_logs.bucket",
    "aws_elb": "access_logs.bucket",
    "aws_s3_bucket": "logging.target_bucket",
    "aws_s3_bucket_logging": "target_bucket",
    "aws_cloudfront_distribution": "logging_config.bucket",  # the bucket's domain name
    "AWS::CloudTrail::Trail": "S3BucketName",
    "AWS::S3::Bucket": "LoggingConfiguration.DestinationBucketName",
    "AWS::CloudFront::Distribution": "DistributionConfig.Logging.Bucket",
}


def _log_target(res: Resource) -> Value:
    return target(res, _LOG_TARGETS[res.type])


def _written(*paths: str):
    def applies(res: Resource) -> bool:
        return any(setting(res, p).explicit for p in paths)

    return applies


SHAPES = (
    Shape(
        Bucket,
        types={"terraform": ("aws_s3_bucket",), "cloudformation": ("AWS::S3::Bucket",)},
        fields={
            "tags": Field({"terraform": "tags", "cloudformation": _cfn_tags}, absent={}),
            "name": Field({"terraform": "bucket", "cloudformation": "BucketName"}),
            "versioning": Field(
                {"terraform": _tf_versioning, "cloudformation": "VersioningConfiguration.Status"},
                reason=_UNVERSIONED,
            ),
            "encryption": Field(
                {
                    "terraform": "server_side_encryption_configuration",
                    "cloudformation": "BucketEncryption",
                },
                reason=SSE_S3_DEFAULT,
            ),
            "object_lock": Field(
                {"terraform": "object_lock_enabled", "cloudformation": "ObjectLockEnabled"},
                absent=False,
            ),
            "lifecycle": Field(
                {"terraform": "lifecycle_rule", "cloudformation": "LifecycleConfiguration"},
                reason="without lifecycle rules S3 keeps every object until it is deleted",
            ),
        },
    ),
    Shape(
        BucketSetting,
        types={"terraform": tuple(_SETTING_KINDS)},
        fields={
            "target": Field({"terraform": lambda res: target(res, "bucket")}),
            "status": Field({"terraform": "versioning_configuration.status"}),
        },
    ),
    Shape(
        BucketAcl,
        types={
            "terraform": ("aws_s3_bucket_acl", "aws_s3_bucket"),
            "cloudformation": ("AWS::S3::Bucket",),
        },
        fields={"acl": Field({"terraform": "acl", "cloudformation": "AccessControl"})},
        applies=_written("acl", "AccessControl"),
    ),
    Shape(
        PublicAccessBlock,
        types={
            "terraform": (
                "aws_s3_bucket_public_access_block",
                "aws_s3_account_public_access_block",
            ),
            "cloudformation": ("AWS::S3::Bucket",),
        },
        fields={
            "block_public_acls": _flag("block_public_acls", "BlockPublicAcls"),
            "block_public_policy": _flag("block_public_policy", "BlockPublicPolicy"),
            "ignore_public_acls": _flag("ignore_public_acls", "IgnorePublicAcls"),
            "restrict_public_buckets": _flag("restrict_public_buckets", "RestrictPublicBuckets"),
        },
        applies=lambda res: (
            res.format == "terraform" or isinstance(res.get("PublicAccessBlockConfiguration"), dict)
        ),
    ),
    Shape(
        LogSource,
        types={
            "terraform": tuple(t for t in _LOG_TARGETS if t.startswith("aws_")),
            "cloudformation": tuple(t for t in _LOG_TARGETS if t.startswith("AWS::")),
        },
        fields={"target": Field({"terraform": _log_target, "cloudformation": _log_target})},
        applies=lambda res: setting(res, _LOG_TARGETS[res.type]).explicit,
    ),
)


def written_settings(ctx, bucket: Bucket, kind: str) -> list[BucketSetting] | None:
    """For rules: the separate settings of ``kind`` (``BucketSetting.kind``) naming ``bucket``;
    None when one names a bucket not known before deployment (see ``links.naming``)."""
    return naming(ctx, BucketSetting, bucket.keys, bucket.resource.scope, lambda s: s.kind == kind)
