"""Project-level facts: one ``Project`` per root module (Terraform) or template
(CloudFormation) with the AWS resources it declares, and the tags resources are given."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infralint.facts import Fact
from infralint.facts.shapes import Field, Shape, setting
from infralint.facts.values import ABSENT, Value, known
from infralint.model import Resource, Unknown


@dataclass(slots=True)
class Project(Fact):
    """A root module or template (``Resource.scope``) and its AWS resources by type (data
    sources left out). ``resource`` is its first resource: of the root module itself before
    those of the modules it calls, then by file and line."""

    scope: str = ""
    file: str = ""  # its first file (of the root module itself), where its findings go
    by_type: dict[str, list[Resource]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """How messages name it: the template, or the root module's directory."""
        if self.resource.format != "terraform":
            return f"Template {self.scope}"
        return "Root module" if self.scope in ("", ".") else f"Root module {self.scope}/"

    def count(self, kind: str) -> int:
        """How many resources of ``kind`` (a key of ``KINDS``) it declares."""
        return sum(len(self.by_type.get(t, ())) for t in KINDS[kind])

    def first(self, kind: str) -> Resource | None:
        found = [r for t in KINDS[kind] for r in self.by_type.get(t, ())]
        return min(found, key=_order) if found else None


# What project-level rules look for, by kind: the resource types of every format.
KINDS = {
    "trail": ("aws_cloudtrail", "AWS::CloudTrail::Trail"),
    "alarm-or-budget": (
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_composite_alarm",
        "aws_budgets_budget",
        "AWS::CloudWatch::Alarm",
        "AWS::CloudWatch::CompositeAlarm",
        "AWS::Budgets::Budget",
    ),
    "nat-gateway": ("aws_nat_gateway", "AWS::EC2::NatGateway"),
}


def _order(res: Resource) -> tuple:
    return (bool(res.module_call), res.path, res.span.line)


def note(graph: Any, res: Resource) -> None:
    """Count ``res`` in the ``Project`` of its scope (made, and added to the graph, by the
    first AWS resource of that scope)."""
    if res.meta.get("data") or not res.type.startswith(("aws_", "AWS::")):
        return
    project = graph.projects.get(res.scope)
    if project is None:
        project = graph.projects[res.scope] = Project(res, scope=res.scope, file=_root_file(res))
        graph.add_fact(project)
    elif _order(res) < _order(project.resource):
        project.resource = res
    project.file = min(project.file, _root_file(res))
    project.by_type.setdefault(res.type, []).append(res)


def _root_file(res: Resource) -> str:
    """The root module's file that declares ``res`` or calls the module declaring it (the
    outermost call of ``module.x (main.tf:3) → module.y (...)``)."""
    if not res.module_call:
        return res.path
    outer = res.module_call.split(" → ", 1)[0]
    return outer[outer.rfind("(") + 1 : outer.rfind(":")]


@dataclass(slots=True)
class Tags(Fact):
    """The tags a taggable resource is given (a mapping of key to value)."""

    tags: Value = ABSENT
    unseen: Value = ABSENT  # tags it may get that the source does not show ("" when none)


@dataclass(slots=True)
class DefaultTags(Fact):
    """The ``default_tags`` of a Terraform ``provider "aws"`` block: every resource it
    creates gets them."""

    tags: Value = ABSENT


def _cfn_tags(res: Resource) -> Value:
    """CloudFormation ``Tags``: a list of ``Key``/``Value`` pairs (a mapping for some types)."""
    written = setting(res, "Tags", {}, "no tags")
    pairs = written.value
    if isinstance(pairs, list):
        if not all(isinstance(p, dict) and isinstance(p.get("Key"), str) for p in pairs):
            return known(Unknown("a tag key is not known"), written.path)
        return known({p["Key"]: p.get("Value") for p in pairs}, written.path)
    return written


# Resource types that take tags and cost money (tags on them are what cost reports group by).
_TAGGED_TF = (
    "aws_instance",
    "aws_launch_template",
    "aws_ebs_volume",
    "aws_eip",
    "aws_nat_gateway",
    "aws_vpc",
    "aws_lb",
    "aws_alb",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_docdb_cluster",
    "aws_neptune_cluster",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_redshift_cluster",
    "aws_dynamodb_table",
    "aws_s3_bucket",
    "aws_efs_file_system",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecr_repository",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_lambda_function",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_kms_key",
    "aws_cloudwatch_log_group",
    "aws_cloudfront_distribution",
    "aws_api_gateway_rest_api",
    "aws_apigatewayv2_api",
    "aws_opensearch_domain",
    "aws_secretsmanager_secret",
    "aws_sfn_state_machine",
    "aws_kinesis_stream",
    "aws_msk_cluster",
    "aws_mq_broker",
)
_TAGGED_CFN = (
    "AWS::EC2::Instance",
    "AWS::EC2::Volume",
    "AWS::EC2::EIP",
    "AWS::EC2::NatGateway",
    "AWS::EC2::VPC",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::DocDB::DBCluster",
    "AWS::Neptune::DBCluster",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Redshift::Cluster",
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::ECS::Cluster",
    "AWS::ECS::Service",
    "AWS::ECR::Repository",
    "AWS::EKS::Cluster",
    "AWS::EKS::Nodegroup",
    "AWS::Lambda::Function",
    "AWS::Serverless::Function",
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::KMS::Key",
    "AWS::Logs::LogGroup",
    "AWS::CloudFront::Distribution",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGatewayV2::Api",
    "AWS::OpenSearchService::Domain",
    "AWS::SecretsManager::Secret",
    "AWS::StepFunctions::StateMachine",
    "AWS::Kinesis::Stream",
    "AWS::MSK::Cluster",
    "AWS::AmazonMQ::Broker",
)

SHAPES = (
    Shape(
        Tags,
        types={"terraform": _TAGGED_TF, "cloudformation": _TAGGED_CFN},
        fields={
            "tags": Field({"terraform": "tags", "cloudformation": _cfn_tags}, absent={}, reason=""),
            "unseen": Field(
                {},
                absent="",
                by_format={"cloudformation": ("stack-level tags", "given when it is deployed")},
            ),
        },
    ),
    Shape(
        DefaultTags,
        types={"terraform": ("provider_aws",)},
        fields={"tags": Field({"terraform": "default_tags.tags"}, absent={})},
    ),
)
