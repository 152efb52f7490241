"""infralint's public API: everything a rule plugin or an embedding program may import.

A rule module (see ``ARCHITECTURE.md``)::

    from infralint.api import Bucket

    ID, NAME, CATEGORY, SEVERITY = "EX900", "bucket-without-owner", "tagging", "low"
    FACTS = (Bucket,)
    INFRALINT_API = (1,)           # the API versions the plugin is written for

    def check(ctx, bucket):
        if "owner" not in (bucket.tags.value or {}):
            yield ctx.finding(bucket.resource, bucket.path, f"{bucket.resource.address} ...")

An embedding program::

    from infralint.api import lint

    result = lint(["infra/"], "infra/.infralint.toml")
    for finding in result.findings: ...

Names not exported here are internal and may change in any release. ``API_VERSION`` changes
when a name here changes incompatibly; a plugin whose ``INFRALINT_API`` does not list it is not
loaded, with a diagnostic that says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from infralint.engine import API_VERSION, Context, Rule, UndeclaredFact
from infralint.facts import (
    Attachment,
    Bucket,
    Container,
    EnvVar,
    Fact,
    IngressRule,
    InternetRoute,
    ManagedDatabase,
    ManagedPolicyAttachment,
    Mount,
    PolicyStatement,
    PublishedPort,
    SecretValue,
    SubnetRouting,
    Table,
    TextFile,
)
from infralint.facts.apis import Api, ApiDomain, ApiMethod, ApiStage, FunctionUrl, SensitiveLogging
from infralint.facts.cfn_schema import TemplateResource
from infralint.facts.compute import (
    EbsDefaultEncryption,
    EbsVolumes,
    EcsService,
    FlowLog,
    Instance,
    LifecyclePolicy,
    Repository,
    Subnet,
    SubnetGroup,
    Vpc,
)
from infralint.facts.correctness import BlockLabels, DuplicateKeys, PlanTimeArguments
from infralint.facts.databases import (
    Cache,
    DatabaseProxy,
    FileSystem,
    ParameterGroup,
    PolicyOf,
    SearchDomain,
    TaskVolumes,
    Warehouse,
)
from infralint.facts.dockerfile import (
    DockerfileCopy,
    DockerfileInstruction,
    DockerfileRun,
    DockerfileStage,
    DockerfileVariable,
)
from infralint.facts.edge import Distribution, LogDelivery, WafAssociation, WebEntryPoint
from infralint.facts.elb import Listener, LoadBalancer
from infralint.facts.functions import LambdaFunction
from infralint.facts.messaging import (
    AccessKey,
    KmsKey,
    Queue,
    Secret,
    SecretRotation,
    TemplateParameter,
    Topic,
)
from infralint.facts.network import Listeners
from infralint.facts.project import DefaultTags, Project, Tags
from infralint.facts.s3 import BucketAcl, BucketSetting, LogSource, PublicAccessBlock
from infralint.facts.snapshots import DeletionSnapshot
from infralint.facts.values import ABSENT, DEFAULT, EXPLICIT, UNKNOWN, Value, attr, default, known
from infralint.facts.workflows import Workflow, WorkflowJob, WorkflowStep
from infralint.formats import Format
from infralint.model import (
    Choice,
    Diagnostic,
    Finding,
    Ref,
    Resource,
    Severity,
    Span,
    Unknown,
    as_bool,
    as_int,
    as_list,
    possible,
)

__all__ = [
    "ABSENT",
    "API_VERSION",
    "DEFAULT",
    "EXPLICIT",
    "UNKNOWN",
    "Attachment",
    "Bucket",
    "Choice",
    "Container",
    "Context",
    "Diagnostic",
    "Fact",
    "Finding",
    "Format",
    "IngressRule",
    "InternetRoute",
    "ManagedDatabase",
    "ManagedPolicyAttachment",
    "EnvVar",
    "Mount",
    "PolicyStatement",
    "PublishedPort",
    "Ref",
    "Resource",
    "Result",
    "Rule",
    "SecretValue",
    "Severity",
    "Span",
    "SubnetRouting",
    "Table",
    "TextFile",
    "UndeclaredFact",
    "Unknown",
    "Value",
    "as_bool",
    "as_int",
    "as_list",
    "attr",
    "default",
    "known",
    "lint",
    "possible",
    "Workflow",
    "WorkflowJob",
    "WorkflowStep",
    "BlockLabels",
    "DuplicateKeys",
    "PlanTimeArguments",
    "Listeners",
    "DeletionSnapshot",
    "LoadBalancer",
    "Listener",
    "Instance",
    "EbsVolumes",
    "EbsDefaultEncryption",
    "Vpc",
    "FlowLog",
    "Subnet",
    "SubnetGroup",
    "EcsService",
    "Repository",
    "LifecyclePolicy",
    "Project",
    "Tags",
    "DefaultTags",
    "DockerfileCopy",
    "DockerfileInstruction",
    "DockerfileRun",
    "DockerfileStage",
    "DockerfileVariable",
    "LambdaFunction",
    "Cache",
    "DatabaseProxy",
    "FileSystem",
    "ParameterGroup",
    "PolicyOf",
    "SearchDomain",
    "TaskVolumes",
    "Warehouse",
    "AccessKey",
    "KmsKey",
    "Queue",
    "Secret",
    "SecretRotation",
    "Topic",
    "TemplateParameter",
    "Api",
    "ApiDomain",
    "ApiMethod",
    "ApiStage",
    "FunctionUrl",
    "SensitiveLogging",
    "TemplateResource",
    "Distribution",
    "LogDelivery",
    "WafAssociation",
    "WebEntryPoint",
    "BucketAcl",
    "BucketSetting",
    "LogSource",
    "PublicAccessBlock",
]


@dataclass
class Result:
    """What ``lint`` found: findings (suppressed ones marked ``suppressed``), diagnostics
    (input problems and tool failures), the values that could not be known, and the scan
    root the paths are relative to."""

    root: str
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)
    files_scanned: int = 0


def lint(
    paths: Iterable[str | os.PathLike],
    config: Any = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    baseline: str | None = None,
    rules: list[Rule] | None = None,
) -> Result:
    """Scan ``paths`` as ``infralint scan`` does: the rules ``config`` selects (a configuration
    file's path, a loaded configuration, or None for the defaults), then suppressions, the
    ``baseline`` file (only new findings are kept) and redaction of every secret. ``rules``
    replaces the installed rules; ``select``/``ignore`` work as the command-line options.

    Raises ``ValueError`` for a bad rule option or an unusable baseline, and
    ``infralint.config.ConfigError`` for a bad configuration file."""
    from infralint import config as configuration
    from infralint import lint as pipeline
    from infralint.discover import scan_root
    from infralint.engine import load_rules
    from infralint.scan import Limits, ScanOptions, scan

    names = [os.fspath(p) for p in paths] or ["."]
    root = scan_root(names)
    if config is None:
        cfg = configuration.defaults()
    elif isinstance(config, str | os.PathLike):
        cfg, _ = configuration.load_config(root, os.fspath(config))
    else:
        cfg = config
    problems: list[Diagnostic] = []
    available = load_rules(problems) if rules is None else rules
    chosen = pipeline.selected_rules(
        available, cfg, None if select is None else list(select), ignore
    )
    options = ScanOptions(
        paths=names,
        exclude=list(cfg.exclude),
        max_bytes=cfg.max_file_bytes,
        var_files=list(cfg.terraform.var_files),
        vars=dict(cfg.terraform.vars),
        respect_gitignore=cfg.respect_gitignore,
        limits=Limits(**vars(cfg.limits)),
    )
    result = scan(options, chosen)
    result.diagnostics[:0] = problems
    result.diagnostics.extend(pipeline.suppress(result, chosen, cfg.require_reason, False))
    if baseline:
        pipeline.apply_baseline(result, baseline, names)
    pipeline.redact(result)
    return Result(
        result.root, result.findings, result.diagnostics, result.graph.unknowns, result.scanned
    )
