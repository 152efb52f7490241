"""AWS knowledge shared by the Terraform and CloudFormation adapters: policy documents,
protocols and ports, which resources hold secrets."""

from __future__ import annotations

import re
from typing import Any

from infralint.facts import Attachment, PolicyStatement
from infralint.facts.values import Value, default, known
from infralint.graph.hcl_eval import decode_json
from infralint.model import Choice, Ref, Resource, Unknown, as_int, as_list, possible


def statements(res: Resource, path: tuple, document: Any, kind: str) -> list[PolicyStatement]:
    """The statements of a policy document found at ``path`` of ``res``.

    ``document`` may be a JSON string, a structure, ``Encoded`` or a ``Choice`` of those."""
    out: list[PolicyStatement] = []
    for doc in possible(document):
        doc = decode_json(doc)
        if not isinstance(doc, dict):
            continue
        body = doc.get("Statement")
        items = body if isinstance(body, list) else [body]
        base = path + ("Statement",)
        for i, stmt in enumerate(items):
            if not isinstance(stmt, dict):
                continue
            where = base + (i,) if isinstance(body, list) else base
            out.append(statement(res, where, stmt, kind))
    return out


def statement(
    res: Resource, path: tuple, stmt: dict, kind: str, names: dict[str, str] | None = None
) -> PolicyStatement:
    """A statement given in IAM JSON form; ``names`` maps JSON keys to the keys the source
    really uses (``aws_iam_policy_document`` writes ``actions`` for ``Action``)."""
    names = names or {}
    stmt = {k: v for k, v in stmt.items() if v is not None}  # null is absent
    action_key = "NotAction" if "NotAction" in stmt and "Action" not in stmt else "Action"
    return PolicyStatement(
        resource=res,
        path=path,
        policy_kind=kind,
        effect=known(stmt["Effect"], path + (names.get("Effect", "Effect"),))
        if "Effect" in stmt
        else default("Allow", "a statement without Effect is read as Allow"),
        actions=_listed(stmt, "Action", path, names, _strings),
        not_actions=_listed(stmt, "NotAction", path, names, _strings),
        resources=_listed(stmt, "Resource", path, names, _strings),
        not_resources=_listed(stmt, "NotResource", path, names, _strings),
        principals=_listed(stmt, "Principal", path, names, principals),
        has_condition=bool(stmt.get("Condition")),
        condition=_condition(stmt, path, names),
        operators=tuple((op, path + ("Condition", op)) for op in _dict(stmt.get("Condition"))),
        has_not_action=_written(stmt, "NotAction"),
        action_path=path + (names.get(action_key, action_key),),
        principal_path=path + (names.get("Principal", "Principal"),),
    )


def _condition(stmt: dict, path: tuple, names: dict) -> Value:
    where = path + (names.get("Condition", "Condition"),)
    block = stmt.get("Condition")
    return known(block, where) if block else default({}, "the statement has no Condition", where)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _written(stmt: dict, key: str) -> bool:
    """True when the statement has ``key`` with a value (an unknown one may be null)."""
    return key in stmt and not isinstance(stmt[key], Unknown | Ref)


def _listed(stmt: dict, key: str, path: tuple, names: dict, flatten: Any) -> Value:
    """The statement's ``key`` as a list of its values (an empty list when it is absent)."""
    where = path + (names.get(key, key),)
    if key not in stmt:
        return default([], f"the statement has no {key}", where)
    return known(flatten(stmt[key]), where)


def _strings(value: Any) -> list:
    out: list = []
    for item in as_list(value):
        out.extend(possible(item) if isinstance(item, Choice) else [item])
    return out


