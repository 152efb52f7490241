"""Property-based fuzzing: generated Terraform, CloudFormation and compose documents, valid and
mutated, never make an exception escape the scan (nor an internal-error diagnostic), and the
same input always gives the same findings.

The example counts are modest so the suite stays fast; raise them for a long run with
``INFRALINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz_properties.py``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infralint.engine import load_rules
from infralint.scan import ScanOptions, scan

RULES = [r for r in load_rules() if r.enabled]  # what `infralint scan` runs by default
SETTINGS = settings(
    max_examples=int(os.environ.get("INFRALINT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- a small vocabulary, so generated documents reach the rules ---------------------------
NAMES = st.sampled_from(["a", "b", "db", "main", "web", "x-1", "sg", "role"])
TF_TYPES = st.sampled_from(
    [
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_security_group",
        "aws_security_group_rule",
        "aws_iam_policy",
        "aws_iam_role_policy_attachment",
        "aws_dynamodb_table",
        "aws_s3_bucket",
        "something_else",
    ]
)
TF_ATTRS = st.sampled_from(
    [
        "publicly_accessible",
        "backup_retention_period",
        "skip_final_snapshot",
        "password",
        "cidr_blocks",
        "from_port",
        "to_port",
        "protocol",
        "policy",
        "policy_arn",
        "count",
        "for_each",
        "engine",
        "tags",
    ]
)
STRINGS = st.sampled_from(
    [
        "0.0.0.0/0",
        "::/0",
        "*",
        "s3:*",
        "tcp",
        "-1",
        "postgres",
        "Tr0ub4dor&3xyz",
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "AKIAIOSFODNN7EXAMPLE",
        "${var.x}",
        "%{ if true }a%{ endif }",
        "",
    ]
) | st.text(max_size=12)


def hcl_expr(depth: int = 2) -> st.SearchStrategy[str]:
    leaf = st.one_of(
        st.integers(-5, 70000).map(str),
        st.booleans().map(lambda b: "true" if b else "false"),
        STRINGS.map(json.dumps),
        st.sampled_from(
            [
                "null",
                "var.x",
                "local.y",
                "var.x[0]",
                "aws_security_group.sg.id",
                "count.index",
                "each.value",
                "data.aws_iam_policy_document.p.json",
                "module.m.out",
                'provider::aws::arn_parse("x")',
            ]
        ),
    )
    if depth == 0:
        return leaf
    inner = hcl_expr(depth - 1)
    return st.one_of(
        leaf,
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(NAMES, inner), max_size=3).map(
            lambda kv: "{" + ", ".join(f'"{k}" = {v}' for k, v in kv) + "}"
        ),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} ? {t[1]} : {t[2]}"),
        st.tuples(st.sampled_from(["+", "*", "==", "&&", "/", "%"]), inner, inner).map(
            lambda t: f"{t[1]} {t[0]} {t[2]}"
        ),
        st.tuples(
            st.sampled_from(
                ["jsonencode", "merge", "lookup", "try", "format", "length", "tolist", "range"]
            ),
            st.lists(inner, max_size=3),
        ).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        inner.map(lambda e: f"[for v in {e} : v]"),
        inner.map(lambda e: f'"prefix-${{{e}}}"'),
    )


@st.composite
def terraform(draw) -> str:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["resource", "data", "variable", "locals", "module"]))
        attrs = "".join(
            f"  {draw(TF_ATTRS)} = {draw(hcl_expr())}\n" for _ in range(draw(st.integers(0, 5)))
        )
        nested = ""
        if draw(st.booleans()):
            nested = f"  ingress {{\n    cidr_blocks = {draw(hcl_expr(1))}\n  }}\n"
        if kind in ("resource", "data"):
            out.append(f'{kind} "{draw(TF_TYPES)}" "{draw(NAMES)}" {{\n{attrs}{nested}}}\n')
        elif kind == "variable":
            out.append(f'variable "{draw(NAMES)}" {{\n  default = {draw(hcl_expr())}\n}}\n')
        elif kind == "locals":
            out.append(f"locals {{\n  y = {draw(hcl_expr())}\n{attrs}}}\n")
        else:
            out.append(f'module "m" {{\n  source = {draw(hcl_expr(0))}\n{attrs}}}\n')
    return "".join(out)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70000) | STRINGS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Ref",
                    "Fn::If",
                    "Fn::Sub",
                    "Fn::GetAtt",
                    "Fn::Join",
                    "Fn::Select",
                    "Fn::FindInMap",
                    "Condition",
                    "Key",
                    "Value",
                    "Effect",
                    "Action",
                    "Principal",
                ]
            )
            | NAMES,
            inner,
            max_size=3,
        )
    ),
    max_leaves=12,
)
CFN_TYPES = st.sampled_from(
    [
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBCluster",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::DynamoDB::Table",
        "AWS::S3::Bucket",
        "Custom::Thing",
    ]
)
CFN_PROPS = st.sampled_from(
    [
        "PubliclyAccessible",
        "BackupRetentionPeriod",
        "MasterUserPassword",
        "SecurityGroupIngress",
        "CidrIp",
        "FromPort",
        "ToPort",
        "IpProtocol",
        "PolicyDocument",
        "ManagedPolicyArns",
        "Statement",
    ]
)


@st.composite
def cloudformation(draw) -> dict:
    resources = {}
    for _ in range(draw(st.integers(0, 4))):
        body: dict = {"Type": draw(CFN_TYPES | JSONISH)}
        if draw(st.booleans()):
            body["Properties"] = draw(st.dictionaries(CFN_PROPS, JSONISH, max_size=4))
        if draw(st.booleans()):
            body[draw(st.sampled_from(["Condition", "DeletionPolicy", "DependsOn"]))] = draw(
                JSONISH
            )
        resources[draw(NAMES | st.just("Fn::ForEach::X"))] = body
    template: dict = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}
    for section in ("Parameters", "Conditions", "Mappings", "Transform"):
        if draw(st.booleans()):
            template[section] = draw(JSONISH)
    return template


@st.composite
def compose(draw) -> dict:
    services = {}
    for _ in range(draw(st.integers(0, 3))):
        service = {
            "image": draw(st.sampled_from(["postgres:16", "redis", "mysql", "nginx"]) | JSONISH),
        }
        for key in ("ports", "volumes", "environment", "network_mode", "depends_on"):
            if draw(st.booleans()):
                service[key] = draw(
                    JSONISH
                    | st.lists(
                        st.sampled_from(["5432:5432", "127.0.0.1:6379:6379", "data:/data", "8000"]),
                        max_size=3,
                    )
                )
        services[draw(NAMES)] = service
    return {"services": draw(st.just(services) | JSONISH), "volumes": draw(JSONISH)}


@st.composite
def mutated(draw, text: st.SearchStrategy[str]) -> str:
    """A document, then maybe cut, with bytes deleted, inserted or lines duplicated."""
    out = draw(text)
    for _ in range(draw(st.integers(0, 3))):
        if not out:
            break
        at = draw(st.integers(0, len(out)))
        action = draw(st.sampled_from(["cut", "delete", "insert", "duplicate"]))
        if action == "cut":
            out = out[:at]
        elif action == "delete":
            out = out[:at] + out[at + draw(st.integers(1, 8)) :]
        elif action == "insert":
            junk = draw(st.sampled_from(['"', "{", "}", "[", "${", "\n", "&a", "*a", ":", "\t"]))
            out = out[:at] + junk + out[at:]
        else:
            lines = out.splitlines(keepends=True)
            line = draw(st.integers(0, max(len(lines) - 1, 0)))
            out = "".join(lines[: line + 1] + lines[line:])
    return out


def scan_files(files: dict[str, str]):
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            Path(tmp, name).write_text(text, encoding="utf-8")
        first = scan(ScanOptions(paths=[tmp]), RULES)
        second = scan(ScanOptions(paths=[tmp]), RULES)
    internal = [d for d in first.diagnostics if d.internal]
    assert not internal, internal

    def key(result):
        return [(f.rule_id, f.path, f.span, f.resource, f.message) for f in result.findings]

    assert key(first) == key(second)
    assert [d.message for d in first.diagnostics] == [d.message for d in second.diagnostics]
    return first


def _yaml(doc: dict) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@SETTINGS
@given(mutated(terraform()), terraform())
def test_terraform(main, other):
    scan_files({"main.tf": main, "other.tf": other})


@SETTINGS
@given(
    mutated(cloudformation().map(_yaml)),
    mutated(cloudformation().map(lambda d: json.dumps(d, indent=1))),
)
def test_cloudformation(as_yaml, as_json):
    scan_files({"template.yaml": as_yaml, "template.json": as_json})


@SETTINGS
@given(mutated(compose().map(_yaml)), st.text(max_size=40))
def test_compose(document, env):
    scan_files({"docker-compose.yml": document, ".env": env})


# -- the evaluator: function calls with large and nested arguments (issue 19) --------------
from infralint.graph.hcl_functions import FUNCTIONS, LAZY  # noqa: E402
from infralint.limits import Limits  # noqa: E402

LARGE_ATOMS = st.sampled_from(
    [
        "1e300",
        "-1e308",
        "1" + "0" * 400,
        "0",
        "-1",
        "1e9",
        "true",
        "null",
        '"/^(a+)+$/"',
        '"' + "a" * 200 + '"',
        '"%999999999f"',
        '"${"',
        '""',
        '","',
        '"10.0.0.0/8"',
        "local.self",
        "var.missing",
        "range(1e6)",
        "[for i in range(100000) : i]",
    ]
)
CALLABLE = st.sampled_from(sorted({*FUNCTIONS, *LAZY}))


def _call(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    args = st.lists(children, max_size=4).map(", ".join)
    return st.one_of(
        st.builds(lambda f, a: f"{f}({a})", CALLABLE, args),
        st.builds(lambda a: f"[{a}]", args),
        st.builds(lambda a, b: f'"${{{a}}}${{{b}}}"', children, children),
        st.builds(lambda a, b: f"{{ k = {a}, v = {b} }}", children, children),
        st.builds(lambda a: f"[for x in {a} : [x, x]]", children),
        st.builds(lambda a, b: f"{a} * {b}", children, children),
    )


EXPRESSIONS = st.recursive(LARGE_ATOMS, _call, max_leaves=8)
TIGHT = Limits(list_length=2_000, value_bytes=200_000, eval_steps=200_000, eval_seconds=5)


@st.composite
def doubling_locals(draw) -> str:
    """Locals that build on each other (each may use the one before twice)."""
    lines = [f"  l0 = {draw(EXPRESSIONS)}"]
    for i in range(1, draw(st.integers(1, 6))):
        body = draw(EXPRESSIONS).replace("local.self", f"local.l{i - 1}")
        lines.append(f"  l{i} = {body}")
    return "locals {\n  self = 1\n" + "\n".join(lines) + "\n}\n"


@SETTINGS
@given(doubling_locals())
def test_evaluator_functions_with_large_and_nested_arguments(locals_block):
    import time

    db = 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n'
    text = locals_block + db + "  tags = { a = local.l0 }\n}\n"
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "main.tf").write_text(text, encoding="utf-8")
        started = time.monotonic()
        result = scan(ScanOptions(paths=[tmp], limits=TIGHT), RULES)
        assert time.monotonic() - started < 30
    assert not [d for d in result.diagnostics if d.internal]
    public = [f for f in result.findings if f.category == "public-database"]
    assert [f.rule_id for f in public if f.resource == "aws_db_instance.db"] == ["IL101"]


# -- compose interpolation: variables nested, left open and repeated (issue 19) -------------
INTERPOLATION_PARTS = st.sampled_from(
    ["${A}", "${A:-", "${B-x}", "${C:?needed}", "${D:+set}", "$$", "$E", "}", "x", "${", "$"]
)
INTERPOLATIONS = st.lists(
    st.tuples(INTERPOLATION_PARTS, st.integers(1, 3000)), min_size=1, max_size=6
).map(lambda parts: "".join(part * times for part, times in parts))


@SETTINGS
@given(INTERPOLATIONS, st.text(alphabet="ABCDE=x\n", max_size=30))
def test_compose_interpolation_is_bounded(command, env):
    import time

    db = "  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"
    compose = f"services:\n  web:\n    image: nginx:1.27\n    command: {json.dumps(command)}\n{db}"
    started = time.monotonic()
    result = scan_files({"docker-compose.yml": compose, ".env": env})
    assert time.monotonic() - started < 30
    assert ("docker-compose.yml", "IL101") in {(f.path, f.rule_id) for f in result.findings}


def test_fuzz_for_a_bounded_time():
    """CI's fuzzing run: every property above, with fresh examples, again and again until
    ``INFRALINT_FUZZ_SECONDS`` are spent (the round under way is finished)."""
    import time

    import pytest

    seconds = float(os.environ.get("INFRALINT_FUZZ_SECONDS", "0"))
    if seconds <= 0:
        pytest.skip("set INFRALINT_FUZZ_SECONDS for a time-bounded fuzzing run")
    properties = (
        test_evaluator_functions_with_large_and_nested_arguments,
        test_compose_interpolation_is_bounded,
        test_terraform,
        test_cloudformation,
        test_compose,
    )
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for prop in properties:
            prop()
