"""The Terraform adapter: AWS provider resources → facts."""

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
)
from infralint.facts import aws as common
from infralint.facts.values import ABSENT, attr, item, known
from infralint.model import Ref, Resource, Unknown, as_list

_ATTACHED = {
    # resource type: (kind, security group attribute paths)
    "aws_db_instance": ("database", ("vpc_security_group_ids", "security_group_names")),
    "aws_rds_cluster": ("database", ("vpc_security_group_ids",)),
    "aws_docdb_cluster": ("database", ("vpc_security_group_ids",)),
    "aws_redshift_cluster": ("database", ("vpc_security_group_ids",)),
    "aws_elasticache_cluster": ("cache", ("security_group_ids",)),
    "aws_elasticache_replication_group": ("cache", ("security_group_ids",)),
    "aws_lb": ("load-balancer", ("security_groups",)),
    "aws_alb": ("load-balancer", ("security_groups",)),
    "aws_elb": ("load-balancer", ("security_groups",)),
    "aws_instance": ("instance", ("vpc_security_group_ids", "security_groups")),
    "aws_launch_template": (
        "instance",
        ("vpc_security_group_ids", "network_interfaces.security_groups"),
    ),
    "aws_launch_configuration": ("instance", ("security_groups",)),
    "aws_ecs_service": ("ecs-service", ("network_configuration.security_groups",)),
    "aws_lambda_function": ("function", ("vpc_config.security_group_ids",)),
    "aws_network_interface": ("other", ("security_groups",)),
}

_POLICIES = {
    # resource type: ((attribute path, policy kind), ...)
    "aws_iam_policy": (("policy", "identity"),),
    "aws_iam_role_policy": (("policy", "identity"),),
    "aws_iam_user_policy": (("policy", "identity"),),
    "aws_iam_group_policy": (("policy", "identity"),),
    "aws_iam_role": (("assume_role_policy", "trust"), ("inline_policy.policy", "identity")),
    "aws_s3_bucket_policy": (("policy", "resource"),),
    "aws_s3_bucket": (("policy", "resource"),),
    "aws_sqs_queue_policy": (("policy", "resource"),),
    "aws_sqs_queue": (("policy", "resource"),),
    "aws_sns_topic_policy": (("policy", "resource"),),
    "aws_sns_topic": (("policy", "resource"),),
    "aws_ecr_repository_policy": (("policy", "resource"),),
    "aws_secretsmanager_secret_policy": (("policy", "resource"),),
    "aws_kms_key": (("policy", "kms-key"),),
    "aws_kms_key_policy": (("policy", "kms-key"),),
    "aws_opensearch_domain": (("access_policies", "resource"),),
    "aws_opensearch_domain_policy": (("access_policies", "resource"),),
    "aws_elasticsearch_domain": (("access_policies", "resource"),),
    "aws_elasticsearch_domain_policy": (("access_policies", "resource"),),
}

# Where a policy document data source is consumed decides what kind of policy it is.
_CONSUMER_KIND = {
    "aws_kms_key": "kms-key",
    "aws_kms_key_policy": "kms-key",
    "aws_s3_bucket_policy": "resource",
    "aws_s3_bucket": "resource",
    "aws_sqs_queue_policy": "resource",
    "aws_sqs_queue": "resource",
    "aws_sns_topic_policy": "resource",
    "aws_sns_topic": "resource",
    "aws_ecr_repository_policy": "resource",
    "aws_secretsmanager_secret_policy": "resource",
    "aws_opensearch_domain": "resource",
    "aws_opensearch_domain_policy": "resource",
    "aws_elasticsearch_domain": "resource",
    "aws_elasticsearch_domain_policy": "resource",
}

_POLICY_ATTACHMENTS = (
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
)


