"""The CloudFormation adapter: AWS resource types → facts."""

from __future__ import annotations

from typing import Any

from infralint.facts import (
    Attr,
    IngressRule,
    InternetRoute,
    ManagedDatabase,
    ManagedPolicyAttachment,
    SubnetRouting,
    Table,
)
from infralint.facts import aws as common
from infralint.facts.aws import attr
from infralint.model import Resource, Span, as_list

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
    "AWS::Serverless::Function": (("Policies.Statement", "identity-statements"),),
}


def adapt(graph: Any, res: Resource) -> None:
    kind = res.type
    add = graph.add_fact
    if kind in ("AWS::RDS::DBInstance", "AWS::RDS::DBCluster"):
        add(_database(graph, res))
    elif kind == "AWS::EC2::SubnetRouteTableAssociation":
        add(
            SubnetRouting(
                res,
                ("SubnetId",),
                graph.target(res, res.get("SubnetId")),
                graph.target(res, res.get("RouteTableId")),
            )
        )
    elif kind == "AWS::EC2::Route":
        gateway = common.internet_gateway(graph, res, res.get("GatewayId"))
        if gateway and common.default_route(
            res.get("DestinationCidrBlock"), res.get("DestinationIpv6CidrBlock")
        ):
            add(
                InternetRoute(
                    res, ("GatewayId",), graph.target(res, res.get("RouteTableId")), gateway
                )
            )
    elif kind == "AWS::DynamoDB::Table":
        add(
            Table(
                res, (), attr(res, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
            )
        )
    elif kind == "AWS::DynamoDB::GlobalTable":
        for i, replica in enumerate(as_list(res.get("Replicas"))):
            if isinstance(replica, dict):
                add(
                    Table(
                        res,
                        ("Replicas", i),
                        attr(
                            res,
                            "Replicas",
                            i,
                            "PointInTimeRecoverySpecification",
                            "PointInTimeRecoveryEnabled",
                        ),
                    )
                )
    elif kind == "AWS::EC2::SecurityGroup":
        for i, rule in enumerate(as_list(res.get("SecurityGroupIngress"))):
            if isinstance(rule, dict):
                add(_ingress(res, ("SecurityGroupIngress", i), rule, res.key))
    elif kind == "AWS::EC2::SecurityGroupIngress":
        add(_ingress(res, (), res.attrs, graph.target(res, res.get("GroupId"))))
    elif kind == "AWS::Organizations::Policy":
        policy_type = res.get("Type")
        policy_kind = {"SERVICE_CONTROL_POLICY": "scp", "TAG_POLICY": "tag-policy"}.get(
            policy_type if isinstance(policy_type, str) else "", "other"
        )
        graph.add_facts(common.statements(res, ("Content",), res.get("Content"), policy_kind))
    if kind in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"):
        for i, arn in enumerate(as_list(res.get("ManagedPolicyArns"))):
            add(ManagedPolicyAttachment(res, ("ManagedPolicyArns", i), arn))
    for dotted, policy_kind in _POLICIES.get(kind, ()):
        for path, value in common.find(res.attrs, dotted):
            if policy_kind == "identity-statements":  # SAM inline policy statements
                if isinstance(value, dict):  # `find` already stepped into the Statement list
                    add(common.statement(res, path, value, "identity"))
            else:
                graph.add_facts(common.statements(res, path, value, policy_kind))
    if kind in _ATTACHED:
        _attachments(graph, res)


def _database(graph: Any, res: Resource) -> ManagedDatabase:
    cluster = res.type == "AWS::RDS::DBCluster"
    in_cluster = not cluster and res.get("DBClusterIdentifier") is not None
    public_default = (
        "CloudFormation: PubliclyAccessible is not set and there is no DBSubnetGroupName, so AWS "
        "makes the instance public when the default VPC has an internet gateway"
        if res.get("DBSubnetGroupName") is None
        else "CloudFormation: PubliclyAccessible is not set; the DB subnet group decides"
    )
    policy = res.meta.get("DeletionPolicy")
    policy_span = res.meta.get("spans", {}).get("DeletionPolicy")
    deletion = None
    if policy is not None:
        deletion = Attr(policy, ("<DeletionPolicy>",))
        if isinstance(policy_span, Span):
            res.spans[("<DeletionPolicy>",)] = policy_span
    return ManagedDatabase(
        resource=res,
        kind="cluster" if cluster else ("cluster-instance" if in_cluster else "instance"),
        engine=res.get("Engine"),
        publicly_accessible=attr(res, "PubliclyAccessible"),
        public_default=public_default,
        backup_retention=attr(res, "BackupRetentionPeriod"),
        deletion_policy=deletion,
        in_cluster=in_cluster,
        replica=res.get("SourceDBInstanceIdentifier") is not None,
        security_groups=as_list(res.get("VPCSecurityGroups")),
        subnets=common.subnets_of(
            graph, res, res.get("DBSubnetGroupName"), "AWS::RDS::DBSubnetGroup", "SubnetIds"
        ),
    )


def _ingress(res: Resource, path: tuple, rule: dict, group: str) -> IngressRule:
    cidrs = [Attr(rule[name], path + (name,)) for name in ("CidrIp", "CidrIpv6") if name in rule]
    return IngressRule(
        resource=res,
        path=path,
        group=group,
        protocol=common.protocol(rule.get("IpProtocol")),
        from_port=rule.get("FromPort"),
        to_port=rule.get("ToPort"),
        cidrs=cidrs,
        has_source_group=any(
            k in rule
            for k in ("SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId")
        ),
    )


def _attachments(graph: Any, res: Resource) -> None:
    kind, paths = _ATTACHED[res.type]
    internet_facing = None
    if kind == "load-balancer":
        scheme = res.get("Scheme", default="internet-facing")
        internet_facing = scheme == "internet-facing" if isinstance(scheme, str) else None
    common.attachments(graph, res, kind, paths, internet_facing)