def principals(value: Any) -> list:
    """Principal values flattened: ``"*"``, ``{"AWS": "*"}``, ``{"Service": [...]}``."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        out: list = []
        for kind, ids in value.items():
            for item in _strings(ids):
                out.append(item if kind == "AWS" or item == "*" else f"{kind}:{item}")
        return out
    return [Unknown("principal not known")] if not isinstance(value, list) else _strings(value)


_ACCOUNT_ROOT = re.compile(r"(arn:[\w-]+:iam::\d{12}:root|\d{12})")


def key_policy_shape(stmt: dict) -> bool:
    """True for the statement every KMS key policy starts with (AWS's default key policy): the
    account root principal (or one not known statically) allowed ``kms:*`` on ``Resource "*"``.
    Only a key policy says this, wherever the document is handed (a module's ``policy``)."""
    found = principals(stmt.get("Principal"))
    return (
        "kms:*" in _strings(stmt.get("Action"))
        and _strings(stmt.get("Resource")) == ["*"]
        and bool(found)
        and all(isinstance(p, Unknown | Ref) or _root(p) for p in found)
    )


def own_account(value: Any) -> bool:
    """True for a value computed from the deploying account's id (``AWS::AccountId``, the
    ``aws_caller_identity`` data source): a principal of the same account as the resource."""
    if isinstance(value, Ref):  # in a module: module.<name>.data.aws_caller_identity.<name>
        return ".data.aws_caller_identity." in f".{value.address}"
    if isinstance(value, Unknown):
        text = f"{value.expr} {value.reason}"
        return "aws_caller_identity" in text or "AWS::AccountId" in text
    return False


def access_point_delegation(stmt: Any) -> bool:
    """True for S3's documented delegation to the account's access points: every principal,
    on condition ``s3:DataAccessPointAccount`` equals the bucket's own account."""
    block = stmt.condition.value if isinstance(stmt.condition.value, dict) else {}
    for operator, tests in block.items():
        if operator == "StringEquals" and isinstance(tests, dict):
            accounts = as_list(tests.get("s3:DataAccessPointAccount"))
            if accounts and all(own_account(a) for a in accounts):
                return True
    return False


BUCKET_TYPES = ("aws_s3_bucket", "AWS::S3::Bucket")
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")  # S3's naming rules

# A template that starts with a reference: "${aws_s3_bucket.logs.id}/*", !Sub "${Bucket}/*"
_LEADING_REF = re.compile(
    r'"?\$\{\s*([A-Za-z][\w-]*(?:\.[\w-]+)?(?:\[[^\]]*\])?)(?:\.(id|bucket))?\s*\}'
)


def bucket_name(graph: Any, res: Resource, value: Any) -> str:
    """How ``value`` names an S3 bucket by its name where an ARN belongs ("" when it does not):
    a literal that is no ARN, a reference to a bucket's name (``bucket.id``, ``!Ref Bucket``),
    or a template starting with one (``"${Bucket}/*"``)."""
    if isinstance(value, str):  # a bucket's name, alone or with a key: "uploads/*"
        return value if _BUCKET_NAME.fullmatch(value) else ""
    if isinstance(value, Ref):
        return str(value) if _names_bucket(graph, res, value.address, value.attribute) else ""
    if isinstance(value, Unknown):
        match = _LEADING_REF.match(value.expr.strip())
        if match and _names_bucket(graph, res, match.group(1), match.group(2)):
            return value.expr.strip().strip('"')
    return ""


def _names_bucket(graph: Any, res: Resource, address: str, attribute: str | None) -> bool:
    """True when ``address``.``attribute`` is the name of an S3 bucket of the graph."""
    by_name = attribute in ("id", "bucket") if res.format == "terraform" else attribute is None
    found = graph.find(res.scope, address)
    return by_name and bool(found) and found[0].type in BUCKET_TYPES


def _root(principal: Any) -> bool:
    return isinstance(principal, str) and _ACCOUNT_ROOT.fullmatch(principal) is not None


def protocol(value: Any) -> Any:
    """Normalise a protocol: ``"-1"``/``"all"``/``-1`` → ``"all"``; numbers to names."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    if isinstance(value, str):
        text = value.strip().lower()
        return {
            "-1": "all",
            "all": "all",
            "6": "tcp",
            "17": "udp",
            "1": "icmp",
            "58": "icmpv6",
        }.get(text, text)
    return value


def find(value: Any, dotted: str, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Every (path, value) reached by a dotted attribute path, stepping through lists (nested
    Terraform blocks and CloudFormation lists alike)."""
    if isinstance(value, list):
        out: list = []
        for i, item in enumerate(value):
            out.extend(find(item, dotted, path + (i,)))
        return out
    if not dotted:
        return [(path, value)]
    if not isinstance(value, dict):
        return []
    head, _, rest = dotted.partition(".")
    if head not in value:
        return []
    return find(value[head], rest, path + (head,))


# Engines whose instance is a database of the given product (for messages and compose images).
SECRET_PROPERTIES = {
    # Terraform resource type / CloudFormation type: secret-holding attributes
    "aws_db_instance": ("password",),
    "aws_rds_cluster": ("master_password",),
    "aws_docdb_cluster": ("master_password",),
    "aws_redshift_cluster": ("master_password",),
    "aws_neptune_cluster": ("master_password",),
    "aws_elasticache_replication_group": ("auth_token",),
    "aws_elasticache_user": ("passwords",),
    "aws_mq_broker": ("user.password",),
    "aws_opensearch_domain": (
        "advanced_security_options.master_user_options.master_user_password",
    ),
    "aws_elasticsearch_domain": (
        "advanced_security_options.master_user_options.master_user_password",
    ),
    "aws_iam_user_login_profile": ("password",),
    "aws_iam_access_key": ("secret",),
    "aws_dms_endpoint": ("password",),
    "aws_directory_service_directory": ("password",),
    "provider_aws": ("access_key", "secret_key", "token"),
    "AWS::RDS::DBInstance": ("MasterUserPassword",),
    "AWS::RDS::DBCluster": ("MasterUserPassword",),
    "AWS::DocDB::DBCluster": ("MasterUserPassword",),
    "AWS::Redshift::Cluster": ("MasterUserPassword",),
    "AWS::Neptune::DBCluster": ("MasterUserPassword",),
    "AWS::ElastiCache::ReplicationGroup": ("AuthToken",),
    "AWS::ElastiCache::User": ("Passwords",),
    "AWS::AmazonMQ::Broker": ("Users.Password",),
    "AWS::OpenSearchService::Domain": (
        "AdvancedSecurityOptions.MasterUserOptions.MasterUserPassword",
    ),
    "AWS::DMS::Endpoint": ("Password",),
    "AWS::DirectoryService::MicrosoftAD": ("Password",),
    "AWS::IAM::User": ("LoginProfile.Password",),
}


def attachments(graph: Any, res: Resource, kind: str, paths: tuple, internet_facing: Value) -> None:
    """Attachment facts for every security group referenced at the dotted ``paths``."""
    for dotted in paths:
        for path, value in find(res.attrs, dotted):
            group = graph.target(res, value)
            if group:
                graph.add_fact(Attachment(res, path, group, kind, internet_facing))


def subnets_of(graph: Any, res: Resource, group_value: Any, group_type: str, ids: str) -> list:
    """Graph keys of the subnets in the DB subnet group ``res`` names (by reference, or by a
    name that a subnet group of the same scope has)."""
    group = None
    key = graph.target(res, group_value)
    if key:
        group = graph.resources.get(key)
    if group is None:
        group = next((r for r in graph.referenced(res) if r.type == group_type), None)
    if group is None:
        return []
    return [k for k in (graph.target(group, v) for v in as_list(group.get(ids))) if k]


def internet_gateway(graph: Any, res: Resource, value: Any) -> str:
    """The address of the internet gateway ``value`` names ("" when it names none)."""
    key = graph.target(res, value)
    target = graph.resources.get(key) if key else None
    if target is not None and target.type in ("aws_internet_gateway", "AWS::EC2::InternetGateway"):
        return target.address
    if isinstance(value, str) and value.startswith("igw-"):
        return value
    return ""


def default_route(*destinations: Any) -> bool:
    """True when a route's destination is every IPv4 or every IPv6 address."""
    return any(d in ("0.0.0.0/0", "::/0") for d in destinations)


# The port a database engine listens on when none is given.
_ENGINE_PORTS = (
    ("aurora-postgresql", 5432),
    ("postgres", 5432),
    ("aurora-mysql", 3306),
    ("aurora", 3306),
    ("mysql", 3306),
    ("mariadb", 3306),
    ("oracle", 1521),
    ("sqlserver", 1433),
    ("db2", 50000),
)


def database_port(res: Resource, name: str, engine: Value) -> Value:
    """The port attribute ``name`` of a database, defaulted to its engine's port."""
    given = res.get(name)
    if given is not None:
        return known(as_int(given), (name,))
    text = engine.value if isinstance(engine.value, str) else ""
    for prefix, port in _ENGINE_PORTS:
        if text.lower().startswith(prefix):
            return default(port, f"the default port of {text}", (name,))
    return default(None, "no port, and no engine with a known default port", (name,))