def adapt(graph: Any, res: Resource) -> None:
    """Every fact of ``res``: its type's own adapter, then the policy documents and security
    group attachments its type carries."""
    own = _ADAPTERS.get(res.type)
    if own is not None:
        graph.add_facts(own(graph, res))
    if not res.meta.get("data"):  # a data source reads settings; it does not make them
        graph.add_facts(shapes.facts(res, "terraform"))
    project.note(graph, res)
    for dotted, policy_kind in _POLICIES.get(res.type, ()):
        for path, value in common.find(res.attrs, dotted):
            graph.add_facts(common.statements(res, path, value, policy_kind))
    if res.type in _ATTACHED and not res.meta.get("data"):
        _attachments(graph, res)


_PROVIDER_PUBLIC = "the AWS provider sends false when publicly_accessible is not set"


def _database(graph: Any, res: Resource) -> list:
    kind = {
        "aws_db_instance": "instance",
        "aws_rds_cluster": "cluster",
        "aws_rds_cluster_instance": "cluster-instance",
    }[res.type]
    engine = attr(res, "engine")
    cluster = kind == "cluster"
    return [
        ManagedDatabase(
            resource=res,
            kind=kind,
            engine=engine,
            port=common.database_port(res, "port", engine),
            publicly_accessible=attr(
                res, "publicly_accessible", absent=False, reason=_PROVIDER_PUBLIC
            ),
            backup_retention=attr(
                res, "backup_retention_period", absent=1, reason="AWS keeps 1 day"
            ),
            skip_final_snapshot=attr(
                res, "skip_final_snapshot", absent=False, reason="the provider default"
            ),
            storage_encrypted=attr(
                res, "storage_encrypted", **databases.encryption_default(res.get("engine_mode"))
            ),
            deletion_protection=attr(
                res, "deletion_protection", absent=False, reason="the provider default is false"
            ),
            multi_az=attr(res, "multi_az", absent=False, reason="the provider default is false"),
            username=attr(res, "master_username" if cluster else "username"),
            final_snapshot_identifier=attr(res, "final_snapshot_identifier"),
            from_snapshot=any(
                res.get(name) is not None
                for name in ("snapshot_identifier", "restore_to_point_in_time", "s3_import")
            ),
            # aws_rds_cluster names itself by cluster_identifier
            in_cluster=kind == "cluster-instance",
            replica=any(
                res.get(name) is not None
                for name in ("replicate_source_db", "replication_source_identifier")
            ),
            security_groups=as_list(res.get("vpc_security_group_ids")),
            subnets=common.subnets_of(
                graph, res, res.get("db_subnet_group_name"), "aws_db_subnet_group", "subnet_ids"
            ),
        )
    ]


def _subnet_routing(graph: Any, res: Resource) -> list:
    subnet = graph.target(res, res.get("subnet_id"))
    return [
        SubnetRouting(res, ("subnet_id",), subnet, graph.target(res, res.get("route_table_id")))
    ]


def _route_table(graph: Any, res: Resource) -> list:
    routes = [
        (("route", i), r) for i, r in enumerate(as_list(res.get("route"))) if isinstance(r, dict)
    ]
    return _internet_routes(graph, res, res.key, routes)


def _route(graph: Any, res: Resource) -> list:
    table = graph.target(res, res.get("route_table_id"))
    return _internet_routes(graph, res, table, [((), res.attrs)])


def _internet_routes(graph: Any, res: Resource, table: str, routes: list) -> list:
    out = []
    for path, route in routes:
        gateway = common.internet_gateway(graph, res, route.get("gateway_id"))
        if gateway and common.default_route(
            route.get("cidr_block"),
            route.get("ipv6_cidr_block"),
            route.get("destination_cidr_block"),
            route.get("destination_ipv6_cidr_block"),
        ):
            out.append(InternetRoute(res, path, table, gateway))
    return out


def _table(graph: Any, res: Resource) -> list:
    enabled = attr(res, "point_in_time_recovery", 0, "enabled", absent=False, reason=_PITR_OFF)
    return [Table(res, (), enabled)]


def _security_group(graph: Any, res: Resource) -> list:
    rules = enumerate(as_list(res.get("ingress")))
    return [_ingress(res, ("ingress", i), r, res.key) for i, r in rules if isinstance(r, dict)]


