"""Database, cache, search and file-system facts: ElastiCache replication groups, OpenSearch
and Elasticsearch domains, Redshift clusters, EFS file systems and EFS volumes of ECS tasks, RDS
proxies and parameter groups (RDS instances and clusters are ``ManagedDatabase``, read by the
format adapters)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infralint.facts import Fact
from infralint.facts.aws import find
from infralint.facts.shapes import Field, Shape, setting
from infralint.facts.values import ABSENT, Value, default, item, known
from infralint.model import Ref, Resource, as_list

_TF, _CFN = "terraform", "cloudformation"


def encryption_default(engine_mode: Any) -> dict:
    """The ``absent``/``reason`` of an RDS ``storage_encrypted`` setting: Aurora Serverless v1
    clusters are always encrypted, everything else is not unless asked."""
    if engine_mode == "serverless":
        return {"absent": True, "reason": "Aurora Serverless v1 clusters are always encrypted"}
    return {"absent": False, "reason": "storage is not encrypted unless storage_encrypted is set"}


@dataclass(slots=True)
class Cache(Fact):
    """An ElastiCache (Redis OSS or Valkey) replication group."""

    engine: Value = ABSENT
    at_rest_encryption: Value = ABSENT
    transit_encryption: Value = ABSENT
    automatic_failover: Value = ABSENT
    nodes: Value = ABSENT  # nodes of a cluster-mode-disabled group (primary and replicas)
    replicas_per_shard: Value = ABSENT  # replicas of each shard of a cluster-mode-enabled group
    snapshot_retention: Value = ABSENT  # days of automatic backups (0: none)


@dataclass(slots=True)
class SearchDomain(Fact):
    """An OpenSearch Service or Elasticsearch domain."""

    in_vpc: Value = ABSENT  # True when it has VPC options (no public endpoint)
    at_rest_encryption: Value = ABSENT
    node_to_node_encryption: Value = ABSENT
    enforce_https: Value = ABSENT
    tls_policy: Value = ABSENT


@dataclass(slots=True)
class PolicyOf(Fact):
    """Statements of ``source`` (a resource key) apply to ``target`` (a resource key): a domain's
    access policy written in a policy document data source or a separate policy resource."""

    target: str = ""
    source: str = ""


@dataclass(slots=True)
class Warehouse(Fact):
    """A Redshift (provisioned) cluster."""

    publicly_accessible: Value = ABSENT
    encrypted: Value = ABSENT
    skip_final_snapshot: Value = ABSENT
    final_snapshot_identifier: Value = ABSENT


@dataclass(slots=True)
class FileSystem(Fact):
    """An EFS file system."""

    encrypted: Value = ABSENT


@dataclass(slots=True)
class DatabaseProxy(Fact):
    """An RDS proxy."""

    require_tls: Value = ABSENT


@dataclass(slots=True)
class TaskVolumes(Fact):
    """The EFS volumes of an ECS task definition: ``transit`` lists each one's
    transit-encryption setting (a ``Value`` each)."""

    transit: Value = ABSENT


@dataclass(slots=True)
class ParameterGroup(Fact):
    """An RDS (instance or cluster) parameter group: ``parameters`` maps each parameter name
    written to its ``Value``."""

    family: Value = ABSENT
    parameters: Value = ABSENT


def _present(dotted: str, reason: str) -> Any:
    """A reader: True where the block ``dotted`` is written, else False for ``reason``."""

    def read(res: Resource) -> Value:
        found = setting(res, dotted)
        if found.defaulted or found.value in (None, [], {}):
            return default(False, reason, found.path)
        return known(True, found.path)

    return read


def _engine_default(dotted: str, engine: str, reason: str) -> Any:
    """A reader for an ElastiCache encryption flag: off by default for Redis OSS; Valkey groups
    get no assumed default."""

    def read(res: Resource) -> Value:
        name = setting(res, engine, "redis").value
        if name == "redis":
            return setting(res, dotted, False, reason)
        return setting(res, dotted, None, f"no assumed default for engine {name}")

    return read


def _efs_transit(res: Resource) -> Value:
    """One transit-encryption ``Value`` per EFS volume of an ECS task definition."""
    dotted, key = (
        ("volume.efs_volume_configuration", "transit_encryption")
        if res.format == _TF
        else ("Volumes.EFSVolumeConfiguration", "TransitEncryption")
    )
    found = [
        item(config, key, path, absent="DISABLED", reason="ECS leaves transit encryption DISABLED")
        for path, config in find(res.attrs, dotted)
        if isinstance(config, dict)
    ]
    return known(found, (dotted.split(".")[0],))


def _parameters(res: Resource) -> Value:
    """Parameter name → its ``Value``, from Terraform ``parameter`` blocks or CloudFormation's
    ``Parameters`` mapping."""
    out: dict[str, Value] = {}
    if res.format == _TF:
        for i, block in enumerate(as_list(res.get("parameter"))):
            if isinstance(block, dict) and isinstance(block.get("name"), str):
                out[block["name"]] = known(block.get("value"), ("parameter", i, "value"))
    elif isinstance(res.get("Parameters"), dict):
        for name, value in res.get("Parameters").items():
            out[str(name)] = known(value, ("Parameters", name))
    return known(out, ())


_NO_AT_REST = "ElastiCache does not encrypt at rest unless asked"
_NO_TRANSIT = "ElastiCache does not encrypt in transit unless asked"
_NOT_IN_VPC = "without VPC options the domain has a public endpoint"

SHAPES = (
    Shape(
        Cache,
        types={
            _TF: ("aws_elasticache_replication_group",),
            _CFN: ("AWS::ElastiCache::ReplicationGroup",),
        },
        fields={
            "engine": Field({_TF: "engine", _CFN: "Engine"}, absent="redis", reason="redis"),
            "at_rest_encryption": Field(
                {
                    _TF: _engine_default("at_rest_encryption_enabled", "engine", _NO_AT_REST),
                    _CFN: _engine_default("AtRestEncryptionEnabled", "Engine", _NO_AT_REST),
                }
            ),
            "transit_encryption": Field(
                {
                    _TF: _engine_default("transit_encryption_enabled", "engine", _NO_TRANSIT),
                    _CFN: _engine_default("TransitEncryptionEnabled", "Engine", _NO_TRANSIT),
                }
            ),
            "automatic_failover": Field(
                {_TF: "automatic_failover_enabled", _CFN: "AutomaticFailoverEnabled"},
                absent=False,
                reason="automatic failover is off by default",
            ),
            "nodes": Field({_TF: "num_cache_clusters", _CFN: "NumCacheClusters"}),
            "replicas_per_shard": Field(
                {_TF: "replicas_per_node_group", _CFN: "ReplicasPerNodeGroup"}
            ),
            "snapshot_retention": Field(
                {_TF: "snapshot_retention_limit", _CFN: "SnapshotRetentionLimit"},
                absent=0,
                reason="ElastiCache keeps no automatic backups by default",
            ),
        },
    ),
    Shape(
        SearchDomain,
        types={
            _TF: ("aws_opensearch_domain", "aws_elasticsearch_domain"),
            _CFN: ("AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"),
        },
        fields={
            "in_vpc": Field(
                {
                    _TF: _present("vpc_options", _NOT_IN_VPC),
                    _CFN: _present("VPCOptions", _NOT_IN_VPC),
                }
            ),
            "at_rest_encryption": Field(
                {_TF: "encrypt_at_rest.enabled", _CFN: "EncryptionAtRestOptions.Enabled"},
                absent=False,
                reason="a domain is not encrypted at rest unless asked",
            ),
            "node_to_node_encryption": Field(
                {
                    _TF: "node_to_node_encryption.enabled",
                    _CFN: "NodeToNodeEncryptionOptions.Enabled",
                },
                absent=False,
                reason="node-to-node encryption is off unless asked",
            ),
            "enforce_https": Field(
                {
                    _TF: "domain_endpoint_options.enforce_https",
                    _CFN: "DomainEndpointOptions.EnforceHTTPS",
                }
            ),
            "tls_policy": Field(
                {
                    _TF: "domain_endpoint_options.tls_security_policy",
                    _CFN: "DomainEndpointOptions.TLSSecurityPolicy",
                }
            ),
        },
    ),
    Shape(
        Warehouse,
        types={_TF: ("aws_redshift_cluster",), _CFN: ("AWS::Redshift::Cluster",)},
        fields={
            "publicly_accessible": Field({_TF: "publicly_accessible", _CFN: "PubliclyAccessible"}),
            "encrypted": Field({_TF: "encrypted", _CFN: "Encrypted"}),
            "skip_final_snapshot": Field(
                {_TF: "skip_final_snapshot"},
                absent=False,
                reason="the provider default is false",
                by_format={_CFN: (None, "CloudFormation has no such setting")},
            ),
            "final_snapshot_identifier": Field({_TF: "final_snapshot_identifier"}),
        },
    ),
    Shape(
        FileSystem,
        types={_TF: ("aws_efs_file_system",), _CFN: ("AWS::EFS::FileSystem",)},
        fields={
            "encrypted": Field(
                {_TF: "encrypted", _CFN: "Encrypted"},
                absent=False,
                reason="EFS does not encrypt a file system created without it",
            )
        },
    ),
    Shape(
        DatabaseProxy,
        types={_TF: ("aws_db_proxy",), _CFN: ("AWS::RDS::DBProxy",)},
        fields={
            "require_tls": Field(
                {_TF: "require_tls", _CFN: "RequireTLS"},
                absent=False,
                reason="a proxy accepts unencrypted connections by default",
            )
        },
    ),
    Shape(
        TaskVolumes,
        types={_TF: ("aws_ecs_task_definition",), _CFN: ("AWS::ECS::TaskDefinition",)},
        fields={"transit": Field({_TF: _efs_transit, _CFN: _efs_transit})},
    ),
    Shape(
        ParameterGroup,
        types={
            _TF: ("aws_db_parameter_group", "aws_rds_cluster_parameter_group"),
            _CFN: ("AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup"),
        },
        fields={
            "family": Field({_TF: "family", _CFN: "Family"}),
            "parameters": Field({_TF: _parameters, _CFN: _parameters}),
        },
    ),
)


def domain_policies(graph: Any, res: Resource) -> list:
    """Terraform: where the access policy of an OpenSearch/Elasticsearch domain is written
    besides the domain's own ``access_policies``: a policy document data source it refers to,
    and ``aws_*_domain_policy`` resources naming the domain (with their data sources)."""
    if res.type.endswith("_domain_policy"):
        domain = graph.target(res, res.get("domain_name"))
        if not domain:
            return []
        out = [PolicyOf(res, ("access_policies",), domain, res.key)]
    else:
        domain, out = res.key, []
    source = graph.target(res, res.get("access_policies"))
    if source and isinstance(res.get("access_policies"), Ref):
        out.append(PolicyOf(res, ("access_policies",), domain, source))
    return out
