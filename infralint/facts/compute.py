"""Compute and network facts: EC2 instances and launch templates, EBS volumes, VPCs and their
flow logs, subnets and the subnet groups databases are placed in, ECS services, ECR
repositories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infralint.facts import Fact
from infralint.facts.aws import find
from infralint.facts.shapes import Field, Referable, Shape, named, refers
from infralint.facts.values import ABSENT, Value, default, known
from infralint.model import Resource, Unknown, as_bool


@dataclass(slots=True)
class Instance(Fact):
    """An EC2 instance, launch template or launch configuration."""

    public_ip: Value = ABSENT  # whether it asks for a public IPv4 address (None: the subnet's)
    source_dest_check: Value = ABSENT  # False: it forwards traffic (a NAT instance, a router)


@dataclass(slots=True)
class EbsVolumes(Fact):
    """The EBS volumes a resource creates: a volume, or an instance's, launch template's or
    launch configuration's block devices. ``encrypted`` is the first of them left unencrypted
    (else one whose encryption is unknown, else the first one); ``None`` when a volume inherits
    its encryption from the snapshot (or the AMI) it is made from."""

    encrypted: Value = ABSENT


@dataclass(slots=True)
class EbsDefaultEncryption(Fact):
    """``aws_ebs_encryption_by_default``: the account encrypts every new EBS volume."""

    enabled: Value = ABSENT


@dataclass(slots=True)
class Vpc(Referable, Fact):
    """A VPC."""


@dataclass(slots=True)
class FlowLog(Fact):
    """A VPC flow log."""

    vpc: Value = ABSENT  # the node of the VPC it records (see shapes.refers)

    @property
    def target(self) -> str:
        return named(self.vpc)


@dataclass(slots=True)
class Subnet(Referable, Fact):
    """A subnet."""

    public_ip_on_launch: Value = ABSENT


@dataclass(slots=True)
class SubnetGroup(Fact):
    """The subnets an RDS, DocumentDB, Neptune, ElastiCache or Redshift subnet group spans."""

    subnets: Value = ABSENT  # nodes of its subnets (a list), or ids / unknowns


@dataclass(slots=True)
class EcsService(Fact):
    """An ECS service: its network and deployment settings."""

    public_ip: Value = ABSENT  # True / "ENABLED": its tasks get public addresses
    controller: Value = ABSENT  # ECS | CODE_DEPLOY | EXTERNAL
    breaker: Value = ABSENT  # the deployment circuit breaker is on
    breaker_rollback: Value = ABSENT  # ... and rolls a failed deployment back
    alarms: Value = ABSENT  # deployment alarms are on
    alarms_rollback: Value = ABSENT  # ... and roll a failed deployment back


@dataclass(slots=True)
class Repository(Referable, Fact):
    """An ECR repository."""

    name: Value = ABSENT
    tag_mutability: Value = ABSENT  # MUTABLE | IMMUTABLE | *_WITH_EXCLUSION
    lifecycle_policy: Value = ABSENT  # written on the repository itself (CloudFormation)


@dataclass(slots=True)
class LifecyclePolicy(Fact):
    """``aws_ecr_lifecycle_policy``: a lifecycle policy of a repository."""

    repository: Value = ABSENT  # the node of the repository, or its name

    @property
    def target(self) -> str:
        return named(self.repository)


# -- readers ----------------------------------------------------------------------------------
def _first_public(*paths: str) -> Any:
    """A reader of whether any network interface at the dotted ``paths`` asks for a public
    address: the first that may, else the first unknown, else the first written."""

    def read_public(res: Resource) -> Value:
        written = [known(v, p) for dotted in paths for p, v in find(res.attrs, dotted)]
        return _pick(written, lambda v: v.may_be_true()) or default(
            None, "without it, the subnet's map_public_ip_on_launch decides"
        )

    return read_public


def _pick(values: list[Value], bad: Any) -> Value | None:
    """The first value that is ``bad``, else the first unknown, else the first one."""
    for test in (bad, lambda v: v.unknown, lambda v: True):
        found = next((v for v in values if test(v)), None)
        if found is not None:
            return found
    return None


# Device names that are an AMI's root device: their volume is made from the AMI's snapshot.
_ROOT_DEVICES = frozenset({"/dev/xvda", "/dev/sda1", "/dev/sda"})
_INHERITS = "a volume made from a snapshot (or an AMI's root volume) inherits its encryption"


def _volumes(tf: bool) -> Any:
    """A reader of the EBS volumes a resource creates (Terraform or CloudFormation names)."""
    key, snapshot = ("encrypted", "snapshot_id") if tf else ("Encrypted", "SnapshotId")
    device, ebs = ("device_name", "ebs") if tf else ("DeviceName", "Ebs")
    mappings = (
        ("block_device_mappings",)
        if tf
        else ("BlockDeviceMappings", "LaunchTemplateData.BlockDeviceMappings")
    )
    unencrypted = (
        "the AWS provider creates EBS volumes unencrypted unless encrypted = true"
        if tf
        else "CloudFormation creates EBS volumes unencrypted unless Encrypted is true"
    )

    def encryption(path: tuple, block: Any, root: bool) -> Value:
        if not isinstance(block, dict):
            return known(Unknown("block device mapping not known"), path)
        if key in block:
            return known(block[key], path + (key,))
        if root or block.get(snapshot) is not None:
            return default(None, _INHERITS, path + (key,))
        return default(False, unencrypted, path + (key,))

    def read_volumes(res: Resource) -> Value:
        disks = []
        if res.type in ("aws_ebs_volume", "AWS::EC2::Volume"):
            disks.append(encryption((), res.attrs, False))
        if tf:  # aws_instance and aws_launch_configuration
            disks += [encryption(p, b, True) for p, b in find(res.attrs, "root_block_device")]
            disks += [encryption(p, b, False) for p, b in find(res.attrs, "ebs_block_device")]
        for dotted in mappings:
            for path, mapping in find(res.attrs, dotted):
                name = mapping.get(device) if isinstance(mapping, dict) else None
                root = isinstance(name, str) and name in _ROOT_DEVICES
                disks += [encryption(p, b, root) for p, b in find(mapping, ebs, path)]
        return _pick(disks, lambda v: v.any(lambda e: as_bool(e) is False)) or ABSENT

    return read_volumes


# -- shapes -----------------------------------------------------------------------------------
_NO_BREAKER = "the deployment circuit breaker is off unless enabled"
_NO_ALARMS = "deployment alarms are off unless enabled"

SHAPES = (
    Shape(
        Instance,
        types={
            "terraform": ("aws_instance", "aws_launch_template", "aws_launch_configuration"),
            "cloudformation": (
                "AWS::EC2::Instance",
                "AWS::EC2::LaunchTemplate",
                "AWS::AutoScaling::LaunchConfiguration",
            ),
        },
        fields={
            "public_ip": Field(
                {
                    "terraform": _first_public(
                        "associate_public_ip_address",
                        "network_interfaces.associate_public_ip_address",
                    ),
                    "cloudformation": _first_public(
                        "AssociatePublicIpAddress",
                        "NetworkInterfaces.AssociatePublicIpAddress",
                        "LaunchTemplateData.NetworkInterfaces.AssociatePublicIpAddress",
                    ),
                }
            ),
            "source_dest_check": Field(
                {"terraform": "source_dest_check", "cloudformation": "SourceDestCheck"},
                absent=True,
                reason="an instance drops traffic not addressed to it by default",
            ),
        },
    ),
    Shape(
        EbsVolumes,
        types={
            "terraform": (
                "aws_ebs_volume",
                "aws_instance",
                "aws_launch_template",
                "aws_launch_configuration",
            ),
            "cloudformation": (
                "AWS::EC2::Volume",
                "AWS::EC2::Instance",
                "AWS::EC2::LaunchTemplate",
                "AWS::AutoScaling::LaunchConfiguration",
            ),
        },
        fields={
            "encrypted": Field({"terraform": _volumes(True), "cloudformation": _volumes(False)})
        },
    ),
    Shape(
        EbsDefaultEncryption,
        types={"terraform": ("aws_ebs_encryption_by_default",)},
        fields={
            "enabled": Field(
                {"terraform": "enabled"}, absent=True, reason="enabled is true by default"
            )
        },
    ),
    Shape(Vpc, types={"terraform": ("aws_vpc",), "cloudformation": ("AWS::EC2::VPC",)}, fields={}),
    Shape(
        FlowLog,
        types={"terraform": ("aws_flow_log",), "cloudformation": ("AWS::EC2::FlowLog",)},
        fields={
            "vpc": Field({"terraform": refers("vpc_id"), "cloudformation": refers("ResourceId")})
        },
    ),
    Shape(
        Subnet,
        types={"terraform": ("aws_subnet",), "cloudformation": ("AWS::EC2::Subnet",)},
        fields={
            "public_ip_on_launch": Field(
                {"terraform": "map_public_ip_on_launch", "cloudformation": "MapPublicIpOnLaunch"},
                absent=False,
                reason="a subnet does not give public addresses unless asked",
            )
        },
    ),
    Shape(
        SubnetGroup,
        types={
            "terraform": (
                "aws_db_subnet_group",
                "aws_docdb_subnet_group",
                "aws_neptune_subnet_group",
                "aws_elasticache_subnet_group",
                "aws_redshift_subnet_group",
            ),
            "cloudformation": (
                "AWS::RDS::DBSubnetGroup",
                "AWS::DocDB::DBSubnetGroup",
                "AWS::Neptune::DBSubnetGroup",
                "AWS::ElastiCache::SubnetGroup",
                "AWS::Redshift::ClusterSubnetGroup",
            ),
        },
        fields={
            "subnets": Field(
                {"terraform": refers("subnet_ids"), "cloudformation": refers("SubnetIds")}
            )
        },
    ),
    Shape(
        EcsService,
        types={"terraform": ("aws_ecs_service",), "cloudformation": ("AWS::ECS::Service",)},
        fields={
            "public_ip": Field(
                {
                    "terraform": "network_configuration.assign_public_ip",
                    "cloudformation": "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp",
                },
                absent=False,
                reason="tasks get no public address by default",
            ),
            "controller": Field(
                {
                    "terraform": "deployment_controller.type",
                    "cloudformation": "DeploymentController.Type",
                },
                absent="ECS",
                reason="ECS deploys the service itself by default",
            ),
            "breaker": Field(
                {
                    "terraform": "deployment_circuit_breaker.enable",
                    "cloudformation": "DeploymentConfiguration.DeploymentCircuitBreaker.Enable",
                },
                absent=False,
                reason=_NO_BREAKER,
            ),
            "breaker_rollback": Field(
                {
                    "terraform": "deployment_circuit_breaker.rollback",
                    "cloudformation": "DeploymentConfiguration.DeploymentCircuitBreaker.Rollback",
                },
                absent=False,
                reason=_NO_BREAKER,
            ),
            "alarms": Field(
                {
                    "terraform": "alarms.enable",
                    "cloudformation": "DeploymentConfiguration.Alarms.Enable",
                },
                absent=False,
                reason=_NO_ALARMS,
            ),
            "alarms_rollback": Field(
                {
                    "terraform": "alarms.rollback",
                    "cloudformation": "DeploymentConfiguration.Alarms.Rollback",
                },
                absent=False,
                reason=_NO_ALARMS,
            ),
        },
    ),
    Shape(
        Repository,
        types={
            "terraform": ("aws_ecr_repository",),
            "cloudformation": ("AWS::ECR::Repository",),
        },
        fields={
            "name": Field({"terraform": "name", "cloudformation": "RepositoryName"}),
            "tag_mutability": Field(
                {"terraform": "image_tag_mutability", "cloudformation": "ImageTagMutability"},
                absent="MUTABLE",
                reason="ECR repositories have mutable tags by default",
            ),
            "lifecycle_policy": Field({"cloudformation": "LifecyclePolicy"}),
        },
    ),
    Shape(
        LifecyclePolicy,
        types={"terraform": ("aws_ecr_lifecycle_policy",)},
        fields={"repository": Field({"terraform": refers("repository")})},
    ),
)