def _ingress_rule(graph: Any, res: Resource) -> list:
    if res.type == "aws_security_group_rule" and res.get("type") != "ingress":
        return []
    return [_ingress(res, (), res.attrs, graph.target(res, res.get("security_group_id")))]


def _organizations_policy(graph: Any, res: Resource) -> list:
    policy_type = res.get("type", default="SERVICE_CONTROL_POLICY")
    policy_kind = {"SERVICE_CONTROL_POLICY": "scp", "TAG_POLICY": "tag-policy"}.get(
        policy_type if isinstance(policy_type, str) else "", "other"
    )
    return common.statements(res, ("content",), res.get("content"), policy_kind)


def _policy_attachment(graph: Any, res: Resource) -> list:
    return [ManagedPolicyAttachment(res, ("policy_arn",), attr(res, "policy_arn"))]


def _role(graph: Any, res: Resource) -> list:
    arns = enumerate(as_list(res.get("managed_policy_arns")))
    return [
        ManagedPolicyAttachment(
            res, ("managed_policy_arns", i), known(arn, ("managed_policy_arns", i))
        )
        for i, arn in arns
    ]


def _document(graph: Any, res: Resource) -> list:
    return _policy_document(graph, res) if res.meta.get("data") else []


def _ingress(res: Resource, path: tuple, rule: dict, group: str) -> IngressRule:
    cidrs = []
    for name in ("cidr_blocks", "ipv6_cidr_blocks", "cidr_ipv4", "cidr_ipv6"):
        value = rule.get(name)
        if isinstance(value, list):
            cidrs.extend(known(v, path + (name, i)) for i, v in enumerate(value))
        elif value is not None:
            cidrs.append(known(value, path + (name,)))
    name = "protocol" if "protocol" in rule or "ip_protocol" not in rule else "ip_protocol"
    protocol = item(rule, name, path)
    return IngressRule(
        resource=res,
        path=path,
        group=group,
        protocol=replace(protocol, value=common.protocol(protocol.value)),
        from_port=item(rule, "from_port", path),
        to_port=item(rule, "to_port", path),
        cidrs=cidrs,
        has_source_group=bool(
            rule.get("security_groups")
            or rule.get("self")
            or rule.get("source_security_group_id")
            or rule.get("referenced_security_group_id")
            or rule.get("prefix_list_ids")
            or rule.get("prefix_list_id")
        ),
    )


def _policy_document(graph: Any, res: Resource) -> list:
    """Statements of ``data "aws_iam_policy_document"``, judged by where the JSON is used."""
    kinds = {_CONSUMER_KIND.get(c.type, "identity") for c in graph.referrers(res)}
    if any(
        c.type == "aws_iam_role" and _uses(c.get("assume_role_policy"), res)
        for c in graph.referrers(res)
    ):
        kinds = {"trust"}
    kind = (
        "kms-key"
        if "kms-key" in kinds
        else (
            "resource" if kinds == {"resource"} else ("trust" if kinds == {"trust"} else "identity")
        )
    )
    written = [
        (i, stmt, _as_json(stmt))
        for i, stmt in enumerate(as_list(res.get("statement")))
        if isinstance(stmt, dict)
    ]
    if kind != "trust" and any(common.key_policy_shape(doc) for _i, _s, doc in written):
        kind = "kms-key"  # handed to a module's `policy` input, or through a local
    elif not kinds and any("Principal" in doc for _i, _s, doc in written):
        kind = "resource"  # handed to a module: with a Principal, it is no identity policy
    out = []
    for i, stmt, doc in written:
        fact = common.statement(res, ("statement", i), doc, kind, _DOCUMENT_NAMES)
        fact.operators = _operators(stmt.get("condition"), i)
        star = _wildcard_principals(stmt.get("principals"))
        if star is not None:  # point at the `identifiers` naming "*", not at the statement
            fact.principal_path = ("statement", i, "principals", star, "identifiers")
        out.append(fact)
    return out


