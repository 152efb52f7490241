"""Normalised facts: the small typed vocabulary rules are written against.

Each format adapter (``infralint.facts.<format>``) reads its resources and emits these
facts; rules never look at which format a resource came from. Every fact carries the resource
it was derived from and the attribute ``path`` that locates it, so a finding can point at the
exact attribute line.

A field read from the source is a ``Value`` (``infralint.facts.values``): written, defaulted
(the adapter applies its format's AWS default and says which) or unknown. Fields derived from
the graph (a security group's key, a database's subnets) are plain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from infralint.facts.values import ABSENT, Value
from infralint.model import Resource


@dataclass(slots=True)
class Fact:
    resource: Resource
    path: tuple = ()  # attribute path inside the resource that this fact is about


@dataclass(slots=True)
class ManagedDatabase(Fact):
    """An RDS instance, Aurora cluster or cluster instance (engine may be unknown)."""

    kind: str = "instance"  # instance | cluster | cluster-instance
    engine: Value = ABSENT
    port: Value = ABSENT  # defaulted to the engine's port
    publicly_accessible: Value = ABSENT  # defaulted per format (see the adapters)
    backup_retention: Value = ABSENT  # days
    skip_final_snapshot: Value = ABSENT
    deletion_policy: Value = ABSENT  # CloudFormation DeletionPolicy
    storage_encrypted: Value = ABSENT
    deletion_protection: Value = ABSENT
    multi_az: Value = ABSENT  # instances only
    username: Value = ABSENT  # the master user name
    final_snapshot_identifier: Value = ABSENT  # Terraform only
    from_snapshot: bool = False  # restored from a snapshot (or a point in time): inherits its
    # encryption
    in_cluster: bool = False  # an instance whose backups are the cluster's
    replica: bool = False  # a read replica: the data and its backups are the source's
    security_groups: list = field(default_factory=list)  # Ref / str values
    subnets: list[str] = field(default_factory=list)  # graph keys of its DB subnet group's subnets


@dataclass(slots=True)
class SubnetRouting(Fact):
    """A subnet associated with a route table (both graph keys)."""

    subnet: str = ""
    table: str = ""


@dataclass(slots=True)
class InternetRoute(Fact):
    """A route table entry sending every address (0.0.0.0/0 or ::/0) to an internet gateway."""

    table: str = ""  # graph key of the route table
    gateway: str = ""  # address of the internet gateway


@dataclass(slots=True)
class Table(Fact):
    """A DynamoDB table."""

    point_in_time_recovery: Value = ABSENT


@dataclass(slots=True)
class PublishedPort:
    host_ip: Any  # "" when not bound (all interfaces)
    host_port: Any  # str ("5432", "8000-8010") or "" for an ephemeral port
    container_port: Any
    protocol: str
    path: tuple


@dataclass(slots=True)
class Mount:
    target: Any  # path inside the container
    source: Any  # volume name, host path or "" for an anonymous volume
    kind: str  # volume | bind | tmpfs | anonymous
    path: tuple


@dataclass(slots=True)
class EnvVar:
    """One environment variable (or injected secret) of a container: its name and value (for a
    secret, where the value comes from: an ARN or a secret's name)."""

    name: Any
    value: Value
    value_from: Value = ABSENT  # an ECS environment entry's valueFrom (not allowed there)


@dataclass(slots=True)
class Container(Fact):
    """A container: a compose service, an ECS container definition or the image a Dockerfile
    builds (its final stage)."""

    runtime: str = "compose"  # compose | ecs-fargate | ecs-ec2 | ecs | image (a Dockerfile)
    name: str = ""  # the service / container name
    image: Value = ABSENT
    built: bool = False  # the image is built here from source (compose ``build:``)
    user: Value = ABSENT  # the user it runs as; None: the image's own USER (root if none)
    database: str = ""  # the database/cache product the image runs ("postgres", "redis"...)
    data_dir: str = ""  # where that product keeps its data inside the container
    database_ports: tuple[int, ...] = ()  # the ports that product serves its clients on
    ports: list[PublishedPort] = field(default_factory=list)
    mounts: list[Mount] = field(default_factory=list)
    network_mode: Value = ABSENT
    pid_mode: Value = ABSENT  # "host" shares the host's process namespace
    privileged: Value = ABSENT
    capabilities: Value = ABSENT  # Linux capabilities added (a list)
    healthcheck: Value = ABSENT  # the health check as written; None: none
    memory: Value = ABSENT  # the hard memory limit as written; None: none
    memory_reservation: Value = ABSENT  # the soft limit (ECS memoryReservation)
    essential: Value = ABSENT  # ECS: the task stops when it stops
    logging: Value = ABSENT  # the log configuration as written; None: the runtime's default
    environment: list[EnvVar] = field(default_factory=list)  # plain environment variables
    secrets: list[EnvVar] = field(default_factory=list)  # injected secrets (value: where from)
    execution_role: Value = ABSENT  # ECS: the role that pulls images and reads secrets
    awaits_healthy: list[str] = field(default_factory=list)  # compose: services it waits for
    # to be healthy (``depends_on: {name: {condition: service_healthy}}``)


@dataclass(slots=True)
class IngressRule(Fact):
    """One ingress permission of a security group (a CIDR list, ports and protocol)."""

    group: str = ""  # graph key of the security group it belongs to ("" if unknown)
    protocol: Value = ABSENT  # "all" for every protocol, else "tcp", "udp", "icmp", ...
    from_port: Value = ABSENT
    to_port: Value = ABSENT
    cidrs: list[Value] = field(default_factory=list)  # IPv4 and IPv6 sources
    has_source_group: bool = False


@dataclass(slots=True)
class Attachment(Fact):
    """A security group attached to something (``kind`` says to what)."""

    group: str = ""  # graph key of the security group
    kind: str = ""  # load-balancer | database | cache | ecs-service | instance | function | other
    internet_facing: Value = ABSENT  # for load balancers


@dataclass(slots=True)
class PolicyStatement(Fact):
    """One statement of an IAM-style policy document."""

    policy_kind: str = "identity"  # identity | resource | trust | kms-key | scp | tag-policy
    effect: Value = ABSENT
    actions: Value = ABSENT  # each a list of the values written (a Choice flattened)
    not_actions: Value = ABSENT
    resources: Value = ABSENT
    not_resources: Value = ABSENT
    principals: Value = ABSENT  # flattened principal values ("*", ARNs, "Service:...")
    has_condition: bool = False
    condition: Value = ABSENT  # the Condition block: {operator: {key: values}}
    operators: tuple = ()  # (condition operator, where it is written) for each one
    has_not_action: bool = False
    action_path: tuple = ()  # where the actions are written (for the finding's location)
    principal_path: tuple = ()


@dataclass(slots=True)
class ManagedPolicyAttachment(Fact):
    """A managed policy ARN attached to a user, group or role."""

    arn: Value = ABSENT


@dataclass(slots=True)
class SecretValue(Fact):
    """A value written in an attribute that holds a secret (a password, a key, a token).

    ``value`` is what the source says, before any interpolation; ``origin`` says where it was
    written when it came from a variable or parameter default.
    """

    name: str = ""  # the attribute / variable name
    value: Value = ABSENT
    what: str = ""  # human description ("master password", "environment variable DB_PASSWORD")


@dataclass(slots=True)
class TextFile:
    """Any text file of the scan (for the pattern-based secret detectors)."""

    path: str
    text: str
    kind: str  # terraform | tfvars | cloudformation | compose | dotenv | text


from infralint.facts.s3 import Bucket as Bucket  # noqa: E402 (declared with the S3 facts)
