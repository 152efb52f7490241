"""The CloudFormation adapter: AWS resource types → facts."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from infralint.facts import (
    IngressRule,
    InternetRoute,
    ManagedDatabase,
    ManagedPolicyAttachment,
    SubnetRouting,
    Table,
    containers,
    databases,
    project,
    shapes,
    snapshots,
)
from infralint.facts import aws as common
from infralint.facts.cfn_schema import TemplateResource
from infralint.facts.values import ABSENT, Value, attr, item, known
from infralint.model import Resource, as_list

_ATTACHED = {
    "AWS::RDS::DBInstance": ("database", ("VPCSecurityGroups", "DBSecurityGroups")),
    "AWS::RDS::DBCluster": ("database", ("VpcSecurityGroupIds",)),
    "AWS::DocDB::DBCluster": ("database", ("VpcSecurityGroupIds",)),
    "AWS::Redshift::Cluster": ("database", ("VpcSecurityGroupIds",)),
    "AWS::ElastiCache::CacheCluster": ("cache", ("VpcSecurityGroupIds",)),
    "AWS::ElastiCache::ReplicationGroup": ("cache", ("SecurityGroupIds",)),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ("load-balancer", ("SecurityGroups",)),
    "AWS::ElasticLoadBalancing::LoadBalancer": ("load-balancer", ("SecurityGroups",)),
    "AWS::EC2::Instance": (
        "instance",
        ("SecurityGroupIds", "SecurityGroups", "NetworkInterfaces.GroupSet"),
    ),
    "AWS::EC2::LaunchTemplate": (
        "instance",
        ("LaunchTemplateData.SecurityGroupIds", "LaunchTemplateData.NetworkInterfaces.Groups"),
    ),
    "AWS::AutoScaling::LaunchConfiguration": ("instance", ("SecurityGroups",)),
    "AWS::ECS::Service": (
        "ecs-service",
        ("NetworkConfiguration.AwsvpcConfiguration.SecurityGroups",),
    ),
    "AWS::Lambda::Function": ("function", ("VpcConfig.SecurityGroupIds",)),
    "AWS::Serverless::Function": ("function", ("VpcConfig.SecurityGroupIds",)),
    "AWS::AmazonMQ::Broker": ("other", ("SecurityGroups",)),
}

_POLICIES = {
    "AWS::IAM::Policy": (("PolicyDocument", "identity"),),
    "AWS::IAM::ManagedPolicy": (("PolicyDocument", "identity"),),
    "AWS::IAM::RolePolicy": (("PolicyDocument", "identity"),),
    "AWS::IAM::UserPolicy": (("PolicyDocument", "identity"),),
    "AWS::IAM::GroupPolicy": (("PolicyDocument", "identity"),),
    "AWS::IAM::Role": (
        ("AssumeRolePolicyDocument", "trust"),
        ("Policies.PolicyDocument", "identity"),
    ),
    "AWS::IAM::User": (("Policies.PolicyDocument", "identity"),),
    "AWS::IAM::Group": (("Policies.PolicyDocument", "identity"),),
    "AWS::S3::BucketPolicy": (("PolicyDocument", "resource"),),
    "AWS::SQS::QueuePolicy": (("PolicyDocument", "resource"),),
    "AWS::SNS::TopicPolicy": (("PolicyDocument", "resource"),),
    "AWS::SecretsManager::ResourcePolicy": (("ResourcePolicy", "resource"),),
    "AWS::ECR::Repository": (("RepositoryPolicyText", "resource"),),
    "AWS::KMS::Key": (("KeyPolicy", "kms-key"),),
    "AWS::OpenSearchService::Domain": (("AccessPolicies", "resource"),),
    "AWS::Elasticsearch::Domain": (("AccessPolicies", "resource"),),
}


def adapt(graph: Any, res: Resource) -> None:
    """Every fact of ``res``: its type's own adapter, then the policy documents and security
    group attachments its type carries."""
    own = _ADAPTERS.get(res.type)
    if own is not None:
        graph.add_facts(own(graph, res))
    graph.add_facts(shapes.facts(res, "cloudformation"))
    project.note(graph, res)
    if "::" in res.type:  # a resource, not a parameter
        graph.add_fact(TemplateResource(res, (), res.attrs, bool(res.meta.get("macro"))))
    for dotted, policy_kind in _POLICIES.get(res.type, ()):
        for path, value in common.find(res.attrs, dotted):
            graph.add_facts(common.statements(res, path, value, policy_kind))
    if res.type in _ATTACHED:
        _attachments(graph, res)


_DEFAULT_VPC_PUBLIC = (
    "CloudFormation: PubliclyAccessible is not set and there is no DBSubnetGroupName, so AWS "
    "makes the instance public when the default VPC has an internet gateway; set "
    "PubliclyAccessible: false"
)
_SUBNET_GROUP_DECIDES = "CloudFormation: PubliclyAccessible is not set; the DB subnet group decides"


def _database(graph: Any, res: Resource) -> list:
    cluster = res.type == "AWS::RDS::DBCluster"
    in_cluster = not cluster and res.get("DBClusterIdentifier") is not None
    engine = attr(res, "Engine")
    public = (
        attr(res, "PubliclyAccessible", absent=True, reason=_DEFAULT_VPC_PUBLIC)
        if res.get("DBSubnetGroupName") is None and not cluster and not in_cluster
        else attr(res, "PubliclyAccessible", absent=None, reason=_SUBNET_GROUP_DECIDES)
    )
    return [
        ManagedDatabase(
            resource=res,
            kind="cluster" if cluster else ("cluster-instance" if in_cluster else "instance"),
            engine=engine,
            port=common.database_port(res, "Port", engine),
            publicly_accessible=public,
            backup_retention=attr(res, "BackupRetentionPeriod", absent=1, reason="AWS keeps 1 day"),
            deletion_policy=_deletion_policy(res),
            storage_encrypted=attr(
                res, "StorageEncrypted", **databases.encryption_default(res.get("EngineMode"))
            ),
            deletion_protection=attr(
                res, "DeletionProtection", absent=False, reason="CloudFormation's default is false"
            ),
            multi_az=attr(res, "MultiAZ", absent=False, reason="CloudFormation's default is false"),
            username=attr(res, "MasterUsername"),
            from_snapshot=any(
                res.get(name) is not None
                for name in (
                    "DBSnapshotIdentifier",
                    "SnapshotIdentifier",
                    "SourceDBClusterIdentifier",
                )
            ),
            in_cluster=in_cluster,
            replica=any(
                res.get(name) is not None
                for name in ("SourceDBInstanceIdentifier", "ReplicationSourceIdentifier")
            ),
            security_groups=as_list(res.get("VPCSecurityGroups")),
            subnets=common.subnets_of(
                graph, res, res.get("DBSubnetGroupName"), "AWS::RDS::DBSubnetGroup", "SubnetIds"
            ),
        )
    ]


def _deletion_policy(res: Resource) -> Value:
    return snapshots.deletion_policy(
        res, "Snapshot", "CloudFormation snapshots a database it deletes"
    )


def _subnet_routing(graph: Any, res: Resource) -> list:
    subnet = graph.target(res, res.get("SubnetId"))
    return [SubnetRouting(res, ("SubnetId",), subnet, graph.target(res, res.get("RouteTableId")))]


def _route(graph: Any, res: Resource) -> list:
    gateway = common.internet_gateway(graph, res, res.get("GatewayId"))
    if not gateway or not common.default_route(
        res.get("DestinationCidrBlock"), res.get("DestinationIpv6CidrBlock")
    ):
        return []
    return [InternetRoute(res, ("GatewayId",), graph.target(res, res.get("RouteTableId")), gateway)]


_RECOVERY = ("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")


def _table(graph: Any, res: Resource) -> list:
    return [Table(res, (), attr(res, *_RECOVERY, absent=False, reason=_PITR_OFF))]


def _global_table(graph: Any, res: Resource) -> list:
    replicas = enumerate(as_list(res.get("Replicas")))
    return [
        Table(
            res,
            ("Replicas", i),
            attr(res, "Replicas", i, *_RECOVERY, absent=False, reason=_PITR_OFF),
        )
        for i, replica in replicas
        if isinstance(replica, dict)
    ]


def _security_group(graph: Any, res: Resource) -> list:
    rules = enumerate(as_list(res.get("SecurityGroupIngress")))
    return [
        _ingress(res, ("SecurityGroupIngress", i), r, res.key)
        for i, r in rules
        if isinstance(r, dict)
    ]


def _ingress_rule(graph: Any, res: Resource) -> list:
    return [_ingress(res, (), res.attrs, graph.target(res, res.get("GroupId")))]


def _organizations_policy(graph: Any, res: Resource) -> list:
    policy_type = res.get("Type")
    policy_kind = {"SERVICE_CONTROL_POLICY": "scp", "TAG_POLICY": "tag-policy"}.get(
        policy_type if isinstance(policy_type, str) else "", "other"
    )
    return common.statements(res, ("Content",), res.get("Content"), policy_kind)


def _sam_policies(graph: Any, res: Resource) -> list:
    """What a SAM function's or state machine's ``Policies`` grant its role, as written: a
    managed policy name or ARN (``AdministratorAccess``), an inline policy document, or a list
    of those and of SAM policy templates (``S3ReadPolicy: {BucketName: ...}``). A template is
    scoped to the resource its parameters name, so it grants no wildcard and yields no fact."""
    given = res.get("Policies")
    entries = list(enumerate(given)) if isinstance(given, list) else [(None, given)]
    out: list = []
    for i, entry in entries:
        path = ("Policies",) if i is None else ("Policies", i)
        if isinstance(entry, str):
            arn = entry if entry.startswith("arn:") else f"arn:aws:iam::aws:policy/{entry}"
            out.append(ManagedPolicyAttachment(res, path, known(arn, path)))
        elif isinstance(entry, dict) and "Statement" in entry:
            out.extend(common.statements(res, path, entry, "identity"))
    return out


def _managed_policies(graph: Any, res: Resource) -> list:
    arns = enumerate(as_list(res.get("ManagedPolicyArns")))
    return [
        ManagedPolicyAttachment(res, ("ManagedPolicyArns", i), known(arn, ("ManagedPolicyArns", i)))
        for i, arn in arns
    ]


def _ingress(res: Resource, path: tuple, rule: dict, group: str) -> IngressRule:
    cidrs = [known(rule[name], path + (name,)) for name in ("CidrIp", "CidrIpv6") if name in rule]
    protocol = item(rule, "IpProtocol", path)
    return IngressRule(
        resource=res,
        path=path,
        group=group,
        protocol=replace(protocol, value=common.protocol(protocol.value)),
        from_port=item(rule, "FromPort", path),
        to_port=item(rule, "ToPort", path),
        cidrs=cidrs,
        has_source_group=any(
            k in rule
            for k in ("SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId")
        ),
    )


def _attachments(graph: Any, res: Resource) -> None:
    kind, paths = _ATTACHED[res.type]
    internet_facing = ABSENT
    if kind == "load-balancer":
        scheme = attr(res, "Scheme", absent="internet-facing", reason="the default scheme")
        facing = scheme.value == "internet-facing" if isinstance(scheme.value, str) else None
        internet_facing = replace(scheme, value=facing)
    common.attachments(graph, res, kind, paths, internet_facing)


_PITR_OFF = "it is off unless enabled"

_ADAPTERS = {
    # resource type: its own facts
    "AWS::RDS::DBInstance": _database,
    "AWS::RDS::DBCluster": _database,
    "AWS::EC2::SubnetRouteTableAssociation": _subnet_routing,
    "AWS::EC2::Route": _route,
    "AWS::DynamoDB::Table": _table,
    "AWS::DynamoDB::GlobalTable": _global_table,
    "AWS::EC2::SecurityGroup": _security_group,
    "AWS::EC2::SecurityGroupIngress": _ingress_rule,
    "AWS::Organizations::Policy": _organizations_policy,
    "AWS::IAM::Role": _managed_policies,
    "AWS::Serverless::Function": _sam_policies,
    "AWS::Serverless::StateMachine": _sam_policies,
    "AWS::IAM::User": _managed_policies,
    "AWS::IAM::Group": _managed_policies,
    "AWS::ECS::TaskDefinition": containers.cloudformation,
}
