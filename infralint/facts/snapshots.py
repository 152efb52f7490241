"""Backup facts: what happens to a database's data when the database is deleted."""

from __future__ import annotations

from dataclasses import dataclass

from infralint.facts import Fact
from infralint.facts.shapes import Field, Shape
from infralint.facts.values import ABSENT, Value, default, known
from infralint.model import Resource, Span


@dataclass(slots=True)
class DeletionSnapshot(Fact):
    """A DocumentDB, Neptune or Redshift cluster: whether deleting it keeps a final snapshot
    (RDS databases carry the same settings in ``ManagedDatabase``)."""

    skip_final_snapshot: Value = ABSENT  # Terraform
    deletion_policy: Value = ABSENT  # CloudFormation DeletionPolicy


_NAMES = {
    "AWS::DocDB::DBCluster": "a DocumentDB cluster",
    "AWS::Neptune::DBCluster": "a Neptune cluster",
    "AWS::Redshift::Cluster": "a Redshift cluster",
}


def deletion_policy(res: Resource, absent: str, reason: str) -> Value:
    """A CloudFormation resource's ``DeletionPolicy`` (beside ``Properties``, so located by its
    own span), or ``absent`` for ``reason`` when it is not set."""
    policy = res.meta.get("DeletionPolicy")
    if policy is None:
        return default(absent, reason)
    span = res.meta.get("spans", {}).get("DeletionPolicy")
    return known(policy, ("<DeletionPolicy>",), span if isinstance(span, Span) else None)


def _policy(res: Resource) -> Value:
    # Only RDS instances and clusters default to Snapshot; every other resource is deleted.
    return deletion_policy(
        res, "Delete", f"CloudFormation's default for {_NAMES[res.type]} is Delete"
    )


SHAPES = (
    Shape(
        DeletionSnapshot,
        types={
            "terraform": ("aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"),
            "cloudformation": tuple(_NAMES),
        },
        fields={
            "skip_final_snapshot": Field(
                {"terraform": "skip_final_snapshot"}, absent=False, reason="the provider default"
            ),
            "deletion_policy": Field({"cloudformation": _policy}),
        },
    ),
)