def _as_json(stmt: dict) -> dict:
    """A ``statement`` block of a policy document data source in IAM JSON form."""
    return {
        "Effect": stmt.get("effect", "Allow"),
        **({"Action": stmt["actions"]} if "actions" in stmt else {}),
        **({"NotAction": stmt["not_actions"]} if "not_actions" in stmt else {}),
        **({"Resource": stmt["resources"]} if "resources" in stmt else {}),
        **({"NotResource": stmt["not_resources"]} if "not_resources" in stmt else {}),
        **({"Principal": _principals(stmt["principals"])} if "principals" in stmt else {}),
        **({"Condition": _conditions(stmt["condition"])} if stmt.get("condition") else {}),
    }


def _conditions(blocks: Any) -> dict:
    """``condition`` blocks as IAM's ``{operator: {key: [values]}}`` (an operator that is not
    known stays, as a key of its own)."""
    out: dict = {}
    for block in as_list(blocks):
        if isinstance(block, dict):
            test, key = block.get("test"), block.get("variable")
            tests = out.setdefault(test if isinstance(test, str) else Unknown("test"), {})
            tests.setdefault(key if isinstance(key, str) else "", []).extend(
                as_list(block.get("values"))
            )
    return out


def _operators(blocks: Any, i: int) -> tuple:
    """(operator, where it is written) of each ``condition`` block of statement ``i``."""
    return tuple(
        (block.get("test"), ("statement", i, "condition", j, "test"))
        for j, block in enumerate(as_list(blocks))
        if isinstance(block, dict)
    )


_DOCUMENT_NAMES = {
    "Action": "actions",
    "NotAction": "not_actions",
    "Resource": "resources",
    "NotResource": "not_resources",
    "Principal": "principals",
    "Condition": "condition",
}


def _uses(value: Any, res: Resource) -> bool:
    return isinstance(value, Ref) and value.address == res.address


def _principals(blocks: Any) -> dict:
    out: dict = {}
    for block in as_list(blocks):
        if isinstance(block, dict):
            out.setdefault(str(block.get("type", "AWS")), []).extend(
                as_list(block.get("identifiers"))
            )
    return out


def _wildcard_principals(blocks: Any) -> int | None:
    """The index of the first ``principals`` block whose identifiers include "*"."""
    for j, block in enumerate(as_list(blocks)):
        if isinstance(block, dict) and "*" in as_list(block.get("identifiers")):
            return j
    return None


def _attachments(graph: Any, res: Resource) -> None:
    kind, paths = _ATTACHED[res.type]
    internet_facing = ABSENT
    if kind == "load-balancer":
        internal = attr(
            res, "internal", absent=False, reason="a load balancer is internet-facing by default"
        )
        facing = (internal.value is False) if isinstance(internal.value, bool) else None
        internet_facing = replace(internal, value=facing)
    common.attachments(graph, res, kind, paths, internet_facing)


_PITR_OFF = "it is off unless enabled"

_ADAPTERS = {
    # resource type: its own facts
    "aws_db_instance": _database,
    "aws_rds_cluster": _database,
    "aws_rds_cluster_instance": _database,
    "aws_route_table_association": _subnet_routing,
    "aws_route_table": _route_table,
    "aws_route": _route,
    "aws_dynamodb_table": _table,
    "aws_security_group": _security_group,
    "aws_security_group_rule": _ingress_rule,
    "aws_vpc_security_group_ingress_rule": _ingress_rule,
    "aws_organizations_policy": _organizations_policy,
    "aws_iam_policy_document": _document,
    "aws_iam_role": _role,
    **dict.fromkeys(_POLICY_ATTACHMENTS, _policy_attachment),
    "aws_ecs_task_definition": containers.terraform,
    **dict.fromkeys(
        (
            "aws_opensearch_domain",
            "aws_opensearch_domain_policy",
            "aws_elasticsearch_domain",
            "aws_elasticsearch_domain_policy",
        ),
        databases.domain_policies,
    ),
}
